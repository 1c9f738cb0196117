import { TITLE_MAX } from '../articles';
import { htmlToText } from '../common/html';
import { cleanText } from '../common/text';
import type { ParsedFeed, ParsedItem } from '../feed-reader/feed.types';
import { canonicalLink, itemIdentities, sha256 } from '../feed-reader/identity';

/** An item ready to be written: identity decided, text cleaned, HTML sanitised, language known. */
export interface NormalisedItem {
  identity: string;
  locale: string;
  title: string;
  summary: string | null;
  bodyHtml: string | null;
  /** Canonical link (tracking parameters removed). */
  url: string | null;
  publishedAt: Date;
  authors: string[];
  tags: string[];
  imageUrl: string | null;
  /** Canonical links of the other-language versions this item declares. */
  alternates: string[];
  /** Enclosures and media elements, at most MEDIA_MAX. */
  media: ItemMedia[];
  /** The feed gave no readable date: publishedAt is the fetch time. */
  publishedAtEstimated: boolean;
  /** Changes when anything a reader sees changes. */
  contentHash: string;
}

export interface ItemMedia {
  url: string;
  mimeType: string | null;
  /** Bytes, when the feed says and it fits a GraphQL Int. */
  length: number | null;
  title: string | null;
}

const MEDIA_MAX = 20;
const INT_MAX = 2_147_483_647;

/** An item's enclosures as stored: http(s) links only, each once, lengths that a client can read. */
export function mediaOf(item: ParsedItem): ItemMedia[] {
  const out: ItemMedia[] = [];
  for (const e of item.enclosures) {
    if (out.length >= MEDIA_MAX) break;
    // The parser resolved every enclosure to an absolute http(s) URL already.
    if (!/^https?:\/\//i.test(e.url) || e.url.length > 2000 || out.some((m) => m.url === e.url)) continue;
    out.push({
      url: e.url,
      mimeType: e.type ? cleanText(e.type).slice(0, 200) || null : null,
      length: e.length !== null && e.length <= INT_MAX ? e.length : null,
      title: e.title ? cleanText(plainText(e.title)).slice(0, 500) || null : null,
    });
  }
  return out;
}

export type SkipReason = 'noTitle' | 'duplicateInFeed';

export interface NormaliseResult {
  items: NormalisedItem[];
  skipped: Partial<Record<SkipReason, number>>;
  guidsUnstable: boolean;
}

export interface NormaliseContext {
  fetchedAt: Date;
  /** The feed already repeated guids before. */
  guidsUnstable: boolean;
  /** The item's locale code (the parser module's itemLocale). */
  localeOf: (item: ParsedItem, text: () => string) => string;
}

const SUMMARY_MAX = 2000;

/** Text that may carry markup or entities: plain, without paying for an HTML parse when there is none. */
function plainText(value: string): string {
  return /[<&]/.test(value) ? htmlToText(value) : value.replace(/\s+/g, ' ').trim();
}
const DERIVED_TITLE_MAX = 120;

/** A title from text: the first sentence, or the first words, at most 120 characters. */
export function titleFromText(text: string): string | null {
  const cleaned = cleanText(text.replace(/\s+/g, ' '));
  if (!cleaned) return null;
  const sentence = /^(.{8,}?[.!?。！？؟])(\s|$)/u.exec(cleaned)?.[1] ?? cleaned;
  const chars = [...sentence];
  if (chars.length <= DERIVED_TITLE_MAX) return sentence;
  const cut = chars.slice(0, DERIVED_TITLE_MAX - 1).join('');
  const atWord = cut.replace(/\s+\S*$/u, '');
  return `${atWord.length >= DERIVED_TITLE_MAX / 2 ? atWord : cut}…`;
}

function truncate(text: string, max: number): string {
  const chars = [...text];
  return chars.length <= max ? text : `${chars.slice(0, max - 1).join('')}…`;
}

const uniqueClean = (values: readonly string[]) => [...new Set(values.map((v) => cleanText(v)).filter(Boolean))];

/**
 * Turns a parsed feed into rows: titles as the articles domain wants them (cleanTitle's rule) (NFC, trimmed, at most 500; an item
 * without a title gets one from its summary or body, or is skipped and counted), summaries as plain text,
 * bodies through the same sanitiser as every other write, identities per identity.ts, and duplicates
 * within the document collapsed (the first occurrence wins: feeds list newest first).
 */
export function normaliseFeed(feed: ParsedFeed, ctx: NormaliseContext): NormaliseResult {
  const skipped: Partial<Record<SkipReason, number>> = {};
  const skip = (reason: SkipReason) => (skipped[reason] = (skipped[reason] ?? 0) + 1);

  const prepared = feed.items.map((item) => {
    const link = canonicalLink(item.link);
    // The parser hands over bodies already sanitised with sanitizeBodyHtml (the rules of every write) and
    // made absolute (feed.types.ts); sanitising again would only double the hot path's cost.
    const bodyHtml = item.contentHtml || null;
    const summaryText = item.summary ? plainText(item.summary) : '';
    let bodyText: string | undefined;
    const textOfBody = () => (bodyText ??= bodyHtml ? htmlToText(bodyHtml) : '');
    const rawTitle = item.title ? cleanText(plainText(item.title)) : '';
    const title = rawTitle ? truncate(rawTitle, TITLE_MAX) : titleFromText(summaryText || textOfBody());
    return { item, link, bodyHtml, summaryText, textOfBody, title };
  });

  const { identities, guidsUnstable } = itemIdentities(
    prepared.map((p) => ({ guid: p.item.guid, link: p.link, content: `${p.title ?? ''}\n${p.summaryText}\n${p.bodyHtml ?? ''}` })),
    ctx.guidsUnstable,
  );

  const byIdentity = new Map<string, NormalisedItem>();
  prepared.forEach((p, i) => {
    if (!p.title) return skip('noTitle');
    const summary = p.summaryText ? truncate(p.summaryText, SUMMARY_MAX) : null;
    const authors = uniqueClean(p.item.authors);
    const tags = uniqueClean(p.item.categories);
    const imageUrl = canonicalLink(p.item.imageUrl) ? p.item.imageUrl : null;
    const alternates = [...new Set(p.item.alternates.map((a) => canonicalLink(a.href)).filter((h): h is string => !!h && h !== p.link))];
    const locale = ctx.localeOf(p.item, () => `${p.title}\n${summary ?? p.textOfBody().slice(0, 1000)}`);
    const media = mediaOf(p.item);
    // Media joins the hash only when there is some, so articles stored before media was kept keep their hash.
    const seen: unknown[] = [p.title, summary, p.bodyHtml, p.link, authors, tags, imageUrl, alternates];
    const contentHash = sha256(JSON.stringify(media.length ? [...seen, media] : seen));
    const identity = identities[i];
    if (byIdentity.has(identity)) skip('duplicateInFeed');
    // Feeds list newest first: the first occurrence is the freshest; keep it.
    if (!byIdentity.has(identity)) {
      byIdentity.set(identity, {
        identity,
        locale,
        title: p.title,
        summary,
        bodyHtml: p.bodyHtml,
        url: p.link,
        publishedAt: p.item.publishedAt ?? p.item.updatedAt ?? ctx.fetchedAt,
        authors,
        tags,
        imageUrl,
        alternates,
        media,
        publishedAtEstimated: !p.item.publishedAt && !p.item.updatedAt,
        contentHash,
      });
    }
  });
  return { items: [...byIdentity.values()], skipped, guidsUnstable };
}
