import { BullModule } from '@nestjs/bullmq';
import { Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { SectionsModule } from '../sections';
import { ArticlesModule } from '../articles';
import { FeedEntity } from './feed.entity';
import { FeedEventsModule } from './feed-events.module';
import { FeedRepository } from './feed.repository';
import { FeedSource } from '../feed-reader/feed-source';
import { PollRunner } from '../feed-reader/poll-runner';
import { IngestRepository } from './ingest.repository';
import { IngestService } from './ingest.service';
import { ItemLocaleService } from './item-locale.service';
import { FEEDS_QUEUE } from './jobs/feed-jobs';
import { FeedsProcessor } from './jobs/feeds.processor';
import { PollService } from './poll.service';
import { PushSecretEntity } from './push/push-secret.entity';
import { PushIngestService } from './push/push-ingest.service';
import { PushedDocumentRepository } from './push/pushed-document.repository';
import { WebSubSubscriber } from './websub/websub-subscriber.service';
import { WebSubSubscriptionRepository } from './websub/websub-subscription.repository';

/** Feeds in the worker process: the dispatcher, polls, pushed documents and WebSub subscription requests (needs QueuesModule). */
@Module({
  imports: [
    TypeOrmModule.forFeature([FeedEntity, PushSecretEntity]),
    SectionsModule,
    ArticlesModule,
    FeedEventsModule,
    BullModule.registerQueue({ name: FEEDS_QUEUE }),
  ],
  providers: [
    FeedRepository,
    IngestRepository,
    PushedDocumentRepository,
    WebSubSubscriptionRepository,
    FeedSource,
    PollRunner,
    ItemLocaleService,
    IngestService,
    PollService,
    PushIngestService,
    WebSubSubscriber,
    FeedsProcessor,
  ],
  exports: [IngestService, PollService, PushIngestService, FeedsProcessor],
})
export class FeedsWorkerModule {}
