import { InjectQueue } from '@nestjs/bullmq';
import { Injectable } from '@nestjs/common';
import type { Queue } from 'bullmq';
import { withRequestId } from '../../common/request-id';
import { DomainError, notFound } from '../../common/errors';
import { isUuid } from '../../common/text';
import { AppConfig } from '../../config/app-config';
import { FeedSource } from '../../feed-reader/feed-source';
import { sha256 } from '../../feed-reader/identity';
import { FeedRepository } from '../feed.repository';
import { FEEDS_QUEUE, FeedJobs, INGEST_JOB_OPTIONS, pushJobId } from '../jobs/feed-jobs';
import { enqueueOrFail } from '../queue-errors';
import type { RawBody } from '../push/raw-body';
import { PushedDocumentRepository } from '../push/pushed-document.repository';
import { SecretBox } from '../push/secret-box';
import { hubSignatureValid } from './hub-signature';
import { AFTER_DENIAL_MS, renewalAt } from './websub-plan';
import { WEBSUB_SECRET_PURPOSE } from './websub-subscriber.service';
import { WebSubSubscriptionRepository } from './websub-subscription.repository';

/** The query a hub sends to the callback (hub.mode, hub.topic, hub.challenge, hub.lease_seconds, hub.reason). */
export type HubQuery = Record<string, unknown>;

const str = (v: unknown): string | null => (typeof v === 'string' && v.length > 0 ? v : null);
const rest = (code: DomainError['code'], httpStatus: number, key: string, params: Record<string, unknown> = {}) =>
  new DomainError(code, key, params, { httpStatus });
const unknownCallback = () => notFound('ingest:websub.unknownSubscription');

/**
 * The API's half of WebSub subscriptions, at /websub/:feedId: the hub's verification of intent (the
 * challenge is echoed only for the topic and mode of a subscription we asked for), a denial, and content
 * distribution, accepted only with a valid X-Hub-Signature and then queued like a signed push (parsed by
 * the worker, never on the request path).
 */
@Injectable()
export class WebSubCallbackService {
  private readonly box: SecretBox;

  constructor(
    private readonly subscriptions: WebSubSubscriptionRepository,
    private readonly feeds: FeedRepository,
    private readonly pushes: PushedDocumentRepository,
    private readonly source: FeedSource,
    private readonly config: AppConfig,
    @InjectQueue(FEEDS_QUEUE) private readonly queue: Queue,
  ) {
    this.box = new SecretBox(config.secretKey, WEBSUB_SECRET_PURPOSE);
  }

  /** GET: the challenge to echo, or '' to acknowledge a denial; 404 for anything we did not ask for. */
  async verify(feedId: string, query: HubQuery): Promise<string> {
    const mode = str(query['hub.mode']);
    const topic = str(query['hub.topic']);
    if (!isUuid(feedId) || !topic) throw unknownCallback();
    if (mode === 'subscribe') {
      const challenge = str(query['hub.challenge']);
      const lease = Number(query['hub.lease_seconds'] ?? this.config.websub.leaseSeconds);
      if (!challenge || !Number.isInteger(lease) || lease < 1 || lease > 2 ** 31 - 1) throw unknownCallback();
      if (!(await this.subscriptions.verified(feedId, topic, lease, renewalAt(new Date(), lease)))) throw unknownCallback();
      return challenge;
    }
    if (mode === 'denied') {
      if (!(await this.subscriptions.denied(feedId, topic, str(query['hub.reason']), new Date(Date.now() + AFTER_DENIAL_MS)))) throw unknownCallback();
      await this.feeds.pollSoon(feedId); // no content will come from the hub: the feed is polled as usual again
      return '';
    }
    // newsdesk never asks to unsubscribe (a subscription it no longer wants simply lapses).
    throw unknownCallback();
  }

  /**
   * POST: content the hub distributes for the feed. A missing or wrong signature, an unknown, paused or
   * disabled feed and a feed without a live subscription get the same 401, and nothing is stored.
   */
  async receive(feedId: string, raw: RawBody | undefined, signature: string | string[] | undefined, contentType: string | null): Promise<{ jobId: string }> {
    if (!raw || raw.tooLarge || !raw.body) {
      if (raw?.tooLarge) throw rest('BAD_USER_INPUT', 413, 'ingest:push.tooLarge', { max: this.config.push.maxBytes });
      throw rest('BAD_USER_INPUT', 400, 'ingest:push.noBody');
    }
    const sub = isUuid(feedId) ? await this.subscriptions.find(feedId) : null;
    const secret = sub && (sub.state === 'ACTIVE' || sub.state === 'REQUESTED') ? this.box.open(sub.sealedSecret) : null;
    // A paused or disabled feed takes nothing in, pushed or polled.
    const feed = secret ? await this.feeds.findById(feedId) : null;
    const open = feed?.status === 'ACTIVE' || feed?.status === 'FAILING';
    if (!(await hubSignatureValid(signature, raw.body, secret)) || !feed || !open) {
      throw rest('UNAUTHENTICATED', 401, 'ingest:websub.signatureRefused', { header: 'X-Hub-Signature' });
    }
    if (!this.source.sniff(raw.body, contentType)) throw rest('BAD_USER_INPUT', 415, 'ingest:push.notAFeed');
    const jobId = pushJobId(feed.id, raw.sha256 ?? sha256(raw.body));
    const inserted = await this.pushes.store(jobId, feed.sectionId, raw.body, contentType, feed.id);
    const data: FeedJobs['push'] = { pushId: jobId };
    try {
      await enqueueOrFail(() => this.queue.add('push', withRequestId(data), { ...INGEST_JOB_OPTIONS, jobId }));
    } catch (error) {
      if (inserted) await this.pushes.forget(jobId);
      throw error;
    }
    return { jobId };
  }
}
