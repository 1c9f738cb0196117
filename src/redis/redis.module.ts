import { Global, Module } from '@nestjs/common';
import { RedisPubSub } from './redis-pubsub';
import { RedisService } from './redis.service';

/** The Redis connection and the one publish/subscribe of the process, for every domain. */
@Global()
@Module({ providers: [RedisService, RedisPubSub], exports: [RedisService, RedisPubSub] })
export class RedisModule {}
