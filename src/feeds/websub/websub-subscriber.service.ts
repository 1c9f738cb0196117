import { InjectQueue } from '@nestjs/bullmq';
import { Injectable, Logger } from '@nestjs/common';
import type { Queue } from 'bullmq';
import { AppConfig } from '../../config/app-config';
import { Allowlist } from '../../feed-reader/fetch/address-guard';
import { postGuarded } from '../../feed-reader/fetch/guarded-post';
import { isFeedProblem, storedMessageOf } from '../../feed-reader/poll-failure';
import { FeedRepository } from '../feed.repository';
import { FEEDS_QUEUE, FeedJobs, websubJobId } from '../jobs/feed-jobs';
import { generatePushSecret, SecretBox } from '../push/secret-box';
import { onDiscovery, retryAt, VERIFICATION_WAIT_MS } from './websub-plan';
import { WebSubSubscriptionRepository } from './websub-subscription.repository';

export const WEBSUB_SECRET_PURPOSE = 'newsdesk websub secrets v1';
const FORM = { 'content-type': 'application/x-www-form-urlencoded' };

export type SubscribeOutcome =
  | { outcome: 'skipped'; reason: 'off' | 'gone' }
  | { outcome: 'requested'; status: number }
  | { outcome: 'failed'; error: { key: string }; failures: number };

/**
 * The worker's half of WebSub subscriptions: a poll tells what the feed advertises (discovery), the
 * dispatcher queues the requests that are due (new, renewals before the lease ends, retries), and each
 * `websub` job sends one subscription request to the hub, through the same address guard as feed fetches.
 * The hub then verifies our intent at the API's callback (WebSubCallbackService).
 */
@Injectable()
export class WebSubSubscriber {
  private readonly logger = new Logger(WebSubSubscriber.name);
  private readonly box: SecretBox;
  private readonly allowlist: Allowlist;

  constructor(
    private readonly subscriptions: WebSubSubscriptionRepository,
    private readonly feeds: FeedRepository,
    private readonly config: AppConfig,
    @InjectQueue(FEEDS_QUEUE) private readonly queue: Queue,
  ) {
    this.box = new SecretBox(config.secretKey, WEBSUB_SECRET_PURPOSE);
    this.allowlist = new Allowlist(config.fetch.allowlist);
  }

  /** After a poll that read a changed body: subscribe to a newly advertised hub, forget one no longer advertised. Never throws. */
  async discovered(feedId: string, found: { hub: string; topic: string } | null): Promise<void> {
    if (!this.config.websub.subscribe) return;
    try {
      const known = await this.subscriptions.find(feedId);
      const decision = onDiscovery(known, found);
      if (decision === 'subscribe' && found) await this.subscriptions.create(feedId, found.hub, found.topic, this.box.seal(generatePushSecret()));
      if (decision === 'forget') await this.subscriptions.forget(feedId);
    } catch (error) {
      this.logger.warn(`feed ${feedId}: WebSub discovery not recorded: ${(error as Error).message}`);
    }
  }

  /** The dispatcher's part: queues a `websub` job per subscription whose request is due (deterministic ids). */
  async dispatchDue(): Promise<number> {
    if (!this.config.websub.subscribe) return 0;
    const cfg = this.config.feeds;
    const due = await this.subscriptions.claimDue(cfg.dispatchBatch, cfg.leaseSeconds);
    if (!due.length) return 0;
    await this.queue.addBulk(
      due.map((d) => ({
        name: 'websub',
        data: { feedId: d.feedId } satisfies FeedJobs['websub'],
        opts: { attempts: 1, removeOnComplete: { age: 3600, count: 1000 }, removeOnFail: { age: 7 * 86400 }, jobId: websubJobId(d.feedId, d.dueAt) },
      })),
    );
    return due.length;
  }

  /** One subscription request (new or renewal) to the feed's hub. */
  async subscribe(feedId: string): Promise<SubscribeOutcome> {
    if (!this.config.websub.subscribe) return { outcome: 'skipped', reason: 'off' };
    const sub = await this.subscriptions.find(feedId);
    const secret = sub ? this.box.open(sub.sealedSecret) : null;
    if (!sub || !secret) return { outcome: 'skipped', reason: 'gone' };
    if (sub.state === 'ACTIVE' && sub.expiresAt && sub.expiresAt <= new Date()) {
      // The lease ended before a renewal was verified: the feed is polled as usual again until one is.
      await this.subscriptions.lapsed(feedId);
      await this.feeds.pollSoon(feedId);
    }
    const ws = this.config.websub;
    const form = new URLSearchParams({
      'hub.mode': 'subscribe',
      'hub.topic': sub.topicUrl,
      'hub.callback': `${ws.callbackBase}/websub/${feedId}`,
      'hub.secret': secret,
      'hub.lease_seconds': String(ws.leaseSeconds),
    });
    const failures = sub.consecutiveFailures + 1;
    const sentAt = new Date();
    try {
      const answer = await postGuarded(sub.hubUrl, form.toString(), FORM, this.postOptions());
      if (answer.status >= 200 && answer.status < 300) {
        await this.subscriptions.requested(feedId, sentAt, new Date(Date.now() + VERIFICATION_WAIT_MS));
        return { outcome: 'requested', status: answer.status };
      }
      const error = { key: 'ingest:websub.hubRefused', params: { status: answer.status } };
      await this.subscriptions.failed(feedId, error, failures, retryAt(new Date(), failures));
      return { outcome: 'failed', error, failures };
    } catch (error) {
      if (!isFeedProblem(error)) throw error;
      const message = storedMessageOf(error);
      this.logger.warn(`feed ${feedId}: WebSub subscription request failed: ${message.key}`);
      await this.subscriptions.failed(feedId, message, failures, retryAt(new Date(), failures));
      return { outcome: 'failed', error: message, failures };
    }
  }

  private postOptions() {
    return { allowlist: this.allowlist, timeoutMs: this.config.fetch.totalTimeoutMs, userAgent: this.config.fetch.userAgent };
  }
}
