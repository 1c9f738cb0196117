import { Injectable } from '@nestjs/common';
import { AppConfig } from '../config/app-config';
import type { FeedFormat, FetchRequest, FetchResult, ParsedFeed } from './feed.types';
import { fetchFeed, fetchOptionsFromConfig, type FetchOptions } from './fetch/fetch-feed';
import { parseFeed, sniffFormat } from './parse/parse-feed';

/** Where ingestion meets the fetcher and the parser (both pure of NestJS), configured once. */
@Injectable()
export class FeedSource {
  private readonly options: FetchOptions;

  constructor(config: AppConfig) {
    this.options = fetchOptionsFromConfig(config);
  }

  fetch(request: FetchRequest): Promise<FetchResult> {
    return fetchFeed(request, this.options);
  }

  parse(body: Buffer, meta: { contentType: string | null; baseUrl: string | null; fetchedAt: Date }): ParsedFeed {
    return parseFeed(body, meta);
  }

  /** The format the first bytes announce, or null when the body is plainly not a feed (no parse). */
  sniff(body: Buffer, contentType: string | null): FeedFormat | null {
    return sniffFormat(body, contentType);
  }
}
