import type { ParsedFeed } from '../feed.types';
import { parseFeedDate } from './dates';
import {
  alternatesOf,
  atomLinks,
  type Context,
  dates,
  hasText,
  intOrNull,
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

/** RSS 0.9x/2.0 and RSS 1.0 (RDF). */

export function parseRss(root: XmlElement, format: 'RSS' | 'RDF', encoding: string, ctx: Context): ParsedFeed {
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
    websub: webSubLinksOf(atomLinks(channel).map((l) => ({ href: l.href, rels: [l.rel], base: l.base })), channel.base, ctx.baseUrl),
    items: items.map((item) => finish(rssItem(item, feedLink, ctx), ctx)),
  };
}

export function rssItem(item: XmlElement, feedLink: string | null, ctx: Context): Draft {
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

