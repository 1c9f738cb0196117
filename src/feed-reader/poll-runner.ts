import { Injectable, Logger } from '@nestjs/common';
import { randomInt } from 'node:crypto';
import { AppConfig } from '../config/app-config';
import type { FetchResult, ParsedFeed } from './feed.types';
import { FeedSource } from './feed-source';
import { HostBusyError } from './fetch/host-slots';
import { sha256 } from './identity';
import { SourceGoneError, type SourceGoneOutcome } from './source-gone';
import { isFeedProblem, storedMessageOf } from './poll-failure';
import type { StoredMessage } from './polled-source.columns';
import { discoverWebSub } from './websub-links';
import { adaptiveIntervalMs, afterFailure, itemsInLastWeek, nextPollAt } from './schedule';

/** What the runner reads of a claimed source (a section feed, a mention source). */
export interface PolledSource {
  id: string;
  url: string;
  etag: string | null;
  lastModified: string | null;
  lastBodyHash: string | null;
  pollIntervalMinutes: number;
  consecutiveFailures: number;
  /** An editor fixed the interval: it does not adapt. */
  intervalFixed?: boolean;
  /** The source is pushed to us: polling is a daily backup. */
  pushes?: boolean;
}

/** A successful poll, for the owner's recordSuccess. */
export interface PollSuccess {
  fetchedAt: Date;
  nextFetchAt: Date;
  pollIntervalMinutes: number;
  etag: string | null;
  lastModified: string | null;
  bodyHash: string | null;
}

/** A failed poll, for the owner's recordFailure. */
export interface PollFailure {
  fetchedAt: Date;
  failures: number;
  nextFetchAt: Date;
  error: StoredMessage;
  disable: boolean;
}

/** What a domain does with a poll: handle the items of a changed body, and record the outcome. */
export interface PollHandler<R> {
  /** For logs: "feed <id>", "mention source <id>". */
  label: string;
  handleItems(parsed: ParsedFeed, fetchedAt: Date): Promise<R>;
  /**
   * Optional, used instead of parse + handleItems: parses and handles the body itself (in batches, as feeds
   * ingestion does, so memory does not grow with the document); returns the feed's own fields (no items)
   * and each item's date for the schedule.
   */
  handleBody?(body: Buffer, meta: { contentType: string | null; baseUrl: string | null; fetchedAt: Date }): Promise<{ handled: R; feed: ParsedFeed; itemDates: (Date | null)[] }>;
  recordUnchanged(success: PollSuccess): Promise<void>;
  recordChanged(success: PollSuccess, parsed: ParsedFeed, handled: R): Promise<void>;
  /** Optional: after a changed body was recorded, the WebSub hub and topic it advertises (null: none). Must not throw. */
  discovered?(websub: { hub: string; topic: string } | null): Promise<void>;
  recordFailure(failure: PollFailure): Promise<void>;
  /**
   * The host was busy, nothing was fetched: give up the lease without counting a failure, and move the due
   * time to `nextFetchAt` when given (the job's wait for the host ran out).
   */
  releaseUnpolled(nextFetchAt: Date | null): Promise<void>;
}

export type PollRun<R> =
  | { outcome: 'not-modified' | 'unchanged'; nextFetchAt: string }
  | { outcome: 'handled'; nextFetchAt: string; handled: R }
  | { outcome: 'failed'; error: StoredMessage; nextFetchAt: string; disabled: boolean }
  | HostWaitOutcome
  | SourceGoneOutcome;

/** The host was busy: the job waits (delayed until `retryAt`, epoch ms) or, its wait over, the source is due later. */
export type HostWaitOutcome = { outcome: 'host-busy'; retryAt: number } | { outcome: 'rescheduled'; nextFetchAt: string };

/** Between tries for a busy host: the hint of when a slot frees, kept within 0.5-5 s, plus up to 50% jitter. */
export const hostRetryDelayMs = (hintMs: number, jitter: number) => Math.round(Math.min(5_000, Math.max(500, hintMs)) * (1 + 0.5 * jitter));

/**
 * One poll of one claimed source, the life cycle shared by section feeds and mention sources: conditional
 * GET (a 304 costs no parse), no parse when the body is byte-identical to the last one, else parse and hand
 * the items to the domain; then the next due time (adaptive unless fixed, never sooner than the source
 * asks, the maximum interval when it pushes) or, on a failure of the source, exponential back-off,
 * FAILING, and DISABLED after FEED_MAX_FAILURES. Errors of our own infrastructure are rethrown: the job
 * retries. A handler that finds its source deleted mid-poll throws SourceGoneError: the poll ends as 'gone'.
 */
@Injectable()
export class PollRunner {
  private readonly logger = new Logger(PollRunner.name);

  constructor(
    private readonly reader: FeedSource,
    private readonly config: AppConfig,
  ) {}

  /** `hostWaitUntil` (epoch ms): until when the job may keep waiting for a busy host. */
  async run<R>(source: PolledSource, fetchedAt: Date, handler: PollHandler<R>, hostWaitUntil = Number.POSITIVE_INFINITY): Promise<PollRun<R>> {
    const cfg = this.config.feeds;
    const bounds = { minMs: cfg.minIntervalMs, maxMs: cfg.maxIntervalMs };
    const currentInterval = source.pollIntervalMinutes * 60_000;
    let stage: 'fetch' | 'parse' = 'fetch';
    try {
      const result = await this.reader.fetch({ url: source.url, etag: source.etag, lastModified: source.lastModified });
      const hash = result.body ? sha256(result.body) : null;
      if (result.kind === 'not-modified' || (hash !== null && hash === source.lastBodyHash)) {
        const next = nextPollAt({ now: fetchedAt, intervalMs: currentInterval, bounds, maxAgeSeconds: result.maxAgeSeconds, pushes: source.pushes });
        await handler.recordUnchanged({
          fetchedAt,
          nextFetchAt: next.at,
          pollIntervalMinutes: source.pollIntervalMinutes,
          etag: result.etag ?? source.etag,
          lastModified: result.lastModified ?? source.lastModified,
          bodyHash: hash,
        });
        return { outcome: result.kind === 'not-modified' ? 'not-modified' : 'unchanged', nextFetchAt: next.at.toISOString() };
      }
      stage = 'parse';
      const body = result.body ?? Buffer.alloc(0);
      const meta = { contentType: result.contentType ?? null, baseUrl: result.finalUrl, fetchedAt };
      let parsed: ParsedFeed;
      let handled: R;
      let itemDates: (Date | null)[];
      if (handler.handleBody) ({ handled, feed: parsed, itemDates } = await handler.handleBody(body, meta));
      else {
        parsed = this.reader.parse(body, meta);
        handled = await handler.handleItems(parsed, fetchedAt);
        itemDates = parsed.items.map((i) => i.publishedAt ?? i.updatedAt);
      }
      // Only now, after the last batch, are the validators (ETag, body hash) stored: a crash mid-document refetches it in full.
      const success = this.changedSuccess(source, parsed, itemDates, result, hash, fetchedAt);
      await handler.recordChanged(success, parsed, handled);
      if (handler.discovered) await handler.discovered(discoverWebSub(result.link, parsed.websub, result.finalUrl));
      return { outcome: 'handled', nextFetchAt: success.nextFetchAt.toISOString(), handled };
    } catch (error) {
      if (error instanceof HostBusyError) return this.hostBusy(error, handler, hostWaitUntil);
      if (error instanceof SourceGoneError) {
        // Deleted meanwhile: its row (and lease) went with it; there is nothing to record.
        this.logger.log(`${handler.label} was deleted during its poll: the rest of the poll is discarded`);
        return { outcome: 'gone' };
      }
      if (!isFeedProblem(error)) throw error; // PostgreSQL down, a bug: the job retries with back-off.
      return this.failed(source, fetchedAt, error, stage, handler);
    }
  }

  private async hostBusy<R>(error: HostBusyError, handler: PollHandler<R>, hostWaitUntil: number): Promise<HostWaitOutcome> {
    const retryAt = Date.now() + hostRetryDelayMs(error.retryAfterMs, randomInt(1000) / 1000);
    if (retryAt <= hostWaitUntil) {
      await handler.releaseUnpolled(null);
      return { outcome: 'host-busy', retryAt };
    }
    const nextFetchAt = new Date(Date.now() + this.config.fetch.hostWaitMs);
    await handler.releaseUnpolled(nextFetchAt);
    return { outcome: 'rescheduled', nextFetchAt: nextFetchAt.toISOString() };
  }

  private changedSuccess(source: PolledSource, parsed: ParsedFeed, itemDates: (Date | null)[], result: FetchResult, hash: string | null, fetchedAt: Date): PollSuccess {
    const cfg = this.config.feeds;
    const bounds = { minMs: cfg.minIntervalMs, maxMs: cfg.maxIntervalMs };
    const base = source.intervalFixed
      ? source.pollIntervalMinutes * 60_000
      : adaptiveIntervalMs(itemsInLastWeek(itemDates, fetchedAt), bounds);
    const next = nextPollAt({ now: fetchedAt, intervalMs: base, bounds, ttlMinutes: parsed.ttlMinutes, maxAgeSeconds: result.maxAgeSeconds, pushes: source.pushes });
    return {
      fetchedAt,
      nextFetchAt: next.at,
      pollIntervalMinutes: source.intervalFixed ? source.pollIntervalMinutes : Math.max(1, Math.round(base / 60_000)),
      etag: result.etag ?? null,
      lastModified: result.lastModified ?? null,
      bodyHash: hash,
    };
  }

  private async failed<R>(source: PolledSource, fetchedAt: Date, error: unknown, stage: string, handler: PollHandler<R>): Promise<PollRun<R>> {
    const cfg = this.config.feeds;
    const failures = source.consecutiveFailures + 1;
    const message = storedMessageOf(error);
    const plan = afterFailure({
      now: fetchedAt,
      failures,
      maxFailures: cfg.maxFailures,
      policy: { baseMs: cfg.backoffBaseMs, capMs: cfg.backoffCapMs },
      retryAfterSeconds: (error as { retryAfterSeconds?: number | null }).retryAfterSeconds ?? null,
      jitter: randomInt(1000) / 1000,
    });
    this.logger.warn(`${handler.label} ${stage} failed (${failures} in a row): ${message.key} ${JSON.stringify(message.params ?? {})}`);
    await handler.recordFailure({ fetchedAt, failures, nextFetchAt: plan.at, error: message, disable: plan.disabled });
    return { outcome: 'failed', error: message, nextFetchAt: plan.at.toISOString(), disabled: plan.disabled };
  }
}
