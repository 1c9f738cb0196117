/**
 * `npm run bench:ingest`: feed ingestion, in one run, on its own database and Redis prefix.
 *  1. parse-only items/s, newsdesk's parseFeed vs rss-parser (benchParse on the same corpus);
 *  2. the write ceiling: bare unnest upserts of the same normalised rows into the real tables (articles, then
 *     translations with their search vectors) and into a plain 7-column table;
 *  3. end to end: 200 feeds x 50 items over ten local sites (127.0.0.1-10, with ETags), a real worker process
 *     (dist/worker.js, warmed up on 20 other feeds) at its production settings: items/s from "due" to rows;
 *  4. re-polling the unchanged corpus (every feed due again: conditional GETs answered 304);
 *  5. one 20,000-item feed (time, and the worker's RSS before and after);
 *  6. a signed push of about 5 MB to the real API (dist/main.js) with /health called back to back meanwhile;
 *  7. the worker's peak RSS (VmHWM) over the whole run.
 * Targets (2 cores): e2e >= half the real-tables ceiling and >= 3,000 items/s; real-tables ceiling >= a
 * quarter of the plain one; re-poll < 2 s; /health < 50 ms added during the push; worker RSS < 250 MB.
 * Speed is measured here, never asserted in a test. Result: bench/results/ingest.json (bench/lib/results.ts).
 */
import { spawn, spawnSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { loadavg } from 'node:os';
import { join } from 'node:path';
import { Client } from 'pg';
import { parseEnv } from '../src/config/env.schema';
import { ensureDatabase } from '../src/database/migrate';
import { parseFeed } from '../src/feed-reader/parse/parse-feed';
import { normaliseFeed, type NormalisedItem } from '../src/feeds/normalise';
import { LocaleRegistry } from '../src/i18n/locale-registry';
import { generateCorpus } from './corpus';
import { plainTableCeiling, realTablesCeiling } from './ingest/ceiling';
import { pushWithHealth } from './ingest/push-latency';
import { LocalSites, longFeed } from './ingest/sites';
import { writeBenchResult } from './lib/results';
import { benchParse } from './parse.bench';

// Compiled to bench/out/build/bench/: the repository root is four levels up.
const ROOT = join(__dirname, '..', '..', '..', '..');
const FEEDS = Number(process.env.BENCH_FEEDS ?? 200);
const ITEMS = Number(process.env.BENCH_ITEMS ?? 50);
const HOSTS = Number(process.env.BENCH_HOSTS ?? 10);
const BIG = Number(process.env.BENCH_BIG ?? 20_000);

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
const mb = (kb: number) => Math.round(kb / 1024);
const seconds = (start: bigint) => Number(process.hrtime.bigint() - start) / 1e9;
const memOf = (pid: number, field: 'VmHWM' | 'VmRSS') => Number(new RegExp(`${field}:\\s+(\\d+)`).exec(readFileSync(`/proc/${pid}/status`, 'utf8'))?.[1] ?? 0);

async function until(probe: () => Promise<boolean>, what: string, timeoutMs = 600_000, everyMs = 20): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await probe())) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await sleep(everyMs);
  }
}

async function main() {
  const loadAtStart = loadavg().map((l) => +l.toFixed(1));
  const runId = `${Date.now().toString(36)}_${randomBytes(2).toString('hex')}`;
  const dbUrl = new URL(process.env.BENCH_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres');
  dbUrl.pathname = `/newsdesk_bench_${runId}`;
  // Only what a bench must change: its own database and Redis prefix, loopback fetches, a push secret key.
  const env: Record<string, string> = {
    DATABASE_URL: dbUrl.toString(),
    REDIS_PREFIX: `newsdesk-bench-${runId}`,
    FETCH_ALLOWLIST: '127.0.0.0/8',
    LOG_LEVEL: 'warn',
    SECRET_KEY: `bench-${randomBytes(16).toString('hex')}`,
  };
  // Anything else given to this run (e.g. FEED_DISPATCH_EVERY_MS=200) reaches the worker and is reported.
  const overrides = Object.fromEntries(Object.entries(process.env).filter(([k]) => /^(FEED|FETCH|PUSH)_/.test(k) && k !== 'FETCH_ALLOWLIST')) as Record<string, string>;
  Object.assign(process.env, env);
  const production = parseEnv({ NODE_ENV: 'development' });
  const effective = parseEnv({ ...overrides });
  const workerSettings = {
    FEED_DISPATCH_EVERY_MS: effective.FEED_DISPATCH_EVERY_MS,
    FEED_WORKER_CONCURRENCY: effective.FEED_WORKER_CONCURRENCY,
    FEED_UPSERT_BATCH: effective.FEED_UPSERT_BATCH,
  };
  const differs = Object.entries(workerSettings).filter(([k, v]) => production[k as keyof typeof production] !== v);
  console.log(
    differs.length
      ? `NOT production: ${differs.map(([k, v]) => `${k}=${v} (production ${production[k as keyof typeof production]})`).join(', ')}`
      : `worker at production settings: ${Object.entries(workerSettings).map(([k, v]) => `${k}=${v}`).join(', ')}`,
  );

  await ensureDatabase(env.DATABASE_URL);
  const migrated = spawnSync(process.execPath, [join(ROOT, 'dist', 'database', 'migrate.js')], { cwd: ROOT, env: { ...process.env, ...env }, encoding: 'utf8' });
  if (migrated.status !== 0) throw new Error(`migrations failed: ${migrated.stderr}`);
  const pg = new Client({ connectionString: env.DATABASE_URL });
  await pg.connect();

  const sites = new LocalSites(HOSTS);
  await sites.start();
  const corpus = generateCorpus({ feeds: FEEDS, items: ITEMS, baseUrl: sites.base });
  const warmup = generateCorpus({ feeds: 20, items: ITEMS, seed: 7, baseUrl: `${sites.base}/warm` }).feeds.map((f) => ({ ...f, path: `/warm${f.path}` }));
  const big = { ...longFeed(BIG, '/big/wire.xml', sites.base), locale: 'en', format: 'RSS' };
  const corpusUrls = sites.serve(corpus.feeds);
  const warmUrls = sites.serve(warmup);
  const [bigUrl] = sites.serve([big]);
  const totalItems = corpus.feeds.length * ITEMS;
  console.log(`corpus: ${corpus.feeds.length} feeds x ${ITEMS} items = ${totalItems} items over ${HOSTS} local sites; ${BIG}-item feed ${(big.body.length / 2 ** 20).toFixed(1)} MB (${big.format}); database ${dbUrl.pathname.slice(1)}`);

  // 1. Parse only.
  const parse = await benchParse(corpus);
  console.log(`parse-only: parseFeed ${parse.ours} items/s, rss-parser ${parse.rssParser} items/s (${(parse.ours / parse.rssParser).toFixed(2)}x)`);

  // 2. Write ceilings with the same normalised rows.
  const locales = LocaleRegistry.fromConfig('en', [], join(ROOT, 'locales'));
  const rows: NormalisedItem[] = [];
  for (const f of corpus.feeds) {
    const parsed = parseFeed(f.body, { contentType: f.contentType, baseUrl: `${sites.base}${f.path}`, fetchedAt: new Date() });
    rows.push(...normaliseFeed(parsed, { fetchedAt: new Date(), guidsUnstable: false, localeOf: (i) => locales.resolve(i.language ?? parsed.language ?? f.locale) ?? 'en' }).items);
  }
  const ceiling = await realTablesCeiling(pg, rows);
  const plain = await plainTableCeiling(pg, rows);
  console.log(`write ceiling (bare unnest upserts of ${rows.length} rows): real tables ${ceiling} items/s, plain 7-column table ${plain} items/s (${(ceiling / plain).toFixed(2)} of it)`);

  // 3. End to end through a real worker process, started as `npm run start:worker` starts it.
  const section = async (slug: string) => (await pg.query<{ id: string }>(`INSERT INTO sections (slug, names, default_locale) VALUES ($1, '{"en":"Bench"}', 'en') RETURNING id`, [slug])).rows[0].id;
  const [mainSection, warmSection, bigSection] = [await section('bench'), await section('bench-warmup'), await section('bench-big')];
  const register = (s: string, urls: string[], locales: string[], due: string) =>
    pg.query(`INSERT INTO feeds (section_id, url, locale, next_fetch_at) SELECT $1, unnest($2::text[]), unnest($3::text[]), ${due}`, [s, urls, locales]);
  await register(mainSection, corpusUrls, corpus.feeds.map((f) => f.locale), `now() + interval '1 day'`);
  await register(bigSection, [bigUrl], [big.locale], `now() + interval '1 day'`);
  const startScript = (JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8')) as { scripts: Record<string, string> }).scripts['start:worker'];
  const workerArgs = startScript.split(/\s+/).slice(1).map((a) => (a.endsWith('.js') ? join(ROOT, a) : a));
  const worker = spawn(process.execPath, workerArgs, { cwd: ROOT, env: { ...process.env, ...env, ...overrides, LOG_LEVEL: 'log' }, stdio: ['ignore', 'pipe', 'inherit'] });
  let out = '';
  worker.stdout.on('data', (d: Buffer) => (out += d.toString().slice(-20_000)));
  await until(async () => {
    if (worker.exitCode !== null) throw new Error(`worker exited:\n${out}`);
    return out.includes('newsdesk worker running');
  }, 'the worker');
  const pid = worker.pid!;
  const idleKb = memOf(pid, 'VmRSS');
  const count = async (s: string) => Number((await pg.query<{ n: string }>(`SELECT count(*) AS n FROM articles WHERE section_id = $1`, [s])).rows[0].n);
  await register(warmSection, warmUrls, warmup.map((f) => f.locale), 'now()');
  await until(async () => (await count(warmSection)) >= warmup.length * ITEMS, 'the warm-up');
  const cpuOf = () => {
    const fields = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1].split(' ');
    return (Number(fields[11]) + Number(fields[12])) / 100; // utime + stime, in seconds (USER_HZ 100)
  };
  // The dispatcher claims due feeds every FEED_DISPATCH_EVERY_MS: the time to its first claim is waiting,
  // reported apart (items/s from the first claim as well as from "due").
  const firstClaim = async (s: string, since: Date) => {
    await until(
      async () => (await pg.query(`SELECT 1 FROM feeds WHERE section_id = $1 AND (lease_job IS NOT NULL OR last_fetched_at >= $2) LIMIT 1`, [s, since])).rows.length > 0,
      'the first claim',
      600_000,
      5,
    );
  };
  const cpuBefore = cpuOf();
  const e2eStart = process.hrtime.bigint();
  await pg.query(`UPDATE feeds SET next_fetch_at = now() WHERE section_id = $1`, [mainSection]);
  await firstClaim(mainSection, new Date(Date.now() - 1000));
  const e2eWait = seconds(e2eStart);
  await until(async () => (await count(mainSection)) >= totalItems, 'the corpus end to end');
  const e2eSeconds = seconds(e2eStart);
  const e2e = Math.round(totalItems / e2eSeconds);
  const e2eFromClaim = Math.round(totalItems / (e2eSeconds - e2eWait));
  const workerCpu = cpuOf() - cpuBefore;
  console.log(`end to end (due -> fetch -> parse -> rows, real worker): ${totalItems} items in ${e2eSeconds.toFixed(2)} s = ${e2e} items/s; ${e2eWait.toFixed(2)} s of it waiting for the dispatcher, ${e2eFromClaim} items/s from its first claim (worker CPU ${workerCpu.toFixed(2)} s)`);
  const peakAfterCorpusKb = memOf(pid, 'VmHWM');

  // 4. Re-poll the unchanged corpus.
  const settled = async (s: string, n: number) =>
    Number((await pg.query<{ n: string }>(`SELECT count(*) AS n FROM feeds WHERE section_id = $1 AND last_success_at IS NOT NULL AND lease_job IS NULL`, [s])).rows[0].n) >= n;
  await until(() => settled(mainSection, corpus.feeds.length), 'every feed recorded');
  const before304 = sites.notModified;
  const t0 = new Date();
  const repollStart = process.hrtime.bigint();
  await pg.query(`UPDATE feeds SET next_fetch_at = now() WHERE section_id = $1`, [mainSection]);
  await firstClaim(mainSection, t0);
  const repollWait = seconds(repollStart);
  await until(
    async () =>
      Number((await pg.query<{ n: string }>(`SELECT count(*) AS n FROM feeds WHERE section_id = $1 AND last_fetched_at >= $2 AND lease_job IS NULL`, [mainSection, t0])).rows[0].n) >=
      corpus.feeds.length,
    'the re-poll',
    600_000,
    10,
  );
  const repollSeconds = seconds(repollStart);
  const repoll304 = sites.notModified - before304;
  console.log(`re-poll of the unchanged corpus (${corpus.feeds.length} feeds): ${repollSeconds.toFixed(2)} s from due (${(repollSeconds - repollWait).toFixed(2)} s from the first claim), ${repoll304} answered 304, ${await count(mainSection)} rows (unchanged)`);

  // 5. One 20,000-item feed.
  const bigBeforeKb = memOf(pid, 'VmRSS');
  const bigStart = process.hrtime.bigint();
  await pg.query(`UPDATE feeds SET next_fetch_at = now() WHERE section_id = $1`, [bigSection]);
  await until(async () => (await count(bigSection)) >= BIG && (await settled(bigSection, 1)), `the ${BIG}-item feed`);
  const bigSeconds = seconds(bigStart);
  await sleep(2000);
  const bigAfterKb = memOf(pid, 'VmRSS');
  const peakAfterBigKb = memOf(pid, 'VmHWM');
  console.log(`${BIG}-item feed: ${bigSeconds.toFixed(2)} s (${Math.round(BIG / bigSeconds)} items/s); worker RSS ${mb(bigBeforeKb)} MB before, ${mb(bigAfterKb)} MB 2 s after; peak so far ${mb(peakAfterBigKb)} MB`);

  // 6. A signed push of about 5 MB with /health called meanwhile (the API runs beside the worker).
  const sample = generateCorpus({ feeds: 1, items: 1000, seed: 13, baseUrl: 'https://push.example' }).feeds[0];
  const pushDoc = generateCorpus({ feeds: 1, items: Math.floor(1000 * (4.9e6 / sample.body.length)), seed: 13, baseUrl: 'https://push.example' }).feeds[0];
  const push = await pushWithHealth(ROOT, { ...env, ...overrides }, pg, pushDoc.body);
  console.log(
    `push of ${push.bodyMb} MB: answered ${push.answer.status} in ${push.answer.ms} ms; /health idle p50 ${push.healthIdle.p50} ms (max ${push.healthIdle.max}), during the push p50 ${push.healthDuringPush.p50} ms max ${push.healthDuringPush.max} ms (${push.healthDuringPush.samples} calls): ${push.addedMaxMs} ms added at worst; ingested by the worker after ${push.ingestedAfterSeconds} s (${push.itemCount} items)`,
  );

  // 7. Peak RSS of the worker over the whole run.
  const peakKb = memOf(pid, 'VmHWM');
  console.log(`worker peak RSS: ${mb(peakKb)} MB (${mb(idleKb)} MB when started; ${mb(peakAfterCorpusKb)} MB after the corpus, ${mb(peakAfterBigKb)} MB after the ${BIG}-item feed)`);

  worker.kill('SIGTERM');
  await new Promise((r) => worker.on('exit', r));
  sites.close();
  await pg.end();
  const admin = new Client({ connectionString: dbUrl.toString().replace(dbUrl.pathname, '/postgres') });
  await admin.connect();
  await admin.query(`DROP DATABASE IF EXISTS "${dbUrl.pathname.slice(1)}" WITH (FORCE)`);
  await admin.end();

  writeBenchResult('ingest', {
    settings: {
      ...workerSettings,
      workerAtProductionSettings: differs.length === 0,
      workerNodeFlags: workerArgs.filter((a) => a.startsWith('--')).join(' '),
      corpus: `${corpus.feeds.length} feeds x ${ITEMS} items, six languages, four formats`,
      sites: `${HOSTS} loopback addresses, one HTTP server each, with ETags`,
      bigFeedItems: BIG,
      pushBytes: pushDoc.body.length,
      warmup: '20 feeds x 50 items ingested before timing (JIT warm)',
      benchOnly: 'own database and Redis prefix, FETCH_ALLOWLIST=127.0.0.0/8, random SECRET_KEY',
      machineLoadAverage: { atStart: loadAtStart, atEnd: loadavg().map((l) => +l.toFixed(1)) },
    },
    results: {
      parse: { oursItemsPerSecond: parse.ours, rssParserItemsPerSecond: parse.rssParser, ratio: +(parse.ours / parse.rssParser).toFixed(2) },
      ceiling: { realTablesItemsPerSecond: ceiling, plainTableItemsPerSecond: plain, realShareOfPlain: +(ceiling / plain).toFixed(2) },
      endToEnd: { seconds: +e2eSeconds.toFixed(2), itemsPerSecond: e2e, dispatcherWaitSeconds: +e2eWait.toFixed(2), itemsPerSecondFromFirstClaim: e2eFromClaim, shareOfRealCeiling: +(e2e / ceiling).toFixed(2), workerCpuSeconds: +workerCpu.toFixed(2) },
      unchangedRepoll: { seconds: +repollSeconds.toFixed(2), secondsFromFirstClaim: +(repollSeconds - repollWait).toFixed(2), feeds: corpus.feeds.length, notModified: repoll304 },
      bigFeed: { items: BIG, megabytes: +(big.body.length / 2 ** 20).toFixed(1), seconds: +bigSeconds.toFixed(2), rssBeforeMb: mb(bigBeforeKb), rssAfterMb: mb(bigAfterKb) },
      push,
      workerRss: { peakMb: mb(peakKb), startMb: mb(idleKb), peakAfterCorpusMb: mb(peakAfterCorpusKb), peakAfterBigFeedMb: mb(peakAfterBigKb) },
    },
    notes: [
      `targets: e2e >= half the real-tables ceiling and >= 3,000 items/s; re-poll < 2 s; /health < 50 ms added; worker peak RSS < 250 MB`,
      differs.length ? `worker NOT at production settings: ${differs.map(([k, v]) => `${k}=${v}`).join(', ')}` : `worker at production settings (the dispatcher runs every ${workerSettings.FEED_DISPATCH_EVERY_MS / 1000} s: e2e and re-poll "from due" include waiting for its next run)`,
      'the machine is shared: /health "added" is measured against idle calls of the same run (see healthIdle); compare figures of one run',
    ],
  });
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
