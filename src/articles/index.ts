/** The articles domain's public surface: other domains import articles only from here (see ARCHITECTURE.md). */
export { ArticleBatches } from './article-batches';
export type { BatchArticle, BatchText, UpsertedArticle } from './article-batches';
export { ArticleEvents, PUBLISHED_CHANNEL } from './article-events';
export type { ArticlePublishedEvent, ArticlesChange, Publication } from './article-events';
export { ArticleEntity } from './article.entity';
export { ArticleRepository } from './article.repository';
export { ArticlesModule } from './articles.module';
export type { ArticleView } from './articles.service';
export { ArticleModel } from './models/article.model';
export { TranslationModel, TranslationStatusEnum } from './models/translation.model';
export { slugify } from './slug';
export { TranslationEntity } from './translation.entity';
export type { TranslationStatus } from './translation.entity';
export { TranslationRepository } from './translation.repository';
export { translationModel } from './translation-model';
export { TranslationWriter } from './translation-writer';
export type { TextFields } from './translation-writer';
export { cleanTitle, TITLE_MAX } from './title';
