import type { FeedFormat } from '../src/feed-reader/feed.types';
import { NEWS_LOCALES, NEWS_SENTENCES } from './news-sentences';

/**
 * A deterministic corpus of feeds for the parse and ingest benchmarks: `feeds` x `items` items in all six
 * languages with HTML bodies, cycling RSS 2.0, Atom 1.0, RSS 1.0 (RDF) and JSON Feed 1.1. The same options
 * always give the same bytes (seeded PRNG, fixed base date).
 */
export interface CorpusFeed {
  /** Where a local server should serve it, e.g. "/feeds/0007.xml". */
  path: string;
  body: Buffer;
  contentType: string;
  format: FeedFormat;
  locale: string;
}

export interface CorpusOptions {
  feeds?: number;
  items?: number;
  seed?: number;
  /** Absolute base of the links written into the feeds. */
  baseUrl?: string;
}

const FORMATS: FeedFormat[] = ['RSS', 'ATOM', 'RDF', 'JSON_FEED'];
const BASE_DATE = Date.UTC(2026, 10, 1, 12, 0, 0);

function prng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const xml = (s: string) => s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');

interface GenItem {
  id: string;
  link: string;
  title: string;
  html: string;
  date: Date;
  author: string;
  category: string;
}

/**
 * A headline: 6 to 10 words of the language (4 to 7 two-character pieces in Chinese), each taken at random
 * from its sentences. Real sections rarely repeat a title; drawing titles from a dozen sentences made most
 * items duplicates and turned the benchmark into a test of slug collisions.
 */
function headline(sentences: readonly string[], random: () => number): string {
  const pick = () => sentences[Math.floor(random() * sentences.length)];
  const han = /\p{Script=Han}/u.test(sentences[0]);
  const parts: string[] = [];
  const count = han ? 4 + Math.floor(random() * 4) : 6 + Math.floor(random() * 5);
  for (let n = 0; n < count; n++) {
    if (han) {
      const chars = [...pick().replace(/[\s，、。]/gu, '')];
      const at = Math.floor(random() * (chars.length - 1));
      parts.push(chars[at] + chars[at + 1]);
    } else {
      const words = pick().replace(/[.,;:!?۔،]/gu, '').split(/\s+/);
      parts.push(words[Math.floor(random() * words.length)]);
    }
  }
  const title = parts.join(han ? '' : ' ');
  return title.charAt(0).toUpperCase() + title.slice(1);
}

export function generateCorpus(opts: CorpusOptions = {}): { feeds: CorpusFeed[] } {
  const feedCount = opts.feeds ?? 200;
  const itemCount = opts.items ?? 50;
  const baseUrl = (opts.baseUrl ?? 'http://127.0.0.1:8080').replace(/\/$/, '');
  const random = prng(opts.seed ?? 42);
  const pick = <T>(list: T[]) => list[Math.floor(random() * list.length)];
  const feeds: CorpusFeed[] = [];

  for (let f = 0; f < feedCount; f++) {
    const locale = NEWS_LOCALES[f % NEWS_LOCALES.length];
    const format = FORMATS[Math.floor(f / NEWS_LOCALES.length) % FORMATS.length];
    const sentences = NEWS_SENTENCES[locale];
    const name = `section-${String(f).padStart(4, '0')}`;
    const site = `${baseUrl}/${name}`;
    const items: GenItem[] = [];
    for (let i = 0; i < itemCount; i++) {
      const paragraphs = Array.from({ length: 3 + Math.floor(random() * 3) }, () => pick(sentences));
      const title = headline(sentences, random);
      const html =
        `<p>${xml(paragraphs[0])} <a href="/${name}/related/${i}">${xml(pick(sentences).slice(0, 24))}</a></p>` +
        paragraphs.slice(1).map((p) => `<p>${xml(p)}</p>`).join('') +
        `<figure><img src="/${name}/img/${i}.jpg" alt="${xml(title.slice(0, 20))}"><figcaption>${xml(title)}</figcaption></figure>`;
      items.push({
        id: `${site}/articles/${i}`,
        link: `${site}/articles/${i}?utm_source=feed`,
        title,
        html,
        date: new Date(BASE_DATE - (f * 7919 + i * 3600) * 1000),
        author: `Reporter ${Math.floor(random() * 20)}`,
        category: pick(['news', 'campaigns', 'events', 'climate', 'rights']),
      });
    }
    const ext = format === 'JSON_FEED' ? 'json' : 'xml';
    const body = render(format, { title: `Section ${f} (${locale})`, site, locale, items });
    feeds.push({
      path: `/feeds/${String(f).padStart(4, '0')}.${ext}`,
      body: Buffer.from(body, 'utf8'),
      contentType:
        format === 'JSON_FEED'
          ? 'application/feed+json; charset=utf-8'
          : format === 'ATOM'
            ? 'application/atom+xml; charset=utf-8'
            : format === 'RDF'
              ? 'application/rdf+xml; charset=utf-8'
              : 'application/rss+xml; charset=utf-8',
      format,
      locale,
    });
  }
  return { feeds };
}

function render(format: FeedFormat, feed: { title: string; site: string; locale: string; items: GenItem[] }): string {
  const { title, site, locale, items } = feed;
  switch (format) {
    case 'RSS':
      return (
        `<?xml version="1.0" encoding="UTF-8"?>\n<rss version="2.0" xmlns:atom="http://www.w3.org/2005/Atom" xmlns:dc="http://purl.org/dc/elements/1.1/" xmlns:content="http://purl.org/rss/1.0/modules/content/">\n<channel><title>${xml(title)}</title><link>${site}/</link><description>${xml(title)}</description><language>${locale}</language><ttl>30</ttl>\n` +
        items
          .map(
            (it) =>
              `<item><title>${xml(it.title)}</title><link>${xml(it.link)}</link><guid isPermaLink="false">${it.id}</guid><pubDate>${it.date.toUTCString()}</pubDate><dc:creator>${xml(it.author)}</dc:creator><category>${it.category}</category><description>${xml(it.html.slice(0, 200))}</description><content:encoded><![CDATA[${it.html}]]></content:encoded></item>\n`,
          )
          .join('') +
        `</channel></rss>\n`
      );
    case 'ATOM':
      return (
        `<?xml version="1.0" encoding="utf-8"?>\n<feed xmlns="http://www.w3.org/2005/Atom" xml:lang="${locale}" xml:base="${site}/"><title>${xml(title)}</title><id>${site}/</id><link href="${site}/"/><updated>${items[0]?.date.toISOString() ?? new Date(BASE_DATE).toISOString()}</updated>\n` +
        items
          .map(
            (it) =>
              `<entry><id>${it.id}</id><title>${xml(it.title)}</title><link rel="alternate" href="${xml(it.link)}"/><published>${it.date.toISOString()}</published><updated>${it.date.toISOString()}</updated><author><name>${xml(it.author)}</name></author><category term="${it.category}"/><summary>${xml(it.title)}</summary><content type="html">${xml(it.html)}</content></entry>\n`,
          )
          .join('') +
        `</feed>\n`
      );
    case 'RDF':
      return (
        `<?xml version="1.0" encoding="UTF-8"?>\n<rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#" xmlns="http://purl.org/rss/1.0/" xmlns:dc="http://purl.org/dc/elements/1.1/" xmlns:content="http://purl.org/rss/1.0/modules/content/">\n<channel rdf:about="${site}/"><title>${xml(title)}</title><link>${site}/</link><description>${xml(title)}</description><dc:language>${locale}</dc:language></channel>\n` +
        items
          .map(
            (it) =>
              `<item rdf:about="${it.id}"><title>${xml(it.title)}</title><link>${xml(it.link)}</link><dc:date>${it.date.toISOString()}</dc:date><dc:creator>${xml(it.author)}</dc:creator><dc:subject>${it.category}</dc:subject><description>${xml(it.title)}</description><content:encoded><![CDATA[${it.html}]]></content:encoded></item>\n`,
          )
          .join('') +
        `</rdf:RDF>\n`
      );
    case 'JSON_FEED':
      return JSON.stringify({
        version: 'https://jsonfeed.org/version/1.1',
        title,
        home_page_url: `${site}/`,
        language: locale,
        items: items.map((it) => ({
          id: it.id,
          url: it.link,
          title: it.title,
          content_html: it.html,
          summary: it.title,
          date_published: it.date.toISOString(),
          authors: [{ name: it.author }],
          tags: [it.category],
        })),
      });
  }
}
