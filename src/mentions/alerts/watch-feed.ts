import { escapeHtml } from '../../common/html';
import type { AlertMention } from './watch-alerts.repository';

/** A watch's mentions as an Atom 1.0 document (RFC 4287). Pure: no NestJS, no database. */
export interface WatchFeed {
  watchId: string;
  /** The feed's language (xml:lang) and its title and subtitle, already in it. */
  language: string;
  title: string;
  subtitle: string;
  /** This feed's own URL (with its token: the document is as private as the URL). */
  selfUrl: string;
  homeUrl: string;
  publisher: string;
  mentions: AlertMention[];
}

export const ATOM_CONTENT_TYPE = 'application/atom+xml; charset=utf-8';

/** Text for XML: what XML 1.0 cannot carry removed (control characters, lone surrogates), markup escaped. */
const xml = (text: string) => escapeHtml(text.replace(/[^\t\n\r\u0020-\uD7FF\uE000-\uFFFD\u{10000}-\u{10FFFF}]/gu, ''));
const el = (name: string, text: string, attrs = '') => `<${name}${attrs}>${xml(text)}</${name}>`;

function entry(m: AlertMention): string {
  const parts = [
    el('id', `urn:uuid:${m.id}`),
    el('title', m.title ?? m.url, ' type="text"'),
    el('published', (m.publishedAt ?? m.foundAt).toISOString()),
    el('updated', m.foundAt.toISOString()),
    `<link rel="alternate" type="text/html" href="${xml(m.url)}"/>`,
    `<author>${el('name', m.sourceName)}</author>`,
    ...m.matchedTerms.map((term) => `<category term="${xml(term)}"/>`),
    // The excerpt is our own escaped HTML with the matches in <mark>.
    el('summary', m.excerpt, ' type="html"'),
  ];
  return `<entry>${parts.join('')}</entry>`;
}

export function renderWatchFeed(feed: WatchFeed): string {
  const updated = feed.mentions.reduce((newest, m) => (m.foundAt > newest ? m.foundAt : newest), new Date(0));
  return [
    '<?xml version="1.0" encoding="utf-8"?>',
    `<feed xmlns="http://www.w3.org/2005/Atom" xml:lang="${xml(feed.language)}">`,
    el('id', `urn:uuid:${feed.watchId}`),
    el('title', feed.title, ' type="text"'),
    el('subtitle', feed.subtitle, ' type="text"'),
    el('updated', updated.toISOString()),
    `<link rel="self" type="application/atom+xml" href="${xml(feed.selfUrl)}"/>`,
    `<link rel="alternate" type="text/html" href="${xml(feed.homeUrl)}"/>`,
    `<author>${el('name', feed.publisher)}</author>`,
    el('generator', 'newsdesk'),
    ...feed.mentions.map(entry),
    '</feed>',
    '',
  ].join('\n');
}
