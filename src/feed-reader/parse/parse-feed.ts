import { decodeHTMLStrict } from 'entities';
import { htmlToText, sanitizeBodyHtml } from '../../common/html';
import type { FeedFormat, ParsedFeed, ParsedItem } from '../feed.types';
import { parseFeedDate, type ParsedDate } from './dates';
import { decodeFeedBytes } from './encoding';
import { FeedParseError } from './feed-parse-error';
import { child, childrenNamed, innerXml, parseXml, skipProlog, textOf, type XmlElement } from './xml-tree';

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

/** The format of a decoded document, or null when it is not a feed newsdesk reads. */
export function detectFormat(root: XmlElement | Record<string, unknown>): FeedFormat | null {
  if (!isXml(root)) {
    const version = typeof root.version === 'string' ? root.version : '';
    return /jsonfeed\.org\/version\//.test(version) || (Array.isArray(root.items) && typeof root.title === 'string') ? 'JSON_FEED' : null;
  }
  const local = root.local.toLowerCase();
  if (local === 'rss') return 'RSS';
  if (local === 'rdf') return 'RDF';
  if (local === 'feed' || local === 'entry') return 'ATOM';
  if (local === 'channel') return 'RSS';
  return null;
}

/**
 * A cheap look at a body's format without parsing it (for answering a push quickly, or choosing an icon):
 * the JSON Feed version, or the name of the first XML element. Null when it is neither.
 */
export function sniffFormat(body: Buffer, contentType?: string | null): FeedFormat | null {
  const head = decodeFeedBytes(body.subarray(0, 4096), contentType).text.replace(/^\uFEFF/, '').trimStart();
  if (head.startsWith('{')) return /"version"\s*:\s*"https?:\/\/jsonfeed\.org\/version\//.test(head) ? 'JSON_FEED' : null;
  const start = skipProlog(head);
  const m = start < 0 ? null : /^<([A-Za-z_][\w.:-]{0,100})/.exec(head.slice(start, start + 120));
  if (!m) return null;
  const local = m[1].slice(m[1].indexOf(':') + 1).toLowerCase();
  return local === 'rss' || local === 'channel' ? 'RSS' : local === 'rdf' ? 'RDF' : local === 'feed' || local === 'entry' ? 'ATOM' : null;
}

const isXml = (v: unknown): v is XmlElement => typeof v === 'object' && v !== null && 'children' in v && 'attrs' in v;

/** Parses RSS 0.9x/2.0, RSS 1.0 (RDF), Atom 0.3/1.0 and JSON Feed 1.0/1.1 into newsdesk's ParsedFeed. */
export function parseFeed(body: Buffer, options: ParseFeedOptions = {}): ParsedFeed {
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
  if (text[start] === '{' || text[start] === '[') return parseJsonFeed(text, encoding, ctx);
  if (text[start] !== '<') throw new FeedParseError('NOT_A_FEED', { found: 'text' });
  const root = parseXml(text, { maxDepth: options.maxDepth ?? DEFAULT_MAX_DEPTH }, ctx.baseUrl);
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

interface Context {
  baseUrl: string | null;
  notAfter: number | null;
  eager: boolean;
}

// ---------------------------------------------------------------------------------------------- helpers

const hasText = (s: string | null | undefined): s is string => !!s && /\S/.test(s);
const collapse = (s: string) => (/\s\s|[\t\n\r\f\v\u00a0]/.test(s) ? s.replace(/\s+/g, ' ').trim() : s.trim());

function plain(s: string | null | undefined): string | null {
  if (s === null || s === undefined) return null;
  const text = /<[a-zA-Z/!]/.test(s) || /&[#a-zA-Z0-9]+;/.test(s) ? htmlToText(s) : s;
  const out = collapse(text).normalize('NFC');
  return out || null;
}

function raw(el: XmlElement | undefined): string | null {
  if (!el) return null;
  const t = textOf(el).trim();
  return t || null;
}

/** An absolute http(s) URL from an href and the bases to try, in order; null when none gives one. */
function resolveUrl(href: string | null | undefined, ...bases: (string | null | undefined)[]): string | null {
  const value = href?.trim();
  if (!value) return null;
  if (/^[a-z][a-z0-9+.-]*:/i.test(value)) {
    try {
      const url = new URL(value);
      return url.protocol === 'http:' || url.protocol === 'https:' ? url.href : null;
    } catch {
      return null;
    }
  }
  for (const base of bases) {
    if (!base) continue;
    try {
      const url = new URL(value, base);
      if (url.protocol === 'http:' || url.protocol === 'https:') return url.href;
    } catch {
      // try the next base
    }
  }
  return null;
}

function dates(published: ParsedDate, updated: ParsedDate, ctx: Context) {
  const trusted = (d: Date | null) => (d && ctx.notAfter !== null && d.getTime() > ctx.notAfter ? null : d);
  const p = trusted(published.date);
  const u = trusted(updated.date);
  const publishedAt = p ?? u;
  const present = published.unparseable || updated.unparseable || published.date !== null || updated.date !== null;
  return { publishedAt, updatedAt: u ?? p, dateUnparseable: publishedAt === null && present };
}

/** "jdoe@example.com (John Doe)" -> "John Doe"; "John Doe <jdoe@example.com>" -> "John Doe". */
function personName(value: string | null): string | null {
  if (!value) return null;
  const v = collapse(value).slice(0, 300);
  const paren = /^\S+@\S+\s*\((.+)\)$/.exec(v);
  if (paren) return paren[1].trim() || null;
  const angle = /^(.+?)\s*<[^>]+@[^>]+>$/.exec(v);
  if (angle) return angle[1].replace(/^"|"$/g, '').trim() || null;
  return v || null;
}

function unique(values: (string | null)[]): string[] {
  const out: string[] = [];
  for (const v of values) if (v && !out.includes(v)) out.push(v);
  return out;
}

const intOrNull = (v: string | null | undefined) => {
  if (!v) return null;
  const n = Number(v.trim());
  return Number.isFinite(n) && n >= 0 ? Math.floor(n) : null;
};

const IMG_SRC = /<img\b[^>]*?\bsrc\s*=\s*["']([^"']+)["']/iy;

interface Draft extends Omit<ParsedItem, 'contentHtml'> {
  rawHtml: string | null;
  htmlBase: string | null;
}

/**
 * A parsed item whose contentHtml is sanitised on first read and then kept (sanitising costs more than
 * parsing; code that never reads a body, such as an unchanged item or a benchmark, does not pay for it);
 * the same for an image found only in the body. contentHtml and imageUrl are accessors of the class: read
 * them (JSON.stringify includes them through toJSON); spreading an item into a new object does not copy them.
 */
class LazyItem implements ParsedItem {
  guid: string | null;
  link: string | null;
  title: string | null;
  summary: string | null;
  publishedAt: Date | null;
  updatedAt: Date | null;
  dateUnparseable: boolean;
  authors: string[];
  categories: string[];
  enclosures: ParsedItem['enclosures'];
  language: string | null;
  alternates: ParsedItem['alternates'];
  #html: string | null;
  #base: string | null;
  #sanitised: string | null | undefined;
  #image: string | null | undefined;

  constructor(d: Draft, sanitised: string | null | undefined) {
    this.guid = d.guid;
    this.link = d.link;
    this.title = d.title;
    this.summary = d.summary;
    this.publishedAt = d.publishedAt;
    this.updatedAt = d.updatedAt;
    this.dateUnparseable = d.dateUnparseable;
    this.authors = d.authors;
    this.categories = d.categories;
    this.enclosures = d.enclosures;
    this.language = d.language;
    this.alternates = d.alternates;
    this.#html = d.rawHtml;
    this.#base = d.htmlBase;
    this.#sanitised = d.rawHtml ? sanitised : null;
    this.#image = d.imageUrl ?? (d.rawHtml ? undefined : null);
  }

  get contentHtml(): string | null {
    if (this.#sanitised === undefined) this.#sanitised = sanitizeBodyHtml(this.#html!, this.#base) || null;
    return this.#sanitised;
  }

  set contentHtml(value: string | null) {
    this.#sanitised = value;
  }

  /** The feed's image (media, enclosure, iTunes), else the first <img> of the body, made absolute. */
  get imageUrl(): string | null {
    if (this.#image === undefined) {
      const html = this.#html!;
      const at = html.indexOf('<img');
      let found: string | null = null;
      if (at >= 0) {
        IMG_SRC.lastIndex = at;
        const m = IMG_SRC.exec(html);
        if (m) found = resolveUrl(decodeHTMLStrict(m[1]), this.#base);
      }
      this.#image = found;
    }
    return this.#image;
  }

  set imageUrl(value: string | null) {
    this.#image = value;
  }

  toJSON(): ParsedItem {
    return { ...this, imageUrl: this.imageUrl, contentHtml: this.contentHtml };
  }
}

function finish(d: Draft, ctx: Context): ParsedItem {
  return new LazyItem(d, ctx.eager && d.rawHtml ? sanitizeBodyHtml(d.rawHtml, d.htmlBase) || null : undefined);
}

/** Text with no markup written as HTML (for text-only bodies). */
const textToHtml = (s: string) =>
  s
    .split(/\n{2,}/)
    .map((p) => p.trim())
    .filter(Boolean)
    .map((p) => `<p>${p.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/\n/g, '<br>')}</p>`)
    .join('');

// ------------------------------------------------------------------------------------------ RSS and RDF

function parseRss(root: XmlElement, format: 'RSS' | 'RDF', encoding: string, ctx: Context): ParsedFeed {
  const channel = root.local.toLowerCase() === 'channel' ? root : (child(root, 'channel') ?? root);
  const feedLink = resolveUrl(
    raw(child(channel, 'link')) ?? atomLinks(channel).find((l) => l.rel === 'alternate')?.href,
    channel.base,
    ctx.baseUrl,
  );
  let items = childrenNamed(channel, 'item');
  if (channel !== root) items = items.concat(childrenNamed(root, 'item'));
  const feedLang = raw(child(channel, 'language', 'dc:language')) ?? channel.lang ?? root.lang;
  return {
    format,
    encoding,
    title: plain(raw(child(channel, 'title', 'dc:title', 'atom:title'))),
    link: feedLink,
    language: feedLang,
    ttlMinutes: intOrNull(raw(child(channel, 'ttl'))),
    items: items.map((item) => finish(rssItem(item, feedLink, ctx), ctx)),
  };
}

interface AtomLink {
  rel: string;
  href: string;
  type: string | null;
  hreflang: string | null;
  length: number | null;
  base: string | null;
}

function atomLinks(el: XmlElement): AtomLink[] {
  return childrenNamed(el, 'atom:link', 'link')
    .filter((l) => l.attrs.has('href'))
    .map((l) => ({
      rel: (l.attrs.get('rel') ?? 'alternate').trim().toLowerCase(),
      href: l.attrs.get('href')!.trim(),
      type: l.attrs.get('type')?.trim() || null,
      hreflang: l.attrs.get('hreflang')?.trim() || null,
      length: intOrNull(l.attrs.get('length')),
      base: l.base,
    }));
}

function mediaOf(item: XmlElement, bases: (string | null)[]) {
  const enclosures: ParsedItem['enclosures'] = [];
  let image: string | null = null;
  for (const e of childrenNamed(item, 'enclosure')) {
    const url = resolveUrl(e.attrs.get('url'), e.base, ...bases);
    if (!url) continue;
    const type = e.attrs.get('type')?.trim() || null;
    enclosures.push({ url, type, length: intOrNull(e.attrs.get('length')) });
    if (!image && type?.startsWith('image/')) image = url;
  }
  const groups = [item, ...childrenNamed(item, 'media:group')];
  for (const g of groups) {
    for (const m of childrenNamed(g, 'media:content')) {
      const url = resolveUrl(m.attrs.get('url'), m.base, ...bases);
      if (!url) continue;
      const type = m.attrs.get('type')?.trim() || null;
      if (!enclosures.some((e) => e.url === url)) enclosures.push({ url, type, length: intOrNull(m.attrs.get('fileSize')) });
      if (!image && (m.attrs.get('medium') === 'image' || type?.startsWith('image/'))) image = url;
    }
  }
  for (const g of groups) {
    const thumb = child(g, 'media:thumbnail');
    if (!image && thumb) image = resolveUrl(thumb.attrs.get('url'), thumb.base, ...bases);
  }
  const itunes = child(item, 'itunes:image');
  if (!image && itunes) image = resolveUrl(itunes.attrs.get('href'), itunes.base, ...bases);
  return { enclosures, image };
}

function alternatesOf(links: AtomLink[], main: string | null, bases: (string | null)[]) {
  const out: ParsedItem['alternates'] = [];
  for (const l of links) {
    if (l.rel !== 'alternate' || !l.hreflang) continue;
    const href = resolveUrl(l.href, l.base, ...bases);
    if (href && href !== main && !out.some((a) => a.href === href && a.hreflang === l.hreflang)) {
      out.push({ hreflang: l.hreflang, href });
    }
  }
  return out;
}

function rssItem(item: XmlElement, feedLink: string | null, ctx: Context): Draft {
  const guidEl = child(item, 'guid');
  const about = item.attrs.get('rdf:about')?.trim() || null;
  const guid = raw(guidEl) ?? about;
  const links = atomLinks(item);
  const permalink = guidEl ? (guidEl.attrs.get('isPermaLink') ?? guidEl.attrs.get('ispermalink') ?? 'true').trim().toLowerCase() !== 'false' : !!about;
  const linkEl = child(item, 'link');
  const link =
    resolveUrl(raw(linkEl), linkEl?.base ?? item.base, feedLink, ctx.baseUrl) ??
    resolveUrl(links.find((l) => l.rel === 'alternate' && !l.hreflang)?.href, item.base, feedLink, ctx.baseUrl) ??
    (permalink ? resolveUrl(guid, item.base, feedLink, ctx.baseUrl) : null);
  const contentEl = child(item, 'content:encoded', 'xhtml:body', 'xhtml:div', 'atom:content');
  const descriptionEl = child(item, 'description', 'atom:summary', 'dc:description');
  const description = descriptionEl ? textOf(descriptionEl) : null;
  let rawHtml: string | null = null;
  if (contentEl) rawHtml = contentEl.name.startsWith('xhtml:') ? innerXml(contentEl) : textOf(contentEl);
  if (!hasText(rawHtml) && hasText(description)) rawHtml = /<[a-zA-Z/]/.test(description) ? description : textToHtml(description);
  const htmlBase = (contentEl ?? descriptionEl)?.base ?? link ?? feedLink ?? ctx.baseUrl;
  const bases = [item.base, link, feedLink, ctx.baseUrl];
  const media = mediaOf(item, bases);
  const published = parseFeedDate(raw(child(item, 'pubDate', 'pubdate', 'atom:published', 'dcterms:issued', 'dc:date')));
  const updated = parseFeedDate(raw(child(item, 'atom:updated', 'dcterms:modified')));
  const authors = unique([
    ...childrenNamed(item, 'author', 'dc:creator', 'itunes:author').map((a) => personName(raw(a))),
    ...childrenNamed(item, 'atom:author').map((a) => personName(raw(child(a, 'atom:name')) ?? raw(a))),
  ]);
  return {
    guid,
    link,
    title: plain(raw(child(item, 'title', 'dc:title', 'atom:title'))),
    summary: hasText(description) ? description.trim() : null,
    rawHtml: hasText(rawHtml) ? rawHtml : null,
    htmlBase,
    ...dates(published, updated, ctx),
    authors,
    categories: unique([
      ...childrenNamed(item, 'category', 'dc:subject').map((c) => plain(raw(c))),
      ...childrenNamed(item, 'atom:category').map((c) => plain(c.attrs.get('term') ?? c.attrs.get('label'))),
    ]),
    imageUrl: media.image,
    enclosures: media.enclosures,
    language: raw(child(item, 'dc:language')) ?? itemLangOf(item),
    alternates: alternatesOf(links, link, bases),
  };
}

/** xml:lang declared on the item itself (not merely inherited from the channel). */
function itemLangOf(item: XmlElement): string | null {
  return item.attrs.get('xml:lang')?.trim() || null;
}

// ------------------------------------------------------------------------------------------------- Atom

function atomText(el: XmlElement | undefined): { value: string; html: boolean } | null {
  if (!el) return null;
  const type = (el.attrs.get('type') ?? 'text').trim().toLowerCase();
  const mode = el.attrs.get('mode')?.trim().toLowerCase();
  if (type === 'xhtml' || type === 'application/xhtml+xml' || mode === 'xml') {
    const div = child(el, 'xhtml:div', 'div');
    return { value: innerXml(div ?? el), html: true };
  }
  let value = textOf(el);
  if (mode === 'base64') value = Buffer.from(value, 'base64').toString('utf8');
  return { value, html: type === 'html' || type === 'text/html' || mode === 'escaped' };
}

function atomPersons(el: XmlElement): string[] {
  return childrenNamed(el, 'atom:author', 'author').map((a) => personName(raw(child(a, 'atom:name', 'name')) ?? raw(child(a, 'atom:email', 'email')) ?? raw(a)) ?? '');
}

function parseAtom(root: XmlElement, encoding: string, ctx: Context): ParsedFeed {
  if (root.local.toLowerCase() === 'entry') {
    // An Atom Entry Document: a feed of one entry.
    const feed: XmlElement = { name: 'atom:feed', local: 'feed', attrs: new Map(), children: [root], base: null, lang: root.lang };
    return { ...parseAtom(feed, encoding, ctx), title: null };
  }
  const links = atomLinks(root);
  const alt = links.find((l) => l.rel === 'alternate') ?? null;
  const self = links.find((l) => l.rel === 'self');
  // The feed's own URL (rel="self") is the last base when the caller gave none.
  if (!ctx.baseUrl && self) ctx = { ...ctx, baseUrl: resolveUrl(self.href, self.base) };
  const feedLink = resolveUrl(alt?.href, alt?.base, ctx.baseUrl);
  const feedAuthors = atomPersons(root).filter(Boolean);
  const titleText = atomText(child(root, 'atom:title', 'title'));
  return {
    format: 'ATOM',
    encoding,
    title: titleText ? plain(titleText.value) : null,
    link: feedLink,
    language: root.lang,
    ttlMinutes: null,
    items: childrenNamed(root, 'atom:entry', 'entry').map((entry) => finish(atomEntry(entry, feedLink, feedAuthors, ctx), ctx)),
  };
}

function atomEntry(entry: XmlElement, feedLink: string | null, feedAuthors: string[], ctx: Context): Draft {
  const links = atomLinks(entry);
  const alternates = links.filter((l) => l.rel === 'alternate');
  const mainLink =
    alternates.find((l) => !l.hreflang && (!l.type || /html/i.test(l.type))) ??
    alternates.find((l) => !l.hreflang) ??
    alternates.find((l) => entry.lang && l.hreflang?.toLowerCase() === entry.lang.toLowerCase()) ??
    alternates[0];
  const guid = raw(child(entry, 'atom:id', 'id'));
  // No alternate link: an id that is an http(s) URL is the entry's address.
  const link = mainLink ? resolveUrl(mainLink.href, mainLink.base, feedLink, ctx.baseUrl) : guid && /^https?:\/\//i.test(guid) ? resolveUrl(guid) : null;
  const content = atomText(child(entry, 'atom:content', 'content'));
  const contentEl = child(entry, 'atom:content', 'content');
  const summaryEl = child(entry, 'atom:summary', 'summary');
  const summary = atomText(summaryEl);
  let rawHtml: string | null = null;
  if (content && !contentEl?.attrs.has('src')) rawHtml = content.html ? content.value : textToHtml(content.value);
  if (!hasText(rawHtml) && summary) rawHtml = summary.html ? summary.value : textToHtml(summary.value);
  const htmlBase = (contentEl ?? summaryEl)?.base ?? link ?? feedLink ?? ctx.baseUrl;
  const bases = [entry.base, link, feedLink, ctx.baseUrl];
  const media = mediaOf(entry, bases);
  for (const l of links) {
    if (l.rel !== 'enclosure') continue;
    const url = resolveUrl(l.href, l.base, ...bases);
    if (!url) continue;
    if (!media.enclosures.some((e) => e.url === url)) media.enclosures.push({ url, type: l.type, length: l.length });
    if (!media.image && l.type?.startsWith('image/')) media.image = url;
  }
  const published = parseFeedDate(raw(child(entry, 'atom:published', 'published', 'atom:issued', 'issued', 'atom:created', 'created')));
  const updated = parseFeedDate(raw(child(entry, 'atom:updated', 'updated', 'atom:modified', 'modified')));
  const source = child(entry, 'atom:source', 'source');
  let authors = unique(atomPersons(entry));
  if (!authors.length && source) authors = unique(atomPersons(source));
  if (!authors.length) authors = unique(feedAuthors);
  authors = unique([...authors, ...childrenNamed(entry, 'dc:creator').map((a) => personName(raw(a)))]);
  const titleText = atomText(child(entry, 'atom:title', 'title'));
  return {
    guid,
    link,
    title: titleText ? plain(titleText.value) : null,
    summary: summary && hasText(summary.value) ? summary.value.trim() : null,
    rawHtml: hasText(rawHtml) ? rawHtml : null,
    htmlBase,
    ...dates(published, updated, ctx),
    authors,
    categories: unique([
      ...childrenNamed(entry, 'atom:category', 'category').map((c) => plain(c.attrs.get('term') ?? c.attrs.get('label') ?? raw(c))),
      ...childrenNamed(entry, 'dc:subject').map((c) => plain(raw(c))),
    ]),
    imageUrl: media.image,
    enclosures: media.enclosures,
    language: itemLangOf(entry),
    alternates: alternatesOf(links, link, bases),
  };
}

// -------------------------------------------------------------------------------------------- JSON Feed

type Json = Record<string, unknown>;
const str = (v: unknown): string | null => (typeof v === 'string' && v.trim() ? v : typeof v === 'number' ? String(v) : null);
const obj = (v: unknown): Json | null => (typeof v === 'object' && v !== null && !Array.isArray(v) ? (v as Json) : null);

function parseJsonFeed(text: string, encoding: string, ctx: Context): ParsedFeed {
  let doc: unknown;
  try {
    doc = JSON.parse(text);
  } catch (err) {
    throw new FeedParseError('MALFORMED', { reason: (err as Error).message.slice(0, 120) });
  }
  const root = obj(doc);
  if (!root || detectFormat(root) !== 'JSON_FEED') throw new FeedParseError('NOT_A_FEED', { found: 'JSON' });
  const feedLink = resolveUrl(str(root.home_page_url), ctx.baseUrl);
  const feedAuthors = [...(Array.isArray(root.authors) ? root.authors : []), root.author].map((a) => str(obj(a)?.name));
  const items = (Array.isArray(root.items) ? root.items : []).map(obj).filter((i): i is Json => i !== null);
  return {
    format: 'JSON_FEED',
    encoding,
    title: plain(str(root.title)),
    link: feedLink,
    language: str(root.language),
    ttlMinutes: null,
    items: items.map((item) => {
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
        }))
        .filter((a): a is ParsedItem['enclosures'][number] => a.url !== null);
      const authors = unique(
        [...(Array.isArray(item.authors) ? item.authors : []), item.author].map((a) => str(obj(a)?.name)),
      );
      return finish(
        {
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
        },
        ctx,
      );
    }),
  };
}
