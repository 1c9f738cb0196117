import { ApiKeyEntity } from '../auth/api-key.entity';
import { ArticleEntity } from '../articles/article.entity';
import { TranslationEntity } from '../articles/translation.entity';
import { SectionEntity } from '../sections/section.entity';

/** Every TypeORM entity of newsdesk. */
export const ENTITIES = [SectionEntity, ArticleEntity, TranslationEntity, ApiKeyEntity];
