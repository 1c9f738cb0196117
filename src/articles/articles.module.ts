import { Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { SectionsModule } from '../sections/sections.module';
import { TranslationEventsModule } from '../translations/translation-events.module';
import { ArticleEntity } from './article.entity';
import { ArticleFieldsResolver } from './article-fields.resolver';
import { ArticleRepository } from './article.repository';
import { ArticlesResolver } from './articles.resolver';
import { ArticlesService } from './articles.service';
import { TranslationEntity } from './translation.entity';
import { TranslationRepository } from './translation.repository';

@Module({
  imports: [TypeOrmModule.forFeature([ArticleEntity, TranslationEntity]), SectionsModule, TranslationEventsModule],
  providers: [ArticleRepository, TranslationRepository, ArticlesService, ArticlesResolver, ArticleFieldsResolver],
  exports: [ArticleRepository, TranslationRepository, ArticlesService],
})
export class ArticlesModule {}
