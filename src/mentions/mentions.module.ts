import { BullModule } from '@nestjs/bullmq';
import { Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { ArticlesModule } from '../articles';
import { FeedSource } from '../feed-reader/feed-source';
import { PollRunner } from '../feed-reader/poll-runner';
import { SectionsModule } from '../sections';
import { WebhooksModule, WebhooksWorkerModule } from '../webhooks';
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
const core = [WatchRepository, MentionSourceRepository, MentionRepository, MentionEvents, MentionScanner];

/** Mentions in the API process: watches, sources, reported mentions, the list and the subscription. */
@Module({
  imports: [...data, WebhooksModule],
  providers: [...core, MentionsService, WatchesService, MentionLoaderFactory, MentionsResolver, WatchFieldsResolver, MentionSourceFieldsResolver],
  exports: [MentionScanner],
})
export class MentionsModule {}

/** Mentions in the worker process: the dispatcher and source polls (needs QueuesModule). */
@Module({
  imports: [...data, WebhooksWorkerModule, BullModule.registerQueue({ name: MENTIONS_QUEUE })],
  providers: [...core, FeedSource, PollRunner, SourcePollService, MentionsProcessor],
  exports: [MentionScanner, SourcePollService, MentionsProcessor],
})
export class MentionsWorkerModule {}
