import { Global, Module } from '@nestjs/common';
import { RedisPubSub } from './redis-pubsub';
import { ReadCache } from './read-cache';
import { RedisService } from './redis.service';
import { ReplicaReads } from './replica-reads';

/** The Redis connection and the one publish/subscribe of the process, for every domain. */
@Global()
@Module({ providers: [RedisService, RedisPubSub, ReadCache, ReplicaReads], exports: [RedisService, RedisPubSub, ReadCache, ReplicaReads] })
export class RedisModule {}
