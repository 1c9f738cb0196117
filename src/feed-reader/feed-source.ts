import { Injectable, Optional } from '@nestjs/common';
import { AppConfig } from '../config/app-config';
import { RedisService } from '../redis/redis.service';
import type { FeedFormat, FetchRequest, FetchResult, ParsedFeed } from './feed.types';
import { fetchFeed, fetchOptionsFromConfig, type FetchOptions } from './fetch/fetch-feed';
import { RedisHostSlots } from './fetch/host-slots';
import { type FeedBatch, feedBatches, scanFeed } from './parse/feed-batches';
import { parseFeed, sniffFormat } from './parse/parse-feed';

/**
 * Where ingestion meets the fetcher and the parser (both pure of NestJS), configured once. With Redis (the
 * worker), the per-host limit is shared by every worker process and a fetch never waits for a busy host:
 * it throws HostBusyError before sending anything, and the poll's job is delayed instead of holding a slot.
 */
@Injectable()
export class FeedSource {
  private readonly options: FetchOptions;

  constructor(config: AppConfig, @Optional() redis?: RedisService) {
    const options = fetchOptionsFromConfig(config);
    this.options = redis
      ? { ...options, hostSlots: new RedisHostSlots(redis.client, redis.prefix, config.fetch.perHostConcurrency), hostWaitMs: 0 }
      : options;
  }

  fetch(request: FetchRequest): Promise<FetchResult> {
    return fetchFeed(request, this.options);
  }

  parse(body: Buffer, meta: { contentType: string | null; baseUrl: string | null; fetchedAt: Date }): ParsedFeed {
    return parseFeed(body, meta);
  }

  /** The document's items `size` at a time, as they are read (see feedBatches). */
  batches(body: Buffer, meta: { contentType: string | null; baseUrl: string | null; fetchedAt: Date }, size: number): Generator<FeedBatch> {
    return feedBatches(body, meta, size);
  }

  /** One read-through of a document: are its guids stable, and does it parse at all (throws like parse). */
  scan(body: Buffer, meta: { contentType: string | null; baseUrl: string | null; fetchedAt: Date }, size: number, knownUnstable: boolean) {
    return scanFeed(body, meta, size, knownUnstable);
  }

  /** The format the first bytes announce, or null when the body is plainly not a feed (no parse). */
  sniff(body: Buffer, contentType: string | null): FeedFormat | null {
    return sniffFormat(body, contentType);
  }
}
