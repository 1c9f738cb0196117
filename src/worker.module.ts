import { Module } from '@nestjs/common';
import { ArticlesModule } from './articles/articles.module';
import { ConfigModule } from './config/config.module';
import { DatabaseModule } from './database/database.module';
import { FeedsWorkerModule } from './feeds/feeds-worker.module';
import { I18nModule } from './i18n/i18n.module';
import { MentionsWorkerModule } from './mentions/mentions.module';
import { LoggingModule } from './logging/logger.module';
import { WorkerObservabilityModule } from './metrics/worker-observability.module';
import { QueuesModule } from './queues/queues.module';
import { RedisModule } from './redis/redis.module';
import { SectionsModule } from './sections/sections.module';
import { WebSubPublishWorkerModule } from './syndication';
import { TranslationsWorkerModule } from './translations/translations-worker.module';
import { WebhooksWorkerModule } from './webhooks/webhooks.module';

/** The worker process: BullMQ processors and schedulers, no HTTP. */
@Module({
  imports: [ConfigModule, LoggingModule.forProcess('worker'), I18nModule, DatabaseModule.forRoot(), RedisModule, QueuesModule, SectionsModule, ArticlesModule, FeedsWorkerModule, TranslationsWorkerModule, MentionsWorkerModule, WebhooksWorkerModule, WebSubPublishWorkerModule, WorkerObservabilityModule],
})
export class WorkerModule {}
