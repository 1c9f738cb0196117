import type { ParsedFeed } from '../feed.types';
import { parseFeedDate } from './dates';
import {
  alternatesOf,
  atomLinks,
  type Context,
  dates,
  hasText,
  itemLangOf,
  mediaOf,
  personName,
  plain,
  raw,
  resolveUrl,
  textToHtml,
  unique,
} from './feed-helpers';
import { type Draft, finish } from './lazy-item';
import { child, childrenNamed, innerXml, textOf, type XmlElement } from './xml-tree';
import { webSubLinksOf } from '../websub-links';

/** Atom 0.3/1.0 feeds and Atom Entry Documents. */

export function atomText(el: XmlElement | undefined): { value: string; html: boolean } | null {
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

export function atomPersons(el: XmlElement): string[] {
  return childrenNamed(el, 'atom:author', 'author').map((a) => personName(raw(child(a, 'atom:name', 'name')) ?? raw(child(a, 'atom:email', 'email')) ?? raw(a)) ?? '');
}

export function parseAtom(root: XmlElement, encoding: string, ctx: Context): ParsedFeed {
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
    websub: webSubLinksOf(links.map((l) => ({ href: l.href, rels: [l.rel], base: l.base })), ctx.baseUrl),
    items: childrenNamed(root, 'atom:entry', 'entry').map((entry) => finish(atomEntry(entry, feedLink, feedAuthors, ctx), ctx)),
  };
}

export function atomEntry(entry: XmlElement, feedLink: string | null, feedAuthors: string[], ctx: Context): Draft {
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

