import { htmlToText } from '../../common/html';
import type { ParsedItem } from '../feed.types';
import type { ParsedDate } from './dates';
import { child, childrenNamed, textOf, type XmlElement } from './xml-tree';

/** Helpers shared by the format readers (RSS/RDF, Atom, JSON Feed). */

export interface Context {
  baseUrl: string | null;
  notAfter: number | null;
  eager: boolean;
}

export const hasText = (s: string | null | undefined): s is string => !!s && /\S/.test(s);
export const collapse = (s: string) => (/\s\s|[\t\n\r\f\v\u00a0]/.test(s) ? s.replace(/\s+/g, ' ').trim() : s.trim());

export function plain(s: string | null | undefined): string | null {
  if (s === null || s === undefined) return null;
  const text = /<[a-zA-Z/!]/.test(s) || /&[#a-zA-Z0-9]+;/.test(s) ? htmlToText(s) : s;
  const out = collapse(text).normalize('NFC');
  return out || null;
}

export function raw(el: XmlElement | undefined): string | null {
  if (!el) return null;
  const t = textOf(el).trim();
  return t || null;
}

/** An absolute http(s) URL from an href and the bases to try, in order; null when none gives one. */
export function resolveUrl(href: string | null | undefined, ...bases: (string | null | undefined)[]): string | null {
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

export function dates(published: ParsedDate, updated: ParsedDate, ctx: Context) {
  const trusted = (d: Date | null) => (d && ctx.notAfter !== null && d.getTime() > ctx.notAfter ? null : d);
  const p = trusted(published.date);
  const u = trusted(updated.date);
  const publishedAt = p ?? u;
  const present = published.unparseable || updated.unparseable || published.date !== null || updated.date !== null;
  return { publishedAt, updatedAt: u ?? p, dateUnparseable: publishedAt === null && present };
}

/** "jdoe@example.com (John Doe)" -> "John Doe"; "John Doe <jdoe@example.com>" -> "John Doe". */
export function personName(value: string | null): string | null {
  if (!value) return null;
  const v = collapse(value).slice(0, 300);
  const paren = /^\S+@\S+\s*\((.+)\)$/.exec(v);
  if (paren) return paren[1].trim() || null;
  const angle = /^(.+?)\s*<[^>]+@[^>]+>$/.exec(v);
  if (angle) return angle[1].replace(/^"|"$/g, '').trim() || null;
  return v || null;
}

export function unique(values: (string | null)[]): string[] {
  const out: string[] = [];
  for (const v of values) if (v && !out.includes(v)) out.push(v);
  return out;
}

export const intOrNull = (v: string | null | undefined) => {
  if (!v) return null;
  const n = Number(v.trim());
  return Number.isFinite(n) && n >= 0 ? Math.floor(n) : null;
};

/** Text with no markup written as HTML (for text-only bodies). */
export const textToHtml = (s: string) =>
  s
    .split(/\n{2,}/)
    .map((p) => p.trim())
    .filter(Boolean)
    .map((p) => `<p>${p.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/\n/g, '<br>')}</p>`)
    .join('');

export interface AtomLink {
  rel: string;
  href: string;
  type: string | null;
  hreflang: string | null;
  length: number | null;
  base: string | null;
}

export function atomLinks(el: XmlElement): AtomLink[] {
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

export function mediaOf(item: XmlElement, bases: (string | null)[]) {
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
      // media:title of the element, else of its group (Media RSS lets either carry it).
      const title = plain(raw(child(m, 'media:title')) ?? (g === item ? null : raw(child(g, 'media:title'))));
      if (!enclosures.some((e) => e.url === url)) enclosures.push({ url, type, length: intOrNull(m.attrs.get('fileSize')), ...(title ? { title } : {}) });
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

export function alternatesOf(links: AtomLink[], main: string | null, bases: (string | null)[]) {
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

/** xml:lang declared on the item itself (not merely inherited from the channel). */
export function itemLangOf(item: XmlElement): string | null {
  return item.attrs.get('xml:lang')?.trim() || null;
}

