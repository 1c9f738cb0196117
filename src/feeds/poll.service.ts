import { Injectable, Logger } from '@nestjs/common';
import { randomInt } from 'node:crypto';
import { AppConfig } from '../config/app-config';
import { StoredMessage } from './feed.entity';
import { FeedRepository } from './feed.repository';
import { FeedSource } from '../feed-reader/feed-source';
import { sha256 } from '../feed-reader/identity';
import { isFeedProblem, storedMessageOf } from '../feed-reader/poll-failure';
import { IngestReport, IngestService } from './ingest.service';
import { adaptiveIntervalMs, afterFailure, itemsInLastWeek, nextPollAt } from '../feed-reader/schedule';

export type PollOutcome =
  | { outcome: 'skipped'; reason: 'busy-or-not-pollable' }
  | { outcome: 'not-modified' | 'unchanged'; nextFetchAt: string }
  | { outcome: 'ingested'; nextFetchAt: string; report: IngestReport }
  | { outcome: 'failed'; error: StoredMessage; nextFetchAt: string; disabled: boolean };

const PUSH_RECENT_MS = 7 * 24 * 3_600_000;

/**
 * One poll of one feed: conditional GET (a 304 costs no parse), no parse when the body is byte-identical
 * to the last one, else parse and ingest; then the next due time (adaptive, never sooner than the feed
 * asks) or, on failure, exponential back-off, FAILING, and DISABLED after FEED_MAX_FAILURES.
 */
@Injectable()
export class PollService {
  private readonly logger = new Logger(PollService.name);

  constructor(
    private readonly feeds: FeedRepository,
    private readonly source: FeedSource,
    private readonly ingest: IngestService,
    private readonly config: AppConfig,
  ) {}

  async poll(feedId: string, jobId: string, manual: boolean): Promise<PollOutcome> {
    const cfg = this.config.feeds;
    const fetchedAt = new Date();
    const feed = await this.feeds.claimForPoll(feedId, jobId, cfg.leaseSeconds, manual, new Date(fetchedAt.getTime() - PUSH_RECENT_MS));
    if (!feed) return { outcome: 'skipped', reason: 'busy-or-not-pollable' };
    const pushes = feed.sectionPushes;
    const bounds = { minMs: cfg.minIntervalMs, maxMs: cfg.maxIntervalMs };
    const currentInterval = feed.pollIntervalMinutes * 60_000;

    let stage: 'fetch' | 'parse' = 'fetch';
    try {
      const result = await this.source.fetch({ url: feed.url, etag: feed.etag, lastModified: feed.lastModified });
      const hash = result.body ? sha256(result.body) : null;
      if (result.kind === 'not-modified' || (hash !== null && hash === feed.lastBodyHash)) {
        const next = nextPollAt({ now: fetchedAt, intervalMs: currentInterval, bounds, maxAgeSeconds: result.maxAgeSeconds, pushes });
        await this.feeds.recordSuccess(feed.id, jobId, {
          fetchedAt,
          nextFetchAt: next.at,
          pollIntervalMinutes: feed.pollIntervalMinutes,
          etag: result.etag ?? feed.etag,
          lastModified: result.lastModified ?? feed.lastModified,
          bodyHash: hash,
          format: null,
          locale: null,
          title: null,
          guidsUnstable: false,
          recount: false,
        });
        return { outcome: result.kind === 'not-modified' ? 'not-modified' : 'unchanged', nextFetchAt: next.at.toISOString() };
      }
      stage = 'parse';
      const parsed = this.source.parse(result.body ?? Buffer.alloc(0), {
        contentType: result.contentType ?? null,
        baseUrl: result.finalUrl,
        fetchedAt,
      });
      const report = await this.ingest.ingest(
        {
          sectionId: feed.sectionId,
          sectionDefaultLocale: feed.sectionDefaultLocale,
          feedId: feed.id,
          feedLocale: feed.locale,
          guidsUnstable: feed.guidsUnstable,
        },
        parsed,
        fetchedAt,
      );
      const base = feed.intervalFixed
        ? currentInterval
        : adaptiveIntervalMs(itemsInLastWeek(parsed.items.map((i) => i.publishedAt ?? i.updatedAt), fetchedAt), bounds);
      const next = nextPollAt({ now: fetchedAt, intervalMs: base, bounds, ttlMinutes: parsed.ttlMinutes, maxAgeSeconds: result.maxAgeSeconds, pushes });
      await this.feeds.recordSuccess(feed.id, jobId, {
        fetchedAt,
        nextFetchAt: next.at,
        pollIntervalMinutes: feed.intervalFixed ? feed.pollIntervalMinutes : Math.max(1, Math.round(base / 60_000)),
        etag: result.etag ?? null,
        lastModified: result.lastModified ?? null,
        bodyHash: hash,
        format: parsed.format,
        locale: report.locale,
        title: parsed.title,
        guidsUnstable: report.guidsUnstable,
        recount: true,
      });
      return { outcome: 'ingested', nextFetchAt: next.at.toISOString(), report };
    } catch (error) {
      if (!isFeedProblem(error)) throw error; // PostgreSQL down, a bug: the job retries with back-off.
      const failures = feed.consecutiveFailures + 1;
      const message = storedMessageOf(error);
      const retryAfter = (error as { retryAfterSeconds?: number | null }).retryAfterSeconds ?? null;
      const plan = afterFailure({
        now: fetchedAt,
        failures,
        maxFailures: cfg.maxFailures,
        policy: { baseMs: cfg.backoffBaseMs, capMs: cfg.backoffCapMs },
        retryAfterSeconds: retryAfter,
        jitter: randomInt(1000) / 1000,
      });
      this.logger.warn(`feed ${feed.id} ${stage} failed (${failures} in a row): ${message.key} ${JSON.stringify(message.params ?? {})}`);
      await this.feeds.recordFailure(feed.id, jobId, { fetchedAt, failures, nextFetchAt: plan.at, error: message, disable: plan.disabled });
      return { outcome: 'failed', error: message, nextFetchAt: plan.at.toISOString(), disabled: plan.disabled };
    }
  }
}
