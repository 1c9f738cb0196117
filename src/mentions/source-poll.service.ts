import { Injectable, Logger } from '@nestjs/common';
import { randomInt } from 'node:crypto';
import { AppConfig } from '../config/app-config';
import { FeedSource } from '../feed-reader/feed-source';
import { sha256 } from '../feed-reader/identity';
import { isFeedProblem, storedMessageOf } from '../feed-reader/poll-failure';
import { adaptiveIntervalMs, afterFailure, itemsInLastWeek, nextPollAt } from '../feed-reader/schedule';
import { MentionSourceRepository } from './mention-source.repository';
import { MentionScanner, plainTextOf, type ScanItem } from './mention-scanner.service';

export type SourcePollOutcome =
  | { outcome: 'skipped' }
  | { outcome: 'not-modified' | 'unchanged'; nextFetchAt: string }
  | { outcome: 'scanned'; items: number; mentions: number; newMentions: number; nextFetchAt: string }
  | { outcome: 'failed'; error: { key: string; params?: Record<string, unknown> }; nextFetchAt: string; disabled: boolean };

/**
 * One poll of one mention source, with the section feeds' fetcher, guard, limits, parser and schedule:
 * conditional GET, no parse of an unchanged body, adaptive interval within FEED_MIN/MAX_INTERVAL, and on
 * failure exponential back-off, FAILING, then DISABLED after FEED_MAX_FAILURES. Every item is scanned
 * against every watch; recording is idempotent (one mention per watch and canonical URL).
 */
@Injectable()
export class SourcePollService {
  private readonly logger = new Logger(SourcePollService.name);

  constructor(
    private readonly sources: MentionSourceRepository,
    private readonly feed: FeedSource,
    private readonly scanner: MentionScanner,
    private readonly config: AppConfig,
  ) {}

  async poll(sourceId: string, jobId: string, manual = false): Promise<SourcePollOutcome> {
    const cfg = this.config.feeds;
    const source = await this.sources.claimForPoll(sourceId, jobId, cfg.leaseSeconds, manual);
    if (!source) return { outcome: 'skipped' };
    const fetchedAt = new Date();
    const bounds = { minMs: cfg.minIntervalMs, maxMs: cfg.maxIntervalMs };
    const current = source.pollIntervalMinutes * 60_000;
    try {
      const result = await this.feed.fetch({ url: source.url, etag: source.etag, lastModified: source.lastModified });
      const hash = result.body ? sha256(result.body) : null;
      if (result.kind === 'not-modified' || (hash !== null && hash === source.lastBodyHash)) {
        const next = nextPollAt({ now: fetchedAt, intervalMs: current, bounds, maxAgeSeconds: result.maxAgeSeconds });
        await this.sources.recordSuccess(source.id, jobId, {
          fetchedAt,
          nextFetchAt: next.at,
          pollIntervalMinutes: source.pollIntervalMinutes,
          etag: result.etag ?? source.etag,
          lastModified: result.lastModified ?? source.lastModified,
          bodyHash: hash,
          itemCount: null,
        });
        return { outcome: result.kind === 'not-modified' ? 'not-modified' : 'unchanged', nextFetchAt: next.at.toISOString() };
      }
      const parsed = this.feed.parse(result.body ?? Buffer.alloc(0), { contentType: result.contentType ?? null, baseUrl: result.finalUrl, fetchedAt });
      const items: ScanItem[] = [];
      for (const item of parsed.items) {
        if (!item.link) continue; // a mention needs a URL to point editors to
        const html = item.contentHtml ?? item.summary ?? '';
        const text = plainTextOf(item.contentHtml) || plainTextOf(item.summary);
        items.push({
          url: item.link,
          title: item.title ? plainTextOf(item.title) : null,
          text,
          html,
          publishedAt: item.publishedAt ?? item.updatedAt,
          language: item.language ?? parsed.language,
          sourceName: source.name,
          sourceId: source.id,
        });
      }
      const recorded = await this.scanner.scanAndRecord(items);
      const base = adaptiveIntervalMs(itemsInLastWeek(parsed.items.map((i) => i.publishedAt ?? i.updatedAt), fetchedAt), bounds);
      const next = nextPollAt({ now: fetchedAt, intervalMs: base, bounds, ttlMinutes: parsed.ttlMinutes, maxAgeSeconds: result.maxAgeSeconds });
      await this.sources.recordSuccess(source.id, jobId, {
        fetchedAt,
        nextFetchAt: next.at,
        pollIntervalMinutes: Math.max(1, Math.round(base / 60_000)),
        etag: result.etag ?? null,
        lastModified: result.lastModified ?? null,
        bodyHash: hash,
        itemCount: parsed.items.length,
      });
      return {
        outcome: 'scanned',
        items: items.length,
        mentions: recorded.length,
        newMentions: recorded.filter((r) => r.created).length,
        nextFetchAt: next.at.toISOString(),
      };
    } catch (error) {
      if (!isFeedProblem(error)) throw error; // our own infrastructure: the job retries with back-off
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
      this.logger.warn(`mention source ${source.id} failed (${failures} in a row): ${message.key}`);
      await this.sources.recordFailure(source.id, jobId, { fetchedAt, failures, nextFetchAt: plan.at, error: message, disable: plan.disabled });
      return { outcome: 'failed', error: message, nextFetchAt: plan.at.toISOString(), disabled: plan.disabled };
    }
  }
}
