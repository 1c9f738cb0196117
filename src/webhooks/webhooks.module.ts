import { BullModule } from '@nestjs/bullmq';
import { Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { ArticlesModule } from '../articles';
import { FeedEventsModule } from '../feeds';
import { TranslationEventsModule } from '../translations';
import { RedisService } from '../redis/redis.service';
import { DeliverySender } from './delivery-sender';
import { WEBHOOKS_QUEUE } from './jobs/webhook-jobs';
import { WebhooksProcessor } from './jobs/webhooks.processor';
import { SubjectReader } from './subject-reader';
import { WebhookDeliveryEntity } from './webhook-delivery.entity';
import { WebhookDispatcher } from './webhook-dispatcher';
import { WebhookSources } from './webhook-sources';
import { WebhookEntity } from './webhook.entity';
import { WebhookRepository } from './webhook.repository';
import { WebhooksResolver } from './webhooks.resolver';
import { WebhooksService } from './webhooks.service';

/** What both processes have: the tables, the fan-out from the other domains' events, and WebhookDispatcher. */
const SHARED = [WebhookRepository, SubjectReader, WebhookDispatcher, WebhookSources];
const ENTITIES = [WebhookEntity, WebhookDeliveryEntity];
/** The modules whose events webhooks listen to (each one instance per process, shared with the domain that announces). */
const SOURCES = [ArticlesModule, TranslationEventsModule, FeedEventsModule];

/**
 * Webhooks in the API process: the GraphQL operations, and deliveries queued for events that happen here.
 * Its queue uses a fail-fast Redis connection (a delivery that cannot be queued is logged, and swept later).
 */
@Module({
  imports: [
    TypeOrmModule.forFeature(ENTITIES),
    ...SOURCES,
    BullModule.registerQueueAsync({
      name: WEBHOOKS_QUEUE,
      inject: [RedisService],
      useFactory: (redis: RedisService) => ({ connection: redis.create('api'), prefix: redis.prefix }),
    }),
  ],
  providers: [...SHARED, WebhooksService, WebhooksResolver],
  exports: [WebhookDispatcher, WebhooksService],
})
export class WebhooksModule {}

/** Webhooks in the worker: deliveries queued for events that happen here, and the processor that delivers them (needs QueuesModule). */
@Module({
  imports: [TypeOrmModule.forFeature(ENTITIES), ...SOURCES, BullModule.registerQueue({ name: WEBHOOKS_QUEUE })],
  providers: [...SHARED, DeliverySender, WebhooksProcessor],
  exports: [WebhookDispatcher],
})
export class WebhooksWorkerModule {}
