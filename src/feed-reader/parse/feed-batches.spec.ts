import { readFileSync } from 'node:fs';
import path from 'node:path';
import { generateCorpus } from '../../../bench/corpus';
import type { ParsedFeed } from '../feed.types';
import { feedBatches } from './feed-batches';
import { parseFeed } from './parse-feed';

const CORPUS = path.resolve(__dirname, '../../../test/fixtures/conformance');
const fetchedAt = new Date('2026-11-25T12:00:00Z');

/** Everything parseFeed gives, as plain data (bodies sanitised, dates as strings). */
const plainFeed = (feed: ParsedFeed) => JSON.parse(JSON.stringify(feed)) as ParsedFeed;

function viaBatches(body: Buffer, size: number, baseUrl: string | null) {
  const batches = [...feedBatches(body, { baseUrl, fetchedAt }, size)];
  const last = batches[batches.length - 1];
  return {
    lastFlags: batches.map((b) => b.last),
    sizes: batches.map((b) => b.feed.items.length),
    feed: plainFeed({ ...last.feed, items: batches.flatMap((b) => b.feed.items) }),
  };
}

function parsedOrError(body: Buffer, baseUrl: string | null): ParsedFeed | string {
  try {
    return plainFeed(parseFeed(body, { baseUrl, fetchedAt }));
  } catch (error) {
    return (error as { key?: string }).key ?? String(error);
  }
}

describe('feedBatches', () => {
  it('gives the items and feed fields parseFeed gives, over every conformance feed, in batches of 3', () => {
    const cases = (JSON.parse(readFileSync(path.join(CORPUS, 'manifest.json'), 'utf8')) as { cases: { feed: string }[] }).cases;
    expect(cases.length).toBeGreaterThan(100);
    for (const { feed: file } of cases) {
      const body = readFileSync(path.join(CORPUS, file));
      const whole = parsedOrError(body, null);
      if (typeof whole === 'string') {
        expect([file, (() => { try { viaBatches(body, 3, null); return 'no error'; } catch (e) { return (e as { key?: string }).key; } })()]).toEqual([file, whole]);
        continue;
      }
      const batched = viaBatches(body, 3, null);
      expect([file, batched.feed]).toEqual([file, whole]);
      expect(batched.lastFlags.filter(Boolean)).toHaveLength(1);
      expect(batched.lastFlags[batched.lastFlags.length - 1]).toBe(true);
    }
  });

  it('hands out full batches until the last, for every format of the benchmark corpus', () => {
    for (const f of generateCorpus({ feeds: 8, items: 23 }).feeds) {
      const baseUrl = `http://127.0.0.1:8080${f.path}`;
      const batched = viaBatches(f.body, 5, baseUrl);
      expect([f.format, batched.sizes]).toEqual([f.format, [5, 5, 5, 5, 3]]);
      expect(batched.feed).toEqual(plainFeed(parseFeed(f.body, { baseUrl, fetchedAt, contentType: f.contentType })));
    }
  });

  it('releases items as it goes: a 20,000-item document is read with at most one batch of items alive', () => {
    const items = Array.from({ length: 20_000 }, (_, i) => `<item><guid>g-${i}</guid><title>Item ${i}</title><description>&lt;p&gt;Body ${i}&lt;/p&gt;</description></item>`);
    const body = Buffer.from(`<?xml version="1.0"?><rss version="2.0"><channel><title>Big</title>${items.join('\n')}<ttl>30</ttl></channel></rss>`);
    let count = 0;
    let last: ParsedFeed | null = null;
    for (const batch of feedBatches(body, {}, 500)) {
      expect(batch.feed.items.length).toBeLessThanOrEqual(500);
      count += batch.feed.items.length;
      last = batch.feed;
    }
    expect(count).toBe(20_000);
    // Fields after the items are known by the last batch.
    expect(last).toMatchObject({ title: 'Big', ttlMinutes: 30 });
  });

  it('a truncated document throws once the end is reached, after the batches before it', () => {
    const items = Array.from({ length: 3000 }, (_, i) => `<item><guid>t-${i}</guid><title>T ${i} ${'x'.repeat(60)}</title></item>`).join('');
    const body = Buffer.from(`<rss version="2.0"><channel>${items}<item><title>cut`);
    const seen: number[] = [];
    expect(() => {
      for (const b of feedBatches(body, {}, 400)) seen.push(b.feed.items.length);
    }).toThrow(expect.objectContaining({ code: 'MALFORMED' }));
    // Read in steps of 64K characters: the batches of the first steps came out before the end was seen.
    expect(seen.length).toBeGreaterThan(2);
    expect(seen.every((n) => n === 400)).toBe(true);
  });
});
