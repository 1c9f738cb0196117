import { Injectable } from '@nestjs/common';
import type { FeedStatus, StoredMessage } from './feed.entity';

/** A feed whose polls started failing: it was ACTIVE and is now FAILING (or DISABLED at once). */
export interface FeedFailingEvent {
  feedId: string;
  url: string;
  status: FeedStatus;
  /** The failure, as stored (translate it with the Translator). */
  lastError: StoredMessage;
  /** When the failed poll fetched: with the feed, it names the occurrence. */
  failedAt: Date;
}

/** Whoever wants to hear that feeds started failing (webhooks). Must not throw: the poll's outcome is recorded. */
export interface FeedListener {
  feedFailing(event: FeedFailingEvent): Promise<void>;
}

/**
 * What feeds announce to other domains, in the process where it happened (a poll runs once, in one worker),
 * so feeds name no listener and their listeners depend on feeds, never the other way.
 */
@Injectable()
export class FeedEvents {
  private readonly listeners: FeedListener[] = [];

  listen(listener: FeedListener): void {
    this.listeners.push(listener);
  }

  async failing(event: FeedFailingEvent): Promise<void> {
    for (const listener of this.listeners) await listener.feedFailing(event);
  }
}
