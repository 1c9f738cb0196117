/** The articles domain's public surface: other domains import articles only from here (see ARCHITECTURE.md). */
export { ArticleEvents } from './article-events';
export { ArticleEntity } from './article.entity';
export { ArticleRepository } from './article.repository';
export { ArticlesModule } from './articles.module';
export { ArticlesService, TITLE_MAX, cleanTitle } from './articles.service';
export type { ArticleView } from './articles.service';
export { ArticleModel } from './models/article.model';
export { TranslationModel, TranslationStatusEnum } from './models/translation.model';
export { batchSlugCandidates, slugify, uniqueSlug } from './slug';
export { TranslationEntity } from './translation.entity';
export type { TranslationStatus } from './translation.entity';
export { TranslationRepository } from './translation.repository';
