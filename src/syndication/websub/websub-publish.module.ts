import { BullModule } from '@nestjs/bullmq';
import { Module } from '@nestjs/common';
import { ArticlesModule } from '../../articles';
import { RedisService } from '../../redis/redis.service';
import { SectionsModule } from '../../sections';
import { WEBSUB_PUBLISH_QUEUE } from './websub-ping';
import { WebSubPingProcessor } from './websub-ping.processor';
import { WebSubPublisher } from './websub-publisher';

/** WebSub publish pings, queued where articles are published (API and worker). */
@Module({
  imports: [
    ArticlesModule,
    SectionsModule,
    BullModule.registerQueueAsync({
      name: WEBSUB_PUBLISH_QUEUE,
      inject: [RedisService],
      useFactory: (redis: RedisService) => ({ connection: redis.create('api'), prefix: redis.prefix }),
    }),
  ],
  providers: [WebSubPublisher],
})
export class WebSubPublishModule {}

/** The worker's part: the pings queued above, and sending them. */
@Module({
  imports: [WebSubPublishModule],
  providers: [WebSubPingProcessor],
})
export class WebSubPublishWorkerModule {}
