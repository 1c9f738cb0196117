import { XMLParser, XMLValidator } from 'fast-xml-parser';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import Parser from 'rss-parser';
import { parseFeed } from '../../src/feed-reader/parse/parse-feed';
import { addTranslation, makeArticle, makeSection } from '../support/factories';
import { TestApp } from '../support/test-app';

const xml = new XMLParser({ ignoreAttributes: false, attributeNamePrefix: '@', isArray: (name) => ['item', 'entry'].includes(name) });
const messages = (lang: string) => JSON.parse(readFileSync(join(__dirname, '..', '..', 'locales', lang, 'syndication.json'), 'utf8'));
const asList = <T>(value: T | T[] | undefined): T[] => (value === undefined ? [] : Array.isArray(value) ? value : [value]);

describe('outgoing feeds', () => {
  let t: TestApp;
  let admin: string;
  let section: string;
  let other: string;
  const ids: Record<string, string> = {};

  const get = (path: string, headers: Record<string, string> = {}) => {
    let req = t.http.get(path);
    for (const [name, value] of Object.entries(headers)) req = req.set(name, value);
    return req.buffer(true).parse((res, done) => {
      let text = '';
      res.setEncoding('utf8');
      res.on('data', (chunk: string) => (text += chunk));
      res.on('end', () => done(null, text));
    });
  };

  beforeAll(async () => {
    t = await TestApp.start();
    admin = await t.key('ADMIN');
    section = (await makeSection(t, admin, { names: { en: 'Pakistan', ur: 'پاکستان' }, defaultLocale: 'ur' })).slug;
    other = (await makeSection(t, admin)).slug;
    ids.older = (
      await makeArticle(t, admin, section, {
        locale: 'ur',
        title: 'لاہور میں ترقی پسند نوجوان اتحاد کا قومی کنونشن',
        summary: 'مفت تعلیم & طلبہ یونین',
        bodyHtml: '<p>کنونشن میں <strong>مفت تعلیم</strong> کا مطالبہ کیا گیا۔</p>',
        canonicalUrl: 'https://example.org/ur/convention?a=1&b=2',
        publishedAt: '2018-12-15T09:00:00Z',
        authors: ['علی'],
        tags: ['تعلیم'],
      })
    ).id;
    ids.newer = (
      await makeArticle(t, admin, section, {
        locale: 'ur',
        title: 'طلبہ یونین کی بحالی <script>alert(1)</script>',
        publishedAt: '2018-12-20T09:00:00Z',
      })
    ).id;
    ids.english = (await makeArticle(t, admin, section, { locale: 'en', title: 'English only', publishedAt: '2018-12-21T09:00:00Z' })).id;
    await addTranslation(t, ids.english, 'ur', 'صرف ترجمہ شدہ مسودہ', 'DRAFT');
    ids.otherSection = (await makeArticle(t, admin, other, { locale: 'ur', title: 'دوسرا حصہ', publishedAt: '2018-12-22T09:00:00Z' })).id;
  });
  afterAll(() => t.close());

  it('serves RSS 2.0 of the translations published in that language, newest first', async () => {
    const res = await get(`/sections/${section}/feeds/ur.rss`);
    expect(res.status).toBe(200);
    expect(res.headers['content-type']).toBe('application/rss+xml; charset=utf-8');
    expect(XMLValidator.validate(res.body)).toBe(true);
    const channel = xml.parse(res.body).rss.channel;
    expect(channel.title).toBe('پاکستان: اردو میں مضامین');
    expect(channel.link).toBeTruthy();
    expect(channel.description).toBeTruthy();
    expect(channel.language).toBe('ur');
    const items = asList(channel.item);
    expect(items.map((i: { title: string }) => i.title)).toEqual([
      'طلبہ یونین کی بحالی <script>alert(1)</script>',
      'لاہور میں ترقی پسند نوجوان اتحاد کا قومی کنونشن',
    ]);
    const convention = items[1];
    expect(convention.link).toBe('https://example.org/ur/convention?a=1&b=2');
    expect(convention.description).toBe('مفت تعلیم & طلبہ یونین');
    expect(convention['content:encoded']).toContain('<div dir="rtl" lang="ur">');
    expect(convention.pubDate).toBe('Sat, 15 Dec 2018 09:00:00 GMT');
    expect(convention.guid['#text']).toMatch(/^urn:uuid:[0-9a-f-]{36}$/);
    // A real feed reader reads it too.
    const parsed = await new Parser().parseString(res.body);
    expect(parsed.items).toHaveLength(2);
  });

  it('serves Atom 1.0 with xml:lang', async () => {
    const res = await get(`/sections/${section}/feeds/ur.atom`);
    expect(res.headers['content-type']).toBe('application/atom+xml; charset=utf-8');
    expect(XMLValidator.validate(res.body)).toBe(true);
    const feed = xml.parse(res.body).feed;
    expect(feed['@xml:lang']).toBe('ur');
    for (const required of ['id', 'title', 'updated', 'author']) expect(feed[required]).toBeTruthy();
    const entries = asList(feed.entry);
    expect(entries).toHaveLength(2);
    for (const entry of entries) for (const required of ['id', 'title', 'updated', 'content']) expect(entry[required]).toBeTruthy();
    expect(new Date(feed.updated).getTime()).toBeGreaterThan(0);
  });

  it('gives the byte length of the Urdu text, and to HEAD the same headers without a body', async () => {
    const res = await get(`/sections/${section}/feeds/ur.atom`);
    expect(Number(res.headers['content-length'])).toBe(Buffer.byteLength(res.body));
    expect(Buffer.byteLength(res.body)).toBeGreaterThan(res.body.length);
    const head = await t.http.head(`/sections/${section}/feeds/ur.atom`);
    expect(head.status).toBe(200);
    expect(head.headers['content-length']).toBe(res.headers['content-length']);
    expect(head.headers.etag).toBe(res.headers.etag);
    expect(head.text ?? '').toBe('');
  });

  it('serves JSON Feed 1.1', async () => {
    const res = await get(`/sections/${section}/feeds/ur.json`);
    expect(res.headers['content-type']).toBe('application/feed+json; charset=utf-8');
    const feed = JSON.parse(res.body);
    expect(feed.version).toBe('https://jsonfeed.org/version/1.1');
    expect(feed.language).toBe('ur');
    expect(feed.feed_url).toMatch(new RegExp(`/sections/${section}/feeds/ur\\.json$`));
    expect(feed.items.map((i: { title: string }) => i.title)[0]).toBe('طلبہ یونین کی بحالی <script>alert(1)</script>');
    for (const item of feed.items) {
      expect(item.id).toBeTruthy();
      expect(item.content_html).toBeTruthy();
    }
  });

  it('reads back through newsdesk\'s own feed parser in every format', async () => {
    for (const [ext, format] of [['rss', 'RSS'], ['atom', 'ATOM'], ['json', 'JSON_FEED']] as const) {
      const res = await get(`/sections/${section}/feeds/ur.${ext}`);
      const parsed = parseFeed(Buffer.from(res.body, 'utf8'), { contentType: res.headers['content-type'] });
      expect(parsed.format).toBe(format);
      expect(parsed.language).toBe('ur');
      // (The parser reads titles as possibly-HTML and drops tags: the literal "<script>" text does not survive.)
      expect(parsed.items.map((i) => i.title)).toEqual([expect.stringContaining('طلبہ یونین کی بحالی'), 'لاہور میں ترقی پسند نوجوان اتحاد کا قومی کنونشن']);
      const convention = parsed.items[1];
      expect(convention.guid).toMatch(/^urn:uuid:/);
      expect(convention.link).toBe('https://example.org/ur/convention?a=1&b=2');
      expect(convention.publishedAt?.toISOString()).toBe('2018-12-15T09:00:00.000Z');
      expect(convention.contentHtml).toContain('مفت تعلیم');
      expect(convention.categories).toEqual(['تعلیم']);
    }
  });

  it('aggregates every section in the all-sections feed and normalises the locale tag', async () => {
    // Fresh articles, so that they are among the 50 newest whatever else the shared database holds.
    const third = (await makeSection(t, admin)).slug;
    await makeArticle(t, admin, third, { locale: 'ur', title: 'پہلے حصے کی تازہ خبر' });
    await makeArticle(t, admin, other, { locale: 'ur', title: 'دوسرے حصے کی تازہ خبر' });
    const res = await get('/feeds/ur-PK.rss');
    expect(res.status).toBe(200);
    const titles = asList(xml.parse(res.body).rss.channel.item).map((i: { title: string }) => i.title);
    expect(titles.length).toBeLessThanOrEqual(50);
    expect(titles).toEqual(expect.arrayContaining(['پہلے حصے کی تازہ خبر', 'دوسرے حصے کی تازہ خبر']));
    expect(titles).not.toContain('صرف ترجمہ شدہ مسودہ');
    const english = asList(xml.parse((await get(`/sections/${section}/feeds/en.atom`)).body).feed.entry).map(
      (e: { title: { '#text': string } }) => e.title['#text'],
    );
    expect(english).toEqual(['English only']);
  });

  it('answers 304 to a matching ETag or Last-Modified', async () => {
    const own = (await makeSection(t, admin)).slug;
    await makeArticle(t, admin, own, { locale: 'ur', title: 'پہلا مضمون' });
    const first = await get(`/sections/${own}/feeds/ur.atom`);
    const etag = first.headers.etag;
    const lastModified = first.headers['last-modified'];
    expect(etag).toMatch(/^"[A-Za-z0-9_-]+"$/);
    expect(new Date(lastModified).toISOString()).toBeTruthy();
    expect((await get(`/sections/${own}/feeds/ur.atom`, { 'If-None-Match': etag })).status).toBe(304);
    expect((await get(`/sections/${own}/feeds/ur.atom`, { 'If-Modified-Since': lastModified })).status).toBe(304);
    expect((await get(`/sections/${own}/feeds/ur.atom`, { 'If-None-Match': '"stale"' })).status).toBe(200);
    // A new article changes the feed, so the old validators no longer match.
    await makeArticle(t, admin, own, { locale: 'ur', title: 'نیا مضمون', publishedAt: new Date(Date.now() + 1000).toISOString() });
    const changed = await get(`/sections/${own}/feeds/ur.atom`, { 'If-None-Match': etag });
    expect(changed.status).toBe(200);
    expect(changed.headers.etag).not.toBe(etag);
  });

  it('answers 404 with a translated body for an unknown language or format', async () => {
    for (const lang of ['en', 'fr', 'zh', 'ur', 'es', 'sv']) {
      const res = await get('/feeds/de.rss', { 'Accept-Language': lang });
      expect(res.status).toBe(404);
      expect(res.headers['content-type']).toMatch(/^application\/json/);
      const body = JSON.parse(res.body);
      expect(body.code).toBe('NOT_FOUND');
      expect(body.message).toBe(
        messages(lang).errors.unknownLocale.replace('{{locale}}', 'de').replace('{{supported}}', 'en, fr, zh, ur, es, sv'),
      );
    }
    const format = await get('/feeds/en.xml', { 'Accept-Language': 'sv' });
    expect(format.status).toBe(404);
    expect(JSON.parse(format.body).message).toContain('en.xml');
  });

  it('answers 404 for an unknown section', async () => {
    const res = await get('/sections/no-such-section/feeds/en.rss', { 'Accept-Language': 'fr' });
    expect(res.status).toBe(404);
    const body = JSON.parse(res.body);
    expect(body.code).toBe('NOT_FOUND');
    expect(body.message).toContain('no-such-section');
  });
});
