import { Module } from '@nestjs/common';
import { ArticlesModule } from '../articles/articles.module';
import { SectionsModule } from '../sections/sections.module';
import { SearchRepository } from './search.repository';
import { SearchResolver } from './search.resolver';
import { SearchService } from './search.service';

@Module({
  imports: [ArticlesModule, SectionsModule],
  providers: [SearchRepository, SearchService, SearchResolver],
})
export class SearchModule {}
