/**
 * `npm run bench:ingest`: feed ingestion end to end, in one run, on its own database and Redis prefix.
 *  1. parse-only items/s, newsdesk's parseFeed vs rss-parser (benchParse on the same corpus);
 *  2. the database ceiling: a bare INSERT ... SELECT FROM unnest(...) ON CONFLICT DO UPDATE of the same
 *     normalised rows (articles, then their translations) with pg, in batches of 1,000;
 *  3. end to end: the corpus served by a local HTTP server, 200 feeds registered, a real worker process (warmed
 *     up on 20 other feeds first)
 *     (dist/worker.js) dispatching, fetching, parsing and upserting: items/s from "due" to rows in PostgreSQL;
 *  4. re-polling the unchanged corpus (all feeds due again: conditional GETs answered 304);
 *  5. peak RSS of the worker (VmHWM).
 * Targets (2 cores): parse >= 2x rss-parser; e2e >= half the ceiling and >= 1,000 items/s; re-poll < 2 s;
 * worker RSS < 300 MB. Speed is measured here, never asserted in a test. Results: bench/out/ingest.json.
 */
import { spawn, spawnSync } from 'node:child_process';
import { createHash, randomBytes } from 'node:crypto';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import { Client } from 'pg';
import { ensureDatabase } from '../src/database/migrate';
import { LocaleRegistry } from '../src/i18n/locale-registry';
import { normaliseFeed, type NormalisedItem } from '../src/feeds/normalise';
import { parseFeed } from '../src/feed-reader/parse/parse-feed';
import { generateCorpus } from './corpus';
import { benchParse } from './parse.bench';

// Compiled to bench/out/build/bench/: the repository root is four levels up.
const ROOT = join(__dirname, '..', '..', '..', '..');
const FEEDS = Number(process.env.BENCH_FEEDS ?? 200);
const ITEMS = Number(process.env.BENCH_ITEMS ?? 50);

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
const mb = (kb: number) => Math.round(kb / 1024);

async function main() {
  const runId = `${Date.now().toString(36)}_${randomBytes(2).toString('hex')}`;
  const dbUrl = new URL(process.env.BENCH_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres');
  dbUrl.pathname = `/newsdesk_bench_${runId}`;
  const env = { DATABASE_URL: dbUrl.toString(), REDIS_PREFIX: `newsdesk-bench-${runId}`, FETCH_ALLOWLIST: '127.0.0.0/8', LOG_LEVEL: 'warn' };
  Object.assign(process.env, env);
  // Migrated by the same build the worker runs (dist/), so both agree on the schema.
  await ensureDatabase(env.DATABASE_URL);
  const migrated = spawnSync(process.execPath, [join(ROOT, 'dist', 'database', 'migrate.js')], { cwd: ROOT, env: { ...process.env, ...env }, encoding: 'utf8' });
  if (migrated.status !== 0) throw new Error(`migrations failed: ${migrated.stderr}`);
  const pg = new Client({ connectionString: env.DATABASE_URL });
  await pg.connect();

  // The corpus, served locally with ETags (a re-poll of an unchanged feed is one 304).
  // Real feeds live on many hosts, and the fetcher sends at most one request at a time per host: the
  // corpus is spread over BENCH_HOSTS loopback addresses (127.0.0.1, 127.0.0.2, ...), one server each.
  const hosts = Array.from({ length: Number(process.env.BENCH_HOSTS ?? 8) }, (_, i) => `127.0.0.${i + 1}`);
  const servers = hosts.map(() => createServer());
  await new Promise<void>((resolve) => servers[0].listen(0, hosts[0], resolve));
  const port = (servers[0].address() as AddressInfo).port;
  await Promise.all(servers.slice(1).map((srv, i) => new Promise<void>((resolve) => srv.listen(port, hosts[i + 1], resolve))));
  const base = `http://127.0.0.1:${port}`;
  const feedUrl = (path: string, i: number) => `http://${hosts[i % hosts.length]}:${port}${path}`;
  const corpus = generateCorpus({ feeds: FEEDS, items: ITEMS, baseUrl: base });
  // A small warm-up corpus (another seed), ingested before the timed run so the worker's JIT is warm.
  const warmup = generateCorpus({ feeds: 20, items: ITEMS, seed: 7, baseUrl: `${base}/warm` }).feeds.map((f) => ({ ...f, path: `/warm${f.path}` }));
  const byPath = new Map([...corpus.feeds, ...warmup].map((f) => [f.path, { ...f, etag: `"${createHash('sha1').update(f.body).digest('hex')}"` }]));
  let requests = 0;
  let notModified = 0;
  const handle = (req: import('node:http').IncomingMessage, res: import('node:http').ServerResponse) => {
    requests++;
    const feed = byPath.get(req.url ?? '');
    if (!feed) return void res.writeHead(404).end();
    if (req.headers['if-none-match'] === feed.etag) {
      notModified++;
      return void res.writeHead(304, { etag: feed.etag }).end();
    }
    res.writeHead(200, { 'content-type': feed.contentType, etag: feed.etag }).end(feed.body);
  };
  for (const srv of servers) srv.on('request', handle);
  const totalItems = corpus.feeds.length * ITEMS;
  console.log(`corpus: ${corpus.feeds.length} feeds x ${ITEMS} items = ${totalItems} items, six languages, HTML bodies; database ${dbUrl.pathname.slice(1)}`);

  // 1. Parse only.
  const parse = await benchParse(corpus);
  console.log(`parse-only: parseFeed ${parse.ours} items/s, rss-parser ${parse.rssParser} items/s (${(parse.ours / parse.rssParser).toFixed(2)}x)`);

  // 2. Database ceiling with the same normalised rows.
  const locales = LocaleRegistry.fromConfig('en', [], join(ROOT, 'locales'));
  const rows: NormalisedItem[] = [];
  for (const f of corpus.feeds) {
    const parsed = parseFeed(f.body, { contentType: f.contentType, baseUrl: `${base}${f.path}`, fetchedAt: new Date() });
    rows.push(
      ...normaliseFeed(parsed, { fetchedAt: new Date(), guidsUnstable: false, localeOf: (i) => locales.resolve(i.language ?? parsed.language ?? f.locale) ?? 'en' }).items,
    );
  }
  const [{ id: ceilingSection }] = (await pg.query<{ id: string }>(`INSERT INTO sections (slug, names, default_locale) VALUES ('bench-ceiling', '{"en":"Ceiling"}', 'en') RETURNING id`)).rows;
  const ceilingStart = process.hrtime.bigint();
  for (let i = 0; i < rows.length; i += 1000) {
    const batch = rows.slice(i, i + 1000);
    await pg.query('BEGIN');
    // The same columns and expressions as ingestion's upsert, without any of its logic.
    const inserted = await pg.query(
      `INSERT INTO articles (section_id, identity, original_locale, canonical_url, published_at, authors, tags, image_url, content_hash, alternate_urls)
       SELECT $1, i.identity, i.locale, i.url, i.published_at,
              ARRAY(SELECT jsonb_array_elements_text(i.authors::jsonb)), ARRAY(SELECT jsonb_array_elements_text(i.tags::jsonb)),
              i.image_url, i.content_hash, ARRAY(SELECT jsonb_array_elements_text(i.alternates::jsonb))
         FROM unnest($2::text[], $3::text[], $4::text[], $5::timestamptz[], $6::text[], $7::text[], $8::text[], $9::text[], $10::text[])
           AS i(identity, locale, url, published_at, authors, tags, image_url, content_hash, alternates)
       ON CONFLICT (section_id, identity) WHERE identity IS NOT NULL DO UPDATE SET content_hash = EXCLUDED.content_hash, updated_at = now()
       RETURNING id, identity`,
      [
        ceilingSection,
        batch.map((r) => r.identity),
        batch.map((r) => r.locale),
        batch.map((r) => r.url),
        batch.map((r) => r.publishedAt),
        batch.map((r) => JSON.stringify(r.authors)),
        batch.map((r) => JSON.stringify(r.tags)),
        batch.map((r) => r.imageUrl),
        batch.map((r) => r.contentHash),
        batch.map((r) => JSON.stringify(r.alternates)),
      ],
    );
    const byIdentity = new Map(batch.map((r) => [r.identity, r]));
    const t = inserted.rows.map((a: { id: string; identity: string }) => ({ id: a.id, r: byIdentity.get(a.identity)! }));
    await pg.query(
      `INSERT INTO translations (article_id, section_id, locale, title, summary, body_html, slug, url, status, is_original)
       SELECT a, $1, l, ti, s, b, sl, u, 'PUBLISHED', true FROM unnest($2::uuid[], $3::text[], $4::text[], $5::text[], $6::text[], $7::text[], $8::text[]) AS x(a, l, ti, s, b, sl, u)
       ON CONFLICT (article_id, locale) DO UPDATE SET title = EXCLUDED.title, body_html = EXCLUDED.body_html, updated_at = now()`,
      [
        ceilingSection,
        t.map((x) => x.id),
        t.map((x) => x.r.locale),
        t.map((x) => x.r.title),
        t.map((x) => x.r.summary),
        t.map((x) => x.r.bodyHtml),
        t.map((x) => `s-${x.id}`),
        t.map((x) => x.r.url),
      ],
    );
    await pg.query('COMMIT');
  }
  const ceilingSeconds = Number(process.hrtime.bigint() - ceilingStart) / 1e9;
  const ceiling = Math.round(rows.length / ceilingSeconds);
  console.log(`database ceiling (bare unnest upserts of ${rows.length} normalised rows, articles + translations): ${ceiling} items/s`);

  // 3. End to end through a real worker process.
  const [{ id: section }] = (await pg.query<{ id: string }>(`INSERT INTO sections (slug, names, default_locale) VALUES ('bench', '{"en":"Bench"}', 'en') RETURNING id`)).rows;
  await pg.query(
    `INSERT INTO feeds (section_id, url, locale, next_fetch_at) SELECT $1, unnest($2::text[]), unnest($3::text[]), now() + interval '1 day'`,
    [section, corpus.feeds.map((f, i) => feedUrl(f.path, i)), corpus.feeds.map((f) => f.locale)],
  );
  // Started as `npm run start:worker` starts it (same node flags: a smaller young generation keeps RSS down).
  const startScript = (JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8')) as { scripts: Record<string, string> }).scripts['start:worker'];
  const workerArgs = startScript.split(/\s+/).slice(1).map((a) => (a.endsWith('.js') ? join(ROOT, a) : a));
  const worker = spawn(process.execPath, workerArgs, {
    cwd: ROOT,
    env: { ...process.env, ...env, LOG_LEVEL: 'log', FEED_DISPATCH_EVERY_MS: '200', FEED_WORKER_CONCURRENCY: process.env.BENCH_CONCURRENCY ?? '4' },
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  let out = '';
  worker.stdout.on('data', (d: Buffer) => (out += d.toString()));
  while (!out.includes('newsdesk worker running')) {
    if (worker.exitCode !== null) throw new Error(`worker exited:\n${out}`);
    await sleep(50);
  }
  const idleKb = Number(/VmRSS:\s+(\d+)/.exec(readFileSync(`/proc/${worker.pid}/status`, 'utf8'))?.[1] ?? 0);
  const count = async () => Number((await pg.query<{ n: string }>(`SELECT count(*) AS n FROM articles WHERE section_id = $1`, [section])).rows[0].n);
  const [{ id: warmSection }] = (await pg.query<{ id: string }>(`INSERT INTO sections (slug, names, default_locale) VALUES ('bench-warmup', '{"en":"Warm-up"}', 'en') RETURNING id`)).rows;
  await pg.query(`INSERT INTO feeds (section_id, url, locale) SELECT $1, unnest($2::text[]), unnest($3::text[])`, [
    warmSection,
    warmup.map((f, i) => feedUrl(f.path, i)),
    warmup.map((f) => f.locale),
  ]);
  const warmCount = async () => Number((await pg.query<{ n: string }>(`SELECT count(*) AS n FROM articles WHERE section_id = $1`, [warmSection])).rows[0].n);
  while ((await warmCount()) < warmup.length * ITEMS) await sleep(50);
  const cpuOf = (pid: number) => {
    const fields = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1].split(' ');
    return (Number(fields[11]) + Number(fields[12])) / 100; // utime + stime, in seconds (USER_HZ 100)
  };
  const cpuBefore = cpuOf(worker.pid!);
  const e2eStart = process.hrtime.bigint();
  await pg.query(`UPDATE feeds SET next_fetch_at = now() WHERE section_id = $1`, [section]);
  const deadline = Date.now() + 300_000;
  while ((await count()) < totalItems) {
    if (Date.now() > deadline) {
      const states = (await pg.query(`SELECT status, last_error, count(*) AS n FROM feeds WHERE section_id = $1 GROUP BY 1, 2`, [section])).rows;
      throw new Error(`end to end did not finish: ${await count()} rows; feeds ${JSON.stringify(states)}\n${out.slice(-3000)}`);
    }
    await sleep(20);
  }
  const e2eSeconds = Number(process.hrtime.bigint() - e2eStart) / 1e9;
  const e2e = Math.round(totalItems / e2eSeconds);
  const workerCpu = cpuOf(worker.pid!) - cpuBefore;
  console.log(`end to end (due -> fetch -> parse -> rows, real worker): ${totalItems} items in ${e2eSeconds.toFixed(2)} s = ${e2e} items/s (worker CPU ${workerCpu.toFixed(2)} s)`);

  // 4. Re-poll the unchanged corpus.
  const allSucceeded = async () => Number((await pg.query<{ n: string }>(`SELECT count(*) AS n FROM feeds WHERE section_id = $1 AND last_success_at IS NOT NULL AND lease_job IS NULL`, [section])).rows[0].n);
  while ((await allSucceeded()) < corpus.feeds.length) await sleep(20);
  const before304 = notModified;
  const t0 = new Date();
  const repollStart = process.hrtime.bigint();
  await pg.query(`UPDATE feeds SET next_fetch_at = now() WHERE section_id = $1`, [section]);
  const repolled = async () => Number((await pg.query<{ n: string }>(`SELECT count(*) AS n FROM feeds WHERE section_id = $1 AND last_fetched_at >= $2 AND lease_job IS NULL`, [section, t0])).rows[0].n);
  while ((await repolled()) < corpus.feeds.length) await sleep(10);
  const repollSeconds = Number(process.hrtime.bigint() - repollStart) / 1e9;
  console.log(`re-poll of the unchanged corpus (${corpus.feeds.length} feeds): ${repollSeconds.toFixed(2)} s, ${notModified - before304} answered 304, ${await count()} rows (unchanged)`);

  // 5. Peak RSS of the worker.
  const status = readFileSync(`/proc/${worker.pid}/status`, 'utf8');
  const peakKb = Number(/VmHWM:\s+(\d+)/.exec(status)?.[1] ?? 0);
  console.log(`worker peak RSS: ${mb(peakKb)} MB (${mb(idleKb)} MB when started, before any feed)`);

  worker.kill('SIGTERM');
  await new Promise((r) => worker.on('exit', r));
  for (const srv of servers) srv.close();
  await pg.end();
  const admin = new Client({ connectionString: dbUrl.toString().replace(dbUrl.pathname, '/postgres') });
  await admin.connect();
  await admin.query(`DROP DATABASE IF EXISTS "${dbUrl.pathname.slice(1)}" WITH (FORCE)`);
  await admin.end();

  const result = {
    at: new Date().toISOString(),
    corpus: { feeds: corpus.feeds.length, items: totalItems, hosts: hosts.length },
    parse: { oursItemsPerSecond: parse.ours, rssParserItemsPerSecond: parse.rssParser, ratio: +(parse.ours / parse.rssParser).toFixed(2) },
    databaseCeilingItemsPerSecond: ceiling,
    endToEnd: { seconds: +e2eSeconds.toFixed(2), itemsPerSecond: e2e, shareOfCeiling: +(e2e / ceiling).toFixed(2), workerCpuSeconds: +workerCpu.toFixed(2) },
    unchangedRepoll: { seconds: +repollSeconds.toFixed(2), requests, notModified },
    workerPeakRssMb: mb(peakKb),
    workerStartRssMb: mb(idleKb),
  };
  mkdirSync(join(ROOT, 'bench', 'out'), { recursive: true });
  writeFileSync(join(ROOT, 'bench', 'out', 'ingest.json'), JSON.stringify(result, null, 2));
  console.log(JSON.stringify(result, null, 2));
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
