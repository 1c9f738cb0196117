import type { ParsedFeed } from '../feed.types';
import { parseAtom } from './atom';
import { decodeFeedBytes } from './encoding';
import type { Context } from './feed-helpers';
import { FeedParseError } from './feed-parse-error';
import { detectFormat } from './format';
import { parseJsonFeed } from './json-feed';
import { parseRss } from './rss';
import { parseXml } from './xml-reader';

export { detectFormat, sniffFormat } from './format';

export interface ParseFeedOptions {
  /** The HTTP Content-Type the body came with (its charset decides the encoding before the XML declaration). */
  contentType?: string | null;
  /** Where the feed was fetched from: the last base for relative links. */
  baseUrl?: string | null;
  /** When the body was fetched: a date more than a day after it is not trusted (null + dateUnparseable). */
  fetchedAt?: Date;
  /** Largest body accepted (default 10 MB). */
  maxBytes?: number;
  /** Deepest element nesting accepted (default 256). */
  maxDepth?: number;
  /**
   * 'lazy' (default): each item's contentHtml is sanitised on first read and then cached, so code that never
   * reads a body (unchanged items, benchmarks) does not pay for sanitising. 'eager': sanitised here.
   */
  sanitize?: 'lazy' | 'eager';
}

const DEFAULT_MAX_BYTES = 10 * 1024 * 1024;
const DEFAULT_MAX_DEPTH = 256;

/** What parseFeed and feedBatches both start from: the size check, the decoded text, its first non-blank character, the context. */
export function openFeed(body: Buffer, options: ParseFeedOptions) {
  const maxBytes = options.maxBytes ?? DEFAULT_MAX_BYTES;
  if (body.length > maxBytes) throw new FeedParseError('TOO_LARGE', { max: maxBytes });
  const { text, encoding } = decodeFeedBytes(body, options.contentType);
  const start = text.search(/\S/);
  if (start < 0) throw new FeedParseError('EMPTY');
  const ctx: Context = {
    baseUrl: options.baseUrl ?? null,
    notAfter: options.fetchedAt ? options.fetchedAt.getTime() + 86_400_000 : null,
    eager: options.sanitize === 'eager',
  };
  return { text, encoding, first: text[start], ctx, maxDepth: options.maxDepth ?? DEFAULT_MAX_DEPTH };
}

/** Parses RSS 0.9x/2.0, RSS 1.0 (RDF), Atom 0.3/1.0 and JSON Feed 1.0/1.1 into newsdesk's ParsedFeed. */
export function parseFeed(body: Buffer, options: ParseFeedOptions = {}): ParsedFeed {
  const { text, encoding, first, ctx, maxDepth } = openFeed(body, options);
  if (first === '{' || first === '[') return parseJsonFeed(text, encoding, ctx);
  if (first !== '<') throw new FeedParseError('NOT_A_FEED', { found: 'text' });
  const root = parseXml(text, { maxDepth }, ctx.baseUrl);
  const format = detectFormat(root);
  if (!format) throw new FeedParseError('NOT_A_FEED', { found: `<${root.local}>` });
  switch (format) {
    case 'ATOM':
      return parseAtom(root, encoding, ctx);
    case 'RDF':
    case 'RSS':
      return parseRss(root, format, encoding, ctx);
    case 'JSON_FEED':
      throw new FeedParseError('NOT_A_FEED', { found: `<${root.local}>` });
  }
}
