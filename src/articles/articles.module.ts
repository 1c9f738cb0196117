import { Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { SectionsModule } from '../sections';
import { ArticleEntity } from './article.entity';
import { ArticleEvents } from './article-events';
import { ArticleFieldsResolver } from './article-fields.resolver';
import { ArticleRepository } from './article.repository';
import { ArticlesResolver } from './articles.resolver';
import { ArticlesService } from './articles.service';
import { TranslationEntity } from './translation.entity';
import { TranslationRepository } from './translation.repository';

@Module({
  imports: [TypeOrmModule.forFeature([ArticleEntity, TranslationEntity]), SectionsModule],
  providers: [ArticleEvents, ArticleRepository, TranslationRepository, ArticlesService, ArticlesResolver, ArticleFieldsResolver],
  exports: [ArticleEvents, ArticleRepository, TranslationRepository, ArticlesService],
})
export class ArticlesModule {}
