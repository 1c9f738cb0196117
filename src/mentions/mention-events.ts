import { Injectable } from '@nestjs/common';
import { RedisPubSub } from '../redis/redis-pubsub';

/** What `mentionFound` subscribers hear: the mention to load, and its watch for filtering. */
export interface MentionFoundEvent {
  mentionId: string;
  watchId: string;
}

export const MENTION_FOUND_CHANNEL = 'mention-found';

/**
 * Announces new mentions over Redis pub/sub (the process's RedisPubSub), so that a subscriber
 * on any API process hears mentions found by the worker or by another API process.
 */
@Injectable()
export class MentionEvents {
  constructor(private readonly pubsub: RedisPubSub) {}

  async found(event: MentionFoundEvent): Promise<void> {
    await this.pubsub.publish(MENTION_FOUND_CHANNEL, event);
  }

  subscribe(watchId: string | null) {
    return this.pubsub.iterate<MentionFoundEvent>(MENTION_FOUND_CHANNEL, (e) => !watchId || e.watchId === watchId);
  }
}
