/**
 * The seam between fetching, parsing and ingesting feeds. The fetcher (src/feed-reader/fetch/) and the parser
 * (src/feed-reader/parse/) are pure of NestJS and of the database; ingestion (feeds service, worker) and mention
 * scanning use them through these types.
 */

export type FeedFormat = 'RSS' | 'ATOM' | 'RDF' | 'JSON_FEED';

export interface FetchRequest {
  url: string;
  /** Conditional GET validators from the previous successful fetch. */
  etag?: string | null;
  lastModified?: string | null;
}

export interface FetchResult {
  /** 'not-modified' after a 304: no body, nothing to parse. */
  kind: 'ok' | 'not-modified';
  /** The URL after redirects. */
  finalUrl: string;
  httpStatus: number;
  /** The decompressed body, at most the configured limit. */
  body?: Buffer;
  contentType?: string | null;
  etag?: string | null;
  lastModified?: string | null;
  /** Freshness the server asked for, in seconds (Cache-Control max-age, or Expires minus now). */
  maxAgeSeconds?: number | null;
  /** The HTTP Link header(s), joined with ", " (WebSub discovery reads rel="hub" and rel="self" there first). */
  link?: string | null;
}

/** What a feed advertises for WebSub: its hubs and its own topic URL (rel="self"), resolved to absolute URLs. */
export interface WebSubLinks {
  hubs: string[];
  self: string | null;
}

export interface ParsedFeed {
  format: FeedFormat;
  /** The encoding the bytes were decoded from (e.g. "utf-8", "gbk", "windows-1256"). */
  encoding: string;
  title: string | null;
  link: string | null;
  /** Declared language (raw tag as the feed says it), if any. */
  language: string | null;
  /** RSS <ttl> in minutes, if any. */
  ttlMinutes: number | null;
  /** The document's WebSub links (atom:link rel="hub"/"self", JSON Feed's hubs and feed_url). */
  websub?: WebSubLinks;
  items: ParsedItem[];
}

export interface ParsedItem {
  guid: string | null;
  /** Absolute, resolved against xml:base / the feed link. */
  link: string | null;
  title: string | null;
  /** Plain-text or HTML summary as given (to be sanitised by the caller's rules). */
  summary: string | null;
  /** Sanitised, absolute-linked HTML body. */
  contentHtml: string | null;
  /** null when the feed gave no date or an unparseable one: the caller uses the fetch time. */
  publishedAt: Date | null;
  updatedAt: Date | null;
  /** True when a date was present but could not be parsed. */
  dateUnparseable: boolean;
  authors: string[];
  categories: string[];
  imageUrl: string | null;
  /** Enclosures and media elements (media:content, JSON Feed attachments); title when the feed gives one. */
  enclosures: { url: string; type: string | null; length: number | null; title?: string | null }[];
  /** Declared language of the item (raw tag), if any. */
  language: string | null;
  /** <link rel="alternate" hreflang=".." href=".."> (Atom, or atom:link in RSS): other-language versions. */
  alternates: { hreflang: string; href: string }[];
}
