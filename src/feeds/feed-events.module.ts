import { Module } from '@nestjs/common';
import { FeedEvents } from './feed-events';

/** FeedEvents on its own, so every module of a process (feeds' polls, their listeners) shares one instance. */
@Module({ providers: [FeedEvents], exports: [FeedEvents] })
export class FeedEventsModule {}
