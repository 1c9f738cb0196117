import { BullModule } from '@nestjs/bullmq';
import { Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { RedisService } from '../redis/redis.service';
import { ArticlesModule } from '../articles';
import { SectionsModule } from '../sections';
import { FeedEntity } from './feed.entity';
import { FeedRepository } from './feed.repository';
import { FeedSource } from '../feed-reader/feed-source';
import { FeedsResolver, SectionFeedsResolver } from './feeds.resolver';
import { FeedsService } from './feeds.service';
import { OpmlResolver } from './opml.resolver';
import { OpmlService } from './opml.service';
import { IngestRepository } from './ingest.repository';
import { FEEDS_QUEUE } from './jobs/feed-jobs';
import { PushController } from './push/push.controller';
import { PushSecretEntity } from './push/push-secret.entity';
import { PushSecretRepository } from './push/push-secret.repository';
import { PushedDocumentRepository } from './push/pushed-document.repository';
import { PushService } from './push/push.service';
import { WebSubCallbackService } from './websub/websub-callback.service';
import { WebSubController } from './websub/websub.controller';
import { WebSubSubscriptionRepository } from './websub/websub-subscription.repository';

/**
 * Feeds in the API process: registering and managing feeds, push secrets, POST /ingest/:section, and the
 * WebSub callbacks (GET/POST /websub/:feedId).
 * Its queue uses a fail-fast Redis connection, so an enqueue while Redis is down fails at once with a
 * translated error and reads are unaffected.
 */
@Module({
  imports: [
    TypeOrmModule.forFeature([FeedEntity, PushSecretEntity]),
    ArticlesModule,
    SectionsModule,
    BullModule.registerQueueAsync({
      name: FEEDS_QUEUE,
      inject: [RedisService],
      useFactory: (redis: RedisService) => ({ connection: redis.create('api'), prefix: redis.prefix }),
    }),
  ],
  controllers: [PushController, WebSubController],
  providers: [
    FeedRepository,
    IngestRepository,
    PushSecretRepository,
    PushedDocumentRepository,
    WebSubSubscriptionRepository,
    FeedSource,
    FeedsService,
    PushService,
    WebSubCallbackService,
    FeedsResolver,
    SectionFeedsResolver,
    OpmlService,
    OpmlResolver,
  ],
  exports: [FeedsService, PushService],
})
export class FeedsModule {}
