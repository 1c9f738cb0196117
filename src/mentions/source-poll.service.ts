import { Injectable } from '@nestjs/common';
import { AppConfig } from '../config/app-config';
import type { ParsedFeed } from '../feed-reader/feed.types';
import { type HostWaitOutcome, PollRunner } from '../feed-reader/poll-runner';
import type { SourceGoneOutcome } from '../feed-reader/source-gone';
import { MentionSourceRepository } from './mention-source.repository';
import { MentionScanner, plainTextOf, type ScanItem } from './mention-scanner.service';

export type SourcePollOutcome =
  | { outcome: 'skipped' }
  | { outcome: 'not-modified' | 'unchanged'; nextFetchAt: string }
  | { outcome: 'scanned'; items: number; mentions: number; newMentions: number; nextFetchAt: string }
  | { outcome: 'failed'; error: { key: string; params?: Record<string, unknown> }; nextFetchAt: string; disabled: boolean }
  | HostWaitOutcome
  | SourceGoneOutcome;

/** The items of a source worth scanning: a mention needs a URL to point editors to. */
export function scanItemsOf(parsed: ParsedFeed, source: { id: string; name: string }): ScanItem[] {
  const items: ScanItem[] = [];
  for (const item of parsed.items) {
    if (!item.link) continue;
    items.push({
      url: item.link,
      title: item.title ? plainTextOf(item.title) : null,
      text: plainTextOf(item.contentHtml) || plainTextOf(item.summary),
      html: item.contentHtml ?? item.summary ?? '',
      publishedAt: item.publishedAt ?? item.updatedAt,
      language: item.language ?? parsed.language,
      sourceName: source.name,
      sourceId: source.id,
    });
  }
  return items;
}

/**
 * One poll of one mention source: claimed (leased) in PostgreSQL, then the feed-reader's poll life cycle
 * (the section feeds' fetcher, guard, limits, parser and schedule) with the scanner as its item handler.
 * Every item is scanned against every watch; recording is idempotent (one mention per watch and canonical URL).
 */
@Injectable()
export class SourcePollService {
  constructor(
    private readonly sources: MentionSourceRepository,
    private readonly runner: PollRunner,
    private readonly scanner: MentionScanner,
    private readonly config: AppConfig,
  ) {}

  /** `hostWaitUntil` (epoch ms): until when the job may keep waiting for a busy host (see PollRunner). */
  async poll(sourceId: string, jobId: string, manual = false, hostWaitUntil?: number): Promise<SourcePollOutcome> {
    const source = await this.sources.claimForPoll(sourceId, jobId, this.config.feeds.leaseSeconds, manual);
    if (!source) return { outcome: 'skipped' };
    const run = await this.runner.run(source, new Date(), {
      label: `mention source ${source.id}`,
      handleItems: async (parsed) => {
        const items = scanItemsOf(parsed, source);
        return { items: items.length, recorded: await this.scanner.scanAndRecord(items) };
      },
      recordUnchanged: (s) => this.sources.recordSuccess(source.id, jobId, { ...s, itemCount: null }),
      recordChanged: (s, parsed) => this.sources.recordSuccess(source.id, jobId, { ...s, itemCount: parsed.items.length }),
      recordFailure: (f) => this.sources.recordFailure(source.id, jobId, f),
      releaseUnpolled: (at) => this.sources.releaseUnpolled(source.id, jobId, at),
    }, hostWaitUntil);
    if (run.outcome !== 'handled') return run;
    const { items, recorded } = run.handled;
    return {
      outcome: 'scanned',
      items,
      mentions: recorded.length,
      newMentions: recorded.filter((r) => r.created).length,
      nextFetchAt: run.nextFetchAt,
    };
  }
}
