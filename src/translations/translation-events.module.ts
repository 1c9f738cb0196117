import { Module } from '@nestjs/common';
import { RedisPubSub } from './redis-pubsub';
import { TranslationEvents } from './translation-events';

/**
 * The translation desk's events, on their own so that any domain (articles, feed ingestion in the worker)
 * can import them without importing the desk itself. Needs the global RedisModule and the database.
 */
@Module({
  providers: [RedisPubSub, TranslationEvents],
  exports: [RedisPubSub, TranslationEvents],
})
export class TranslationEventsModule {}
