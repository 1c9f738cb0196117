import type { ParsedFeed, ParsedItem } from '../feed.types';
import { parseFeedDate } from './dates';
import { type Context, dates, plain, resolveUrl, textToHtml, unique } from './feed-helpers';
import { FeedParseError } from './feed-parse-error';
import { detectFormat } from './format';
import { type Draft, finish } from './lazy-item';
import { webSubLinksOf } from '../websub-links';

/** JSON Feed 1.0/1.1. */

type Json = Record<string, unknown>;
const str = (v: unknown): string | null => (typeof v === 'string' && v.trim() ? v : typeof v === 'number' ? String(v) : null);
const obj = (v: unknown): Json | null => (typeof v === 'object' && v !== null && !Array.isArray(v) ? (v as Json) : null);

export function parseJsonFeed(text: string, encoding: string, ctx: Context): ParsedFeed {
  let doc: unknown;
  try {
    doc = JSON.parse(text);
  } catch (err) {
    throw new FeedParseError('MALFORMED', { reason: (err as Error).message.slice(0, 120) });
  }
  const root = obj(doc);
  if (!root || detectFormat(root) !== 'JSON_FEED') throw new FeedParseError('NOT_A_FEED', { found: 'JSON' });
  const feedLink = resolveUrl(str(root.home_page_url), ctx.baseUrl);
  const feedAuthors = [...(Array.isArray(root.authors) ? (root.authors as unknown[]) : []), root.author].map((a) => str(obj(a)?.name));
  const items = (Array.isArray(root.items) ? root.items : []).map(obj).filter((i): i is Json => i !== null);
  return {
    format: 'JSON_FEED',
    encoding,
    title: plain(str(root.title)),
    link: feedLink,
    language: str(root.language),
    ttlMinutes: null,
    websub: jsonWebSub(root, ctx),
    items: items.map((item) => finish(jsonItem(item, feedLink, feedAuthors, ctx), ctx)),
  };
}

/** `hubs` of type WebSub (or its former name) and `feed_url`, for WebSub discovery. */
function jsonWebSub(root: Json, ctx: Context) {
  const hubs = (Array.isArray(root.hubs) ? root.hubs : []).map(obj).filter((h) => /^(websub|pubsubhubbub)$/i.test(str(h?.type) ?? ''));
  const links = [
    ...hubs.flatMap((h) => (str(h?.url) ? [{ href: str(h?.url)!, rels: ['hub'] }] : [])),
    ...(str(root.feed_url) ? [{ href: str(root.feed_url)!, rels: ['self'] }] : []),
  ];
  return webSubLinksOf(links, ctx.baseUrl);
}

function jsonItem(item: Json, feedLink: string | null, feedAuthors: (string | null)[], ctx: Context): Draft {
  const link = resolveUrl(str(item.url), feedLink, ctx.baseUrl) ?? resolveUrl(str(item.external_url), feedLink, ctx.baseUrl);
  const html = str(item.content_html);
  const textBody = str(item.content_text);
  const rawHtml = html ?? (textBody ? textToHtml(textBody) : null);
  const bases = [link, feedLink, ctx.baseUrl];
  const attachments = (Array.isArray(item.attachments) ? item.attachments : []).map(obj).filter((a): a is Json => a !== null);
  const enclosures = attachments
    .map((a) => ({
      url: resolveUrl(str(a.url), ...bases),
      type: str(a.mime_type),
      length: typeof a.size_in_bytes === 'number' && a.size_in_bytes >= 0 ? Math.floor(a.size_in_bytes) : null,
      ...(str(a.title) ? { title: plain(str(a.title)) } : {}),
    }))
    .filter((a): a is ParsedItem['enclosures'][number] => a.url !== null);
  const authors = unique(
    [...(Array.isArray(item.authors) ? (item.authors as unknown[]) : []), item.author].map((a) => str(obj(a)?.name)),
  );
  return {
    guid: str(item.id),
    link,
    title: plain(str(item.title)),
    summary: str(item.summary),
    rawHtml,
    htmlBase: link ?? feedLink ?? ctx.baseUrl,
    ...dates(parseFeedDate(str(item.date_published)), parseFeedDate(str(item.date_modified)), ctx),
    authors: authors.length ? authors : unique(feedAuthors),
    categories: unique((Array.isArray(item.tags) ? item.tags : []).map((t) => plain(str(t)))),
    imageUrl: resolveUrl(str(item.image), ...bases) ?? resolveUrl(str(item.banner_image), ...bases),
    enclosures,
    language: str(item.language),
    alternates: [],
  };
}
