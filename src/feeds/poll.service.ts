import { Injectable } from '@nestjs/common';
import { AppConfig } from '../config/app-config';
import { httpUrl } from '../common/text';
import { type HostWaitOutcome, PollRunner } from '../feed-reader/poll-runner';
import type { SourceGoneOutcome } from '../feed-reader/source-gone';
import { StoredMessage } from './feed.entity';
import { FeedEvents } from './feed-events';
import { FeedRepository } from './feed.repository';
import { IngestReport, IngestService } from './ingest.service';
import { WebSubSubscriber } from './websub/websub-subscriber.service';

export type PollOutcome =
  | { outcome: 'skipped'; reason: 'busy-or-not-pollable' }
  | { outcome: 'not-modified' | 'unchanged'; nextFetchAt: string }
  | { outcome: 'ingested'; nextFetchAt: string; report: IngestReport }
  | { outcome: 'failed'; error: StoredMessage; nextFetchAt: string; disabled: boolean }
  | HostWaitOutcome
  | SourceGoneOutcome;

const PUSH_RECENT_MS = 7 * 24 * 3_600_000;

/**
 * One poll of one section feed: claimed (leased) in PostgreSQL, then the feed-reader's poll life cycle with
 * ingestion as its item handler; a feed whose section pushed within a week, or with an active WebSub
 * subscription, is polled as a backup at the longest interval. A hub the feed advertises is subscribed to.
 */
@Injectable()
export class PollService {
  constructor(
    private readonly feeds: FeedRepository,
    private readonly runner: PollRunner,
    private readonly ingest: IngestService,
    private readonly config: AppConfig,
    private readonly events: FeedEvents,
    private readonly websub: WebSubSubscriber,
  ) {}

  /** `hostWaitUntil` (epoch ms): until when the job may keep waiting for a busy host (see PollRunner). */
  async poll(feedId: string, jobId: string, manual: boolean, hostWaitUntil?: number): Promise<PollOutcome> {
    const fetchedAt = new Date();
    const feed = await this.feeds.claimForPoll(feedId, jobId, this.config.feeds.leaseSeconds, manual, new Date(fetchedAt.getTime() - PUSH_RECENT_MS));
    if (!feed) return { outcome: 'skipped', reason: 'busy-or-not-pollable' };
    const target = { sectionId: feed.sectionId, sectionDefaultLocale: feed.sectionDefaultLocale, feedId: feed.id, feedLocale: feed.locale, guidsUnstable: feed.guidsUnstable };
    const run = await this.runner.run({ ...feed, pushes: feed.sectionPushes }, fetchedAt, {
      label: `feed ${feed.id}`,
      handleItems: (parsed) => this.ingest.ingest(target, parsed, fetchedAt),
      // Parsed as it is written, a batch at a time (bounded memory); the runner stores validators afterwards.
      handleBody: async (body, meta) => {
        const { report, feed: head, itemDates } = await this.ingest.ingestDocument(target, body, meta);
        return { handled: report, feed: head, itemDates };
      },
      recordUnchanged: (s) =>
        this.feeds.recordSuccess(feed.id, jobId, { ...s, format: null, locale: null, title: null, htmlUrl: null, guidsUnstable: false, recount: false }),
      recordChanged: (s, parsed, report) =>
        this.feeds.recordSuccess(feed.id, jobId, {
          ...s,
          format: parsed.format,
          locale: report.locale,
          title: parsed.title,
          htmlUrl: parsed.link ? httpUrl(parsed.link) : null,
          guidsUnstable: report.guidsUnstable,
          recount: true,
        }),
      recordFailure: async (f) => {
        const status = await this.feeds.recordFailure(feed.id, jobId, f);
        // Listeners (webhooks) hear of the change from ACTIVE only, not of every failure after it.
        if (feed.status === 'ACTIVE' && (status === 'FAILING' || status === 'DISABLED')) {
          await this.events.failing({ feedId: feed.id, url: feed.url, status, lastError: f.error, failedAt: f.fetchedAt });
        }
      },
      discovered: (found) => this.websub.discovered(feed.id, found),
      releaseUnpolled: (at) => this.feeds.releaseUnpolled(feed.id, jobId, at),
    }, hostWaitUntil);
    if (run.outcome === 'handled') return { outcome: 'ingested', nextFetchAt: run.nextFetchAt, report: run.handled };
    return run;
  }
}
