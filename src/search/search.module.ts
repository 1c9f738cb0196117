import { Module } from '@nestjs/common';
import { ArticlesModule } from '../articles';
import { SectionsModule } from '../sections';
import { SearchRepository } from './search.repository';
import { SearchResolver } from './search.resolver';
import { SearchService } from './search.service';

@Module({
  imports: [ArticlesModule, SectionsModule],
  providers: [SearchRepository, SearchService, SearchResolver],
})
export class SearchModule {}
