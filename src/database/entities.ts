import { ApiKeyEntity } from '../auth/api-key.entity';
import { ArticleEntity } from '../articles/article.entity';
import { TranslationEntity } from '../articles/translation.entity';
import { FeedEntity } from '../feeds/feed.entity';
import { PushSecretEntity } from '../feeds/push/push-secret.entity';
import { MentionEntity } from '../mentions/mention.entity';
import { MentionSourceEntity } from '../mentions/mention-source.entity';
import { WatchEntity } from '../mentions/watch.entity';
import { SectionEntity } from '../sections/section.entity';
import { ArticleRevisionEntity } from '../translations/article-revision.entity';
import { TranslationClaimEntity } from '../translations/translation-claim.entity';
import { TranslationDigestEntity } from '../translations/translation-digest.entity';
import { TranslationDraftEntity } from '../translations/translation-draft.entity';
import { TranslationEventEntity } from '../translations/translation-event.entity';

/** Every TypeORM entity of newsdesk. */
export const ENTITIES = [
  SectionEntity,
  ArticleEntity,
  TranslationEntity,
  ApiKeyEntity,
  TranslationClaimEntity,
  TranslationDraftEntity,
  TranslationEventEntity,
  ArticleRevisionEntity,
  TranslationDigestEntity,
  FeedEntity,
  PushSecretEntity,
  WatchEntity,
  MentionSourceEntity,
  MentionEntity,
];
