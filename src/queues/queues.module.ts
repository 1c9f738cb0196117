import { BullModule } from '@nestjs/bullmq';
import { Global, Module } from '@nestjs/common';
import { RedisService } from '../redis/redis.service';

/**
 * BullMQ's shared connection settings: every queue and worker of newsdesk lives under REDIS_PREFIX.
 * Domains register their own queues with BullModule.registerQueue({ name }) in their module.
 */
@Global()
@Module({
  imports: [
    BullModule.forRootAsync({
      inject: [RedisService],
      useFactory: (redis: RedisService) => ({
        prefix: redis.prefix,
        // A fresh blocking-style connection per queue/worker: BullMQ workers need maxRetriesPerRequest null.
        connection: redis.create('blocking'),
      }),
    }),
  ],
  exports: [BullModule],
})
export class QueuesModule {}
