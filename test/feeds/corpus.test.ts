import { generateCorpus } from '../../bench/corpus';
import { parseFeed } from '../../src/feed-reader/parse/parse-feed';
import { detectLanguage, loadLanguageDetector } from '../../src/feed-reader/parse/language';

describe('benchmark corpus', () => {
  // ELD is an ES module, loaded once before detection (as the worker's services do at start).
  beforeAll(() => loadLanguageDetector());

  it('is deterministic, covers four formats and six languages, and every feed parses completely', () => {
    const a = generateCorpus({ feeds: 24, items: 5 });
    const b = generateCorpus({ feeds: 24, items: 5 });
    expect(a.feeds.map((f) => f.body.toString('base64'))).toEqual(b.feeds.map((f) => f.body.toString('base64')));
    expect(new Set(a.feeds.map((f) => f.format))).toEqual(new Set(['RSS', 'ATOM', 'RDF', 'JSON_FEED']));
    expect(new Set(a.feeds.map((f) => f.locale))).toEqual(new Set(['en', 'fr', 'zh', 'ur', 'es', 'sv']));
    expect(new Set(a.feeds.map((f) => f.path)).size).toBe(24);
    for (const feed of a.feeds) {
      const parsed = parseFeed(feed.body, { contentType: feed.contentType, baseUrl: `http://127.0.0.1:8080${feed.path}` });
      expect([feed.path, parsed.format, parsed.items.length]).toEqual([feed.path, feed.format, 5]);
      expect(parsed.language).toBe(feed.locale);
      for (const item of parsed.items) {
        expect(item.link).toMatch(/^http:\/\/127\.0\.0\.1:8080\//);
        expect(item.publishedAt).toBeInstanceOf(Date);
        expect(item.contentHtml).toContain('<img src="http://127.0.0.1:8080/');
      }
      expect(detectLanguage(parsed.items.map((i) => i.title).join(' '))).toBe(feed.locale);
    }
  });

  it('has at least 200 feeds x 50 items by default, nearly every title its own (as in real sections)', () => {
    const { feeds } = generateCorpus();
    expect(feeds.length).toBeGreaterThanOrEqual(200);
    expect(parseFeed(feeds[0].body, { contentType: feeds[0].contentType }).items).toHaveLength(50);
    const titles = feeds.flatMap((f) => parseFeed(f.body, { contentType: f.contentType }).items.map((i) => i.title));
    expect(new Set(titles).size).toBeGreaterThan(titles.length * 0.99);
  });
});
