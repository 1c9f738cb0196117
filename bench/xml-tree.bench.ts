/**
 * `npm run bench:xml-tree`: the XML tree builder alone (htmlparser2's tokenizer plus the callbacks that
 * build XmlElements), as split into methods in src/feed-reader/parse/xml-tree-builder.ts against the
 * single closure it was before (bench/lib/xml-tree-closure.ts, verbatim). Input: the XML feeds of the
 * generated corpus (bench/corpus.ts, 150 feeds x 50 items) and one generated feed of 5,000 items, each
 * built with items detached as feedBatches does. Rounds alternate the two (A, B, A, B, ...) so that load
 * from other processes on a shared machine favours neither; best and median round per variant.
 * Writes bench/results/xml-tree.json. Speed is measured here, never asserted in a test.
 */
import { loadavg } from 'node:os';
import { buildTokenizer as closureBuild, stripDoctype } from './lib/xml-tree-closure';
import { buildTokenizer as splitBuild } from '../src/feed-reader/parse/xml-tree-builder';
import { generateCorpus } from './corpus';
import { writeBenchResult } from './lib/results';

type Build = (source: string, limits: { maxDepth: number }, base: string | null, detach: null | ((el: { local: string }) => boolean), detached: unknown[]) => {
  tokenizer: { write(s: string): void; end(): void };
  state: { root: unknown; failure: unknown };
};

const ROUNDS = Number(process.env.ROUNDS ?? 9);
const isItem = (el: { local: string }) => el.local === 'item' || el.local === 'entry';

function run(build: Build, texts: string[]): { seconds: number; elements: number } {
  let detachedCount = 0;
  const start = process.hrtime.bigint();
  for (const text of texts) {
    const detached: unknown[] = [];
    const { tokenizer, state } = build(text, { maxDepth: 64 }, null, isItem, detached);
    tokenizer.write(text);
    tokenizer.end();
    if (state.failure || !state.root) throw new Error('bench feed failed to parse');
    detachedCount += detached.length;
  }
  return { seconds: Number(process.hrtime.bigint() - start) / 1e9, elements: detachedCount };
}

function main(): void {
  const xmlFeeds = generateCorpus().feeds.filter((f) => f.format !== 'JSON_FEED');
  const large = generateCorpus({ feeds: 1, items: 5000, seed: 7 }).feeds[0];
  const texts = [...xmlFeeds, large].map((f) => stripDoctype(f.body.toString('utf8')));
  const megabytes = texts.reduce((n, t) => n + Buffer.byteLength(t), 0) / 1e6;
  const variants: Record<string, Build> = { split: splitBuild as unknown as Build, closure: closureBuild as unknown as Build };
  const times: Record<string, number[]> = { split: [], closure: [] };
  let items = 0;
  for (const build of Object.values(variants)) run(build, texts); // warm-up
  const loadStart = loadavg()[0];
  for (let r = 0; r < ROUNDS; r++) {
    // Alternate which goes first, too.
    const order = r % 2 ? ['closure', 'split'] : ['split', 'closure'];
    for (const name of order) {
      const { seconds, elements } = run(variants[name], texts);
      times[name].push(seconds);
      items = elements;
    }
  }
  const summary = (name: string) => {
    const sorted = [...times[name]].sort((a, b) => a - b);
    return {
      bestMBps: +(megabytes / sorted[0]).toFixed(1),
      medianMBps: +(megabytes / sorted[Math.floor(sorted.length / 2)]).toFixed(1),
      rounds: times[name].map((s) => +s.toFixed(3)),
    };
  };
  const split = summary('split');
  const closure = summary('closure');
  const results = {
    megabytes: +megabytes.toFixed(1),
    items,
    split,
    closure,
    splitVsClosureBest: +(split.bestMBps / closure.bestMBps).toFixed(3),
    splitVsClosureMedian: +(split.medianMBps / closure.medianMBps).toFixed(3),
  };
  console.log(JSON.stringify(results, null, 2));
  writeBenchResult('xml-tree', {
    settings: { rounds: ROUNDS, feeds: texts.length, maxDepth: 64, detach: 'item/entry', loadAverageStart: loadStart, loadAverageEnd: loadavg()[0] },
    results,
    notes: ['Tree building only (no format mapping, sanitising or language detection): the part the split could slow down.'],
  });
}

main();
