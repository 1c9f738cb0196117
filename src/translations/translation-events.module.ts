import { Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { ArticlesModule } from '../articles';
import { ArticleRevisionEntity } from './article-revision.entity';
import { TranslationClaimEntity } from './translation-claim.entity';
import { TranslationDigestEntity } from './translation-digest.entity';
import { TranslationDraftEntity } from './translation-draft.entity';
import { TranslationEventEntity } from './translation-event.entity';
import { TranslationEvents } from './translation-events';

/**
 * The translation desk's events, on their own so that the API and the worker both have them without the
 * whole desk: they listen to ArticleEvents (new articles, changed originals, also from ingestion). Needs the global RedisModule (its pub/sub) and the database.
 */
@Module({
  // The desk's own tables, registered here because every process that has the desk imports this module.
  imports: [
    TypeOrmModule.forFeature([TranslationClaimEntity, TranslationDraftEntity, TranslationEventEntity, ArticleRevisionEntity, TranslationDigestEntity]),
    ArticlesModule,
  ],
  providers: [TranslationEvents],
  exports: [TranslationEvents],
})
export class TranslationEventsModule {}
