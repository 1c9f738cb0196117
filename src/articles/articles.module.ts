import { Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { SectionsModule } from '../sections';
import { ArticleEntity } from './article.entity';
import { ArticleBatches } from './article-batches';
import { ArticleEvents } from './article-events';
import { ArticleFieldsResolver } from './article-fields.resolver';
import { ArticleRepository } from './article.repository';
import { ArticlesResolver } from './articles.resolver';
import { ArticlesService } from './articles.service';
import { TranslationEntity } from './translation.entity';
import { TranslationRepository } from './translation.repository';
import { TranslationWriter } from './translation-writer';

@Module({
  imports: [TypeOrmModule.forFeature([ArticleEntity, TranslationEntity]), SectionsModule],
  providers: [ArticleBatches, ArticleEvents, ArticleRepository, TranslationRepository, TranslationWriter, ArticlesService, ArticlesResolver, ArticleFieldsResolver],
  exports: [ArticleBatches, ArticleEvents, ArticleRepository, TranslationRepository, TranslationWriter],
})
export class ArticlesModule {}
