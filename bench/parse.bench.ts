/**
 * `npm run bench:parse`: parse-only items/s of newsdesk's parseFeed and of rss-parser on the same generated
 * corpus, in one run (target: parseFeed at least 2x rss-parser). Speed is measured here, never asserted in
 * a test. rss-parser reads no JSON Feed, so the head-to-head figures use the corpus's XML feeds (RSS 2.0,
 * Atom, RDF); parseFeed's figure over the whole corpus and with every body sanitised are printed too.
 */
import RssParser from 'rss-parser';
import { parseFeed } from '../src/feed-reader/parse/parse-feed';
import { generateCorpus, type CorpusFeed } from './corpus';

export interface ParseBenchResult {
  /** parseFeed on the XML feeds, items/s (bodies sanitised lazily, on first read, as ingestion reads them). */
  ours: number;
  /** rss-parser's parseString on the same XML feeds, items/s. */
  rssParser: number;
  /** parseFeed on the XML feeds with every body sanitised during the parse (sanitize: 'eager'), items/s. */
  oursSanitized: number;
  /** parseFeed on the whole corpus, JSON Feed included, items/s. */
  oursAllFormats: number;
  items: number;
}

type Parse = (feed: CorpusFeed) => Promise<number> | number;

/**
 * Items/s of each parser, measured in interleaved rounds (A, B, A, B, ...) and keeping each one's best
 * round, so that load from other processes on a shared machine does not favour whichever ran first.
 */
async function race(feeds: CorpusFeed[], parsers: Record<string, Parse>, rounds = 7): Promise<Record<string, number>> {
  const best: Record<string, number> = {};
  for (const [name, parse] of Object.entries(parsers)) {
    for (const feed of feeds.slice(0, 30)) await parse(feed); // warm-up
    best[name] = Infinity;
  }
  let items = 0;
  for (let r = 0; r < rounds; r++) {
    for (const [name, parse] of Object.entries(parsers)) {
      items = 0;
      const start = process.hrtime.bigint();
      for (const feed of feeds) items += await parse(feed);
      best[name] = Math.min(best[name], Number(process.hrtime.bigint() - start) / 1e9);
    }
  }
  return Object.fromEntries(Object.entries(best).map(([name, seconds]) => [name, Math.round(items / seconds)]));
}

export async function benchParse(corpus: { feeds: CorpusFeed[] } = generateCorpus()): Promise<ParseBenchResult> {
  const xmlFeeds = corpus.feeds.filter((f) => f.format !== 'JSON_FEED');
  const rss = new RssParser();
  const head = await race(xmlFeeds, {
    // Both start from the same bytes: rss-parser is given the body decoded as UTF-8 (the corpus's encoding).
    rssParser: async (f) => (await rss.parseString(f.body.toString('utf8'))).items.length,
    ours: (f) => parseFeed(f.body, { contentType: f.contentType }).items.length,
  });
  const sanitized = await race(xmlFeeds, { ours: (f) => parseFeed(f.body, { contentType: f.contentType, sanitize: 'eager' }).items.length }, 1);
  const all = await race(corpus.feeds, { ours: (f) => parseFeed(f.body, { contentType: f.contentType }).items.length }, 2);
  const items = xmlFeeds.reduce((n, f) => n + parseFeed(f.body, { contentType: f.contentType }).items.length, 0);
  return { ours: head.ours, rssParser: head.rssParser, oursSanitized: sanitized.ours, oursAllFormats: all.ours, items };
}

if (require.main === module) {
  const corpus = generateCorpus();
  const total = corpus.feeds.length;
  benchParse(corpus).then(
    (r) => {
      const ratio = (r.ours / r.rssParser).toFixed(2);
      console.log(`corpus: ${total} feeds (${r.items} items in the ${total - corpus.feeds.filter((f) => f.format === 'JSON_FEED').length} XML feeds), six languages, HTML bodies`);
      console.log(`parse-only, XML feeds: parseFeed ${r.ours} items/s, rss-parser ${r.rssParser} items/s (${ratio}x)`);
      console.log(`parseFeed with every body sanitised: ${r.oursSanitized} items/s (${(r.oursSanitized / r.rssParser).toFixed(2)}x rss-parser, which does not sanitise)`);
      console.log(`parseFeed over the whole corpus incl. JSON Feed: ${r.oursAllFormats} items/s`);
    },
    (err) => {
      console.error(err);
      process.exitCode = 1;
    },
  );
}
