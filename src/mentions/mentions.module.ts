import { BullModule } from '@nestjs/bullmq';
import { Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { ArticlesModule } from '../articles';
import { FeedSource } from '../feed-reader/feed-source';
import { PollRunner } from '../feed-reader/poll-runner';
import { MailModule } from '../mail/mail.module';
import { RedisService } from '../redis/redis.service';
import { SectionsModule } from '../sections';
import { WebhooksModule, WebhooksWorkerModule } from '../webhooks';
import { MENTION_ALERTS_QUEUE } from './alerts/alert-jobs';
import { MentionAlertQueue } from './alerts/alert-queue';
import { MentionAlertSender } from './alerts/alert-sender.service';
import { WatchAlertsFieldsResolver, WatchAlertsResolver } from './alerts/alerts.resolver';
import { MentionAlertsProcessor, MentionDigestScheduler } from './alerts/alerts.processor';
import { MentionAlertsService } from './alerts/mention-alerts.service';
import { WatchAlertsRepository } from './alerts/watch-alerts.repository';
import { WatchFeedController } from './alerts/watch-feed.controller';
import { MENTIONS_QUEUE } from './jobs/mention-jobs';
import { MentionsProcessor } from './jobs/mentions.processor';
import { MentionEntity } from './mention.entity';
import { MentionEvents } from './mention-events';
import { MentionLoaderFactory } from './mention.loaders';
import { WatchRepository } from './watch.repository';
import { MentionSourceRepository } from './mention-source.repository';
import { MentionRepository } from './mention.repository';
import { MentionScanner } from './mention-scanner.service';
import { MentionSourceEntity } from './mention-source.entity';
import { MentionsResolver, MentionSourceFieldsResolver, WatchFieldsResolver } from './mentions.resolver';
import { MentionsService } from './mentions.service';
import { WatchesService } from './watches.service';
import { SourcePollService } from './source-poll.service';
import { WatchEntity } from './watch.entity';

const data = [TypeOrmModule.forFeature([WatchEntity, MentionSourceEntity, MentionEntity]), SectionsModule, ArticlesModule];
const core = [WatchRepository, MentionSourceRepository, MentionRepository, MentionEvents, MentionScanner, WatchAlertsRepository, MentionAlertQueue];

/**
 * Mentions in the API process: watches, sources, reported mentions, the list and the subscription, states and
 * alerts, and GET /watches/:id/mentions.atom. Its alerts queue uses a fail-fast Redis connection, as the feeds'.
 */
@Module({
  imports: [
    ...data,
    WebhooksModule,
    BullModule.registerQueueAsync({
      name: MENTION_ALERTS_QUEUE,
      inject: [RedisService],
      useFactory: (redis: RedisService) => ({ connection: redis.create('api'), prefix: redis.prefix }),
    }),
  ],
  controllers: [WatchFeedController],
  providers: [...core, MentionsService, WatchesService, MentionLoaderFactory, MentionsResolver, WatchFieldsResolver, MentionSourceFieldsResolver, MentionAlertsService, WatchAlertsResolver, WatchAlertsFieldsResolver],
  exports: [MentionScanner],
})
export class MentionsModule {}

/** Mentions in the worker process: the dispatcher and source polls, and the alerts (needs QueuesModule). */
@Module({
  imports: [...data, WebhooksWorkerModule, BullModule.registerQueue({ name: MENTIONS_QUEUE }, { name: MENTION_ALERTS_QUEUE }), MailModule],
  providers: [...core, FeedSource, PollRunner, SourcePollService, MentionsProcessor, MentionAlertSender, MentionAlertsProcessor, MentionDigestScheduler],
  exports: [MentionScanner, SourcePollService, MentionsProcessor],
})
export class MentionsWorkerModule {}
