import { Injectable } from '@nestjs/common';
import { RedisPubSub } from '../redis/redis-pubsub';
import { WebhookDispatcher } from '../webhooks';

/** What `mentionFound` subscribers hear: the mention to load, and its watch for filtering. */
export interface MentionFoundEvent {
  mentionId: string;
  watchId: string;
}

export const MENTION_FOUND_CHANNEL = 'mention-found';

/** A new mention as webhooks describe it (MENTION_FOUND's data). */
export interface FoundMention {
  id: string;
  url: string;
  watchId: string;
  matchedTerms: string[];
}

/**
 * Announces new mentions over Redis pub/sub (the process's RedisPubSub), so that a subscriber
 * on any API process hears mentions found by the worker or by another API process, and to the webhooks
 * subscribed to MENTION_FOUND (queued here, where the mention was found: once, whoever listens).
 */
@Injectable()
export class MentionEvents {
  constructor(
    private readonly pubsub: RedisPubSub,
    private readonly webhooks: WebhookDispatcher,
  ) {}

  /** Webhooks first: they never throw, and a Redis that is away must not cost them the notice. */
  async found(mention: FoundMention): Promise<void> {
    await this.webhooks.announce('MENTION_FOUND', [{ key: mention.id, data: { ...mention } }]);
    await this.pubsub.publish(MENTION_FOUND_CHANNEL, { mentionId: mention.id, watchId: mention.watchId } satisfies MentionFoundEvent);
  }

  subscribe(watchId: string | null) {
    return this.pubsub.iterate<MentionFoundEvent>(MENTION_FOUND_CHANNEL, (e) => !watchId || e.watchId === watchId);
  }
}
