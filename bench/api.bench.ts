/**
 * `npm run bench:api`: reads at the organisation's size, in one run, on its own database and Redis prefix.
 *  1. seeds 100,000 articles (BENCH_ARTICLES) with scripts/seed-scale.ts (its time is reported);
 *  2. three servers side by side: newsdesk uncached (READ_CACHE_TTL_SECONDS=0), newsdesk cached (300, the
 *     production default) and the ceiling (bench/ceiling-server.ts: bare node:http + pg, same SQL, same JSON;
 *     one answer of each is compared first). Per scenario, the three back to back (they share the load of
 *     the moment: the machine is shared), 50 keep-alive connections for BENCH_SECONDS (10) each after a short
 *     warm-up: req/s, p50, p99, errors;
 *  3. 100 req/s fixed, uncached, for the list and the article (p99); peak RSS (VmHWM) of each server; the
 *     load average; each target met or missed. Env: BENCH_ARTICLES, BENCH_SECONDS, BENCH_DATABASE_URL
 *     (reuse a seeded database; BENCH_SEED_SECONDS then records how long its seed took).
 * Targets (2 cores): uncached >= half the ceiling's req/s and p99 <= 2x the ceiling's; zero errors; the
 * page 5,000 rows deep within 20% of the first page's req/s; API RSS < 300 MB; at 100 req/s p99 < 50 ms;
 * cached >= 2x uncached. Speed is measured here, never asserted in a test.
 */
import { fork, spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { loadavg } from 'node:os';
import { join } from 'node:path';
import { Client } from 'pg';
import { COMMON_WORDS, RARE_WORDS, seedScale } from '../scripts/seed-scale';
import { CursorCodec } from '../src/common/cursor';
import { AppConfig } from '../src/config/app-config';
import { parseEnv } from '../src/config/env.schema';
import { migrate } from '../src/database/migrate';
import { closedLoop, fixedRate, type LoadRequest, type LoadResult } from './lib/load';
import { dropRedisPrefix } from './lib/redis-prefix';
import { writeBenchResult } from './lib/results';

// Compiled to bench/out/scale/bench/: the repository root is four levels up.
const ROOT = join(__dirname, '..', '..', '..', '..');
const ARTICLES = Number(process.env.BENCH_ARTICLES ?? 100_000);
const SECONDS = Number(process.env.BENCH_SECONDS ?? 10);
const CONNECTIONS = 50;
const API_PORT = 3901;
const CEILING_PORT = 3902;
const API_CACHED_PORT = 3903;
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** What differs from production in this run, printed and stored with the results. */
const SETTINGS: Record<string, string> = {
  RATE_LIMIT_ANON_PER_MIN: '0',
  RATE_LIMIT_KEY_PER_MIN: '0',
  LOG_LEVEL: 'warn',
};
const DIFFERS: Record<string, string> = {
  ...SETTINGS,
  READ_CACHE_TTL_SECONDS: '0 for "uncached" (production default 300, as "cached")',
  SECRET_KEY: 'random per run',
  CURSOR_SECRET: 'random per run',
  'database, Redis prefix': 'own per run (newsdesk_bench_api_<run>, newsdesk-bench-api-<run>)',
};
const WHY: Record<string, string> = {
  RATE_LIMIT_ANON_PER_MIN: 'rate limit lifted: the load generator is one address sending thousands of requests a minute (production 0 = off is allowed)',
  RATE_LIMIT_KEY_PER_MIN: 'rate limit lifted, as above, for the translator and editor keys',
  LOG_LEVEL: 'access lines not written (production: log), so the figures measure reads, not the terminal',
};
const NOTES = [
  'The three servers, PostgreSQL and the load generator share the two cores, and the machine’s speed drifts between runs: compare figures of one run, scenario by scenario (uncached, cached and ceiling of a scenario are measured back to back), not across runs.',
  'The ceiling runs the same statements as newsdesk (its repositories, for search, the queue, coverage and the feed) and answers the same JSON; one answer of each is compared before measuring (sameJson).',
  'seed: the seed of this run (scripts/seed-scale.ts, as `npm run seed:scale -- --articles N`, incl. migrations and VACUUM ANALYZE).',
  'Counts (totalCount, translationCoverage) are kept under their read-cache versions also with READ_CACHE_TTL_SECONDS=0 (exact: every write that changes them retires them), so coverage is answered from that count cache in "uncached" too; the ceiling recounts on every request.',
];

interface Scenario {
  name: string;
  api: LoadRequest;
  ceiling?: string;
  cacheable: boolean;
  fixedRate?: boolean;
}

const gql = (query: string, variables: Record<string, unknown>, headers: Record<string, string> = {}): LoadRequest => ({
  method: 'POST',
  path: '/graphql',
  headers: { 'content-type': 'application/json', 'accept-language': 'en', ...headers },
  body: JSON.stringify({ query, variables }),
});

const LIST = `query($after: String, $tag: String) { articles(first: 20, after: $after, tag: $tag) {
  edges { cursor node { id publishedAt section { slug name } translation { locale title summary isFallback } missingLocales } } } }`;
const ARTICLE = `query($s: String, $slug: String) { article(section: $s, slug: $slug) { id section { slug } translations { locale title summary bodyHtml slug } } }`;
const SEARCH = `query($q: String!, $l: String) { search(query: $q, locale: $l, first: 20) { edges { node { locale score snippet article { id } } } } }`;
const QUEUE = `{ translationQueue(locale: "zh", first: 20) { edges { node { reason article { id } source { title } } } } }`;
const COVERAGE = `{ translationCoverage { locale total published stale inProgress missing } }`;

async function setUp(databaseUrl: string, env: Record<string, string>) {
  const pg = new Client({ connectionString: databaseUrl });
  await pg.connect();
  const [deep] = (await pg.query<{ p: string; id: string }>(`SELECT published_at::text AS p, id FROM articles ORDER BY published_at DESC, id DESC OFFSET 4999 LIMIT 1`)).rows;
  const [slug] = (await pg.query<{ section: string; slug: string }>(
    `SELECT s.slug AS section, t.slug FROM translations t JOIN sections s ON s.id = t.section_id
     WHERE NOT t.is_original AND t.status = 'PUBLISHED' ORDER BY t.article_id LIMIT 1`,
  )).rows;
  await pg.end();
  const key = (args: string[]) => {
    const run = spawnSync(process.execPath, [join(ROOT, 'dist', 'cli', 'keys.js'), 'create', ...args], { cwd: ROOT, env, encoding: 'utf8' });
    if (run.status !== 0) throw new Error(`keys: ${run.stderr}`);
    return run.stdout.trim().split('\n').pop()!;
  };
  return {
    deep,
    slug,
    translator: key(['--role', 'TRANSLATOR', '--name', 'bench translator', '--locales', 'zh']),
    editor: key(['--role', 'EDITOR', '--name', 'bench editor']),
  };
}

function scenarios(s: Awaited<ReturnType<typeof setUp>>, cursorSecret: string): Scenario[] {
  const after = new CursorCodec(cursorSecret).encode('article', [s.deep.p, s.deep.id]);
  const out: Scenario[] = [
    { name: 'articles(first: 20)', api: gql(LIST, {}), ceiling: '/list?locale=en', cacheable: true, fixedRate: true },
    { name: 'articles, Accept-Language ur (fallback)', api: gql(LIST, {}, { 'accept-language': 'ur' }), ceiling: '/list?locale=ur', cacheable: true },
    { name: 'articles 5,000 rows deep, zh', api: gql(LIST, { after }, { 'accept-language': 'zh' }), ceiling: `/list?locale=zh&after=${encodeURIComponent(`${s.deep.p}|${s.deep.id}`)}`, cacheable: true },
    { name: 'article(section, slug), all translations', api: gql(ARTICLE, { s: s.slug.section, slug: s.slug.slug }), ceiling: `/article?section=${s.slug.section}&slug=${encodeURIComponent(s.slug.slug)}`, cacheable: true, fixedRate: true },
    { name: 'articles(tag: "press-freedom")', api: gql(LIST, { tag: 'press-freedom' }), ceiling: '/list?locale=en&tag=press-freedom', cacheable: true },
  ];
  for (const [kind, words] of [['rare', RARE_WORDS], ['common', COMMON_WORDS]] as const) {
    for (const [locale, word] of Object.entries(words)) {
      out.push({ name: `search ${locale}, ${kind} word`, api: gql(SEARCH, { q: word, l: locale }), ceiling: `/search?locale=${locale}&q=${encodeURIComponent(word)}`, cacheable: false });
    }
  }
  for (const [who, key] of [['translator', s.translator], ['editor', s.editor]]) {
    out.push({ name: `translationQueue zh, ${who}'s key`, api: gql(QUEUE, {}, { authorization: `Bearer ${key}` }), ceiling: '/queue?locale=zh', cacheable: false });
    // Coverage counts are kept in the read cache for key holders too (retired by every write): cacheable.
    out.push({ name: `translationCoverage, ${who}'s key`, api: gql(COVERAGE, {}, { authorization: `Bearer ${key}` }), ceiling: '/coverage', cacheable: true });
  }
  out.push({ name: 'Atom feed /feeds/en.atom', api: { method: 'GET', path: '/feeds/en.atom' }, ceiling: '/feed?locale=en', cacheable: true });
  return out;
}

async function waitFor(port: number, path: string, child: ChildProcess): Promise<void> {
  for (let i = 0; i < 600; i++) {
    if (child.exitCode !== null) throw new Error(`process exited (${child.exitCode})`);
    const ok = await fetch(`http://127.0.0.1:${port}${path}`).then((r) => r.status < 500, () => false);
    if (ok) return;
    await sleep(100);
  }
  throw new Error(`no answer on port ${port}`);
}

/** The Node flags `npm start` gives the API in production (its heap bounds), so the bench runs it the same way. */
const API_NODE_FLAGS = (JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8')) as { scripts: { start: string } }).scripts.start
  .split(/\s+/)
  .filter((arg) => arg.startsWith('--'));

function startApi(env: Record<string, string>): ChildProcess {
  const child = spawn(process.execPath, [...API_NODE_FLAGS, join(ROOT, 'dist', 'main.js')], { cwd: ROOT, env: { ...process.env, ...env }, stdio: ['ignore', 'ignore', 'inherit'] });
  return child;
}

async function stop(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null) return;
  const exited = new Promise((r) => child.once('exit', r));
  child.kill('SIGTERM');
  await Promise.race([exited, sleep(10_000)]);
  if (child.exitCode === null) child.kill('SIGKILL');
}

/** Peak resident memory (VmHWM) of a process, in MB; null when it is no longer running (reported as such). */
function peakRssMb(pid: number): number | null {
  let status: string;
  try {
    status = readFileSync(`/proc/${pid}/status`, 'utf8');
  } catch {
    return null;
  }
  const line = status.split('\n').find((l) => l.startsWith('VmHWM:'))!;
  return Math.round(Number(line.replace(/\D+/g, '')) / 1024);
}

interface Servers {
  uncached: ChildProcess;
  cached: ChildProcess;
  ceiling: ChildProcess;
}

const PORTS = { uncached: API_PORT, cached: API_CACHED_PORT, ceiling: CEILING_PORT } as const;

/** The ceiling's request for a scenario (the same read, without GraphQL). */
const ceilingRequest = (s: Scenario): LoadRequest => ({ method: 'GET', path: s.ceiling! });

/** One answer of each server, compared: the ceiling must answer what newsdesk answers, or its figure means nothing. */
async function sameAnswer(s: Scenario): Promise<boolean> {
  const read = async (port: number, req: LoadRequest) => {
    const res = await fetch(`http://127.0.0.1:${port}${req.path}`, { method: req.method, headers: req.headers, body: req.body });
    const text = await res.text();
    return req.path.startsWith('/feeds/') || req.path.startsWith('/feed') ? text : JSON.stringify(JSON.parse(text));
  };
  const [api, bare] = await Promise.all([read(PORTS.uncached, s.api), read(PORTS.ceiling, ceilingRequest(s))]);
  if (api !== bare) console.log(`  ! ${s.name}: the ceiling's answer differs from newsdesk's\n    newsdesk: ${api.slice(0, 300)}\n    ceiling:  ${bare.slice(0, 300)}`);
  return api === bare;
}

async function load(port: number, req: LoadRequest, label: string, name: string): Promise<LoadResult> {
  await closedLoop(port, req, 10, 1.5); // warm-up: JIT, pools, plans (and, cached, the entry)
  const r = await closedLoop(port, req, CONNECTIONS, SECONDS);
  console.log(`  [${label.padEnd(8)}] ${name.padEnd(44)} ${String(r.rps).padStart(7)} req/s  p50 ${r.p50Ms} ms  p95 ${r.p95Ms} ms  p99 ${r.p99Ms} ms  errors ${r.errors}  (generator delay max ${r.generatorDelayMaxMs} ms)`);
  return r;
}

/**
 * Each scenario against newsdesk uncached, newsdesk cached and the ceiling back to back, so that the three
 * figures of a scenario share the machine's load of the moment (it is shared with others).
 */
async function measure(list: Scenario[], servers: Servers) {
  const rows = [];
  for (const s of list) {
    const load1 = +loadavg()[0].toFixed(1);
    const same = s.ceiling ? await sameAnswer(s) : null;
    const uncached = await load(PORTS.uncached, s.api, 'uncached', s.name);
    const cached = s.cacheable ? await load(PORTS.cached, s.api, 'cached', s.name) : null;
    const ceiling = s.ceiling ? await load(PORTS.ceiling, ceilingRequest(s), 'ceiling', s.name) : null;
    // The peak so far after each scenario: where it rises tells which read drives the peak RSS.
    const peakRssSoFarMb = { uncached: peakRssMb(servers.uncached.pid!), cached: peakRssMb(servers.cached.pid!), ceiling: peakRssMb(servers.ceiling.pid!) };
    console.log(`  peak RSS so far: newsdesk uncached ${peakRssSoFarMb.uncached} MB, cached ${peakRssSoFarMb.cached} MB, ceiling ${peakRssSoFarMb.ceiling} MB`);
    rows.push({ scenario: s.name, uncached, cached, ceiling, sameJson: same, loadAverage1m: load1, peakRssSoFarMb });
  }
  return rows;
}

async function main() {
  const runId = `${Date.now().toString(36)}_${randomBytes(2).toString('hex')}`;
  const reuse = process.env.BENCH_DATABASE_URL;
  const dbUrl = new URL(reuse ?? 'postgres://postgres@127.0.0.1:5432/postgres');
  if (!reuse) dbUrl.pathname = `/newsdesk_bench_api_${runId}`;
  const env: Record<string, string> = {
    ...SETTINGS,
    NODE_ENV: 'production',
    DATABASE_URL: dbUrl.toString(),
    REDIS_PREFIX: `newsdesk-bench-api-${runId}`,
    HOST: '127.0.0.1',
    CURSOR_SECRET: randomBytes(24).toString('base64url'),
    SECRET_KEY: randomBytes(24).toString('base64url'),
  };
  console.log(`bench:api  ${new Date().toISOString()}  ${ARTICLES} articles, ${CONNECTIONS} connections x ${SECONDS} s per scenario`);
  console.log('Settings that differ from production:');
  for (const [k, v] of Object.entries(DIFFERS)) console.log(`  ${k}=${v}${WHY[k] ? `: ${WHY[k]}` : ''}`);
  let seed: { articles: number; translations: number; seconds: number } | null = null;
  try {
    if (reuse) await migrate(new AppConfig({ ...parseEnv(), DATABASE_URL: env.DATABASE_URL }));
    else {
      seed = await seedScale({ databaseUrl: env.DATABASE_URL, articles: ARTICLES, log: (l) => console.log(`  seed: ${l}`) });
      console.log(`Seeded ${seed.articles} articles, ${seed.translations} translations in ${seed.seconds.toFixed(1)} s`);
    }
    await run(env, seed);
  } finally {
    await dropRedisPrefix(process.env.REDIS_URL ?? 'redis://127.0.0.1:6379/0', env.REDIS_PREFIX);
    if (!reuse) {
      const admin = new Client({ connectionString: new URL('/postgres', dbUrl).toString() });
      await admin.connect();
      await admin.query(`DROP DATABASE IF EXISTS "${dbUrl.pathname.slice(1)}" WITH (FORCE)`);
      await admin.end();
    }
  }
}

async function startAll(env: Record<string, string>): Promise<Servers> {
  const uncached = startApi({ ...env, PORT: String(PORTS.uncached), READ_CACHE_TTL_SECONDS: '0' });
  const cached = startApi({ ...env, PORT: String(PORTS.cached), READ_CACHE_TTL_SECONDS: '300' });
  const ceiling = fork(join(__dirname, 'ceiling-server.js'), [], { env: { ...process.env, ...env, PORT: String(CEILING_PORT) }, stdio: ['ignore', 'ignore', 'inherit', 'ipc'] });
  try {
    await Promise.all([
      waitFor(PORTS.uncached, '/health', uncached),
      waitFor(PORTS.cached, '/health', cached),
      new Promise((resolve, reject) => {
        ceiling.once('message', resolve);
        ceiling.once('exit', (code) => reject(new Error(`the ceiling server exited (${code})`)));
      }),
    ]);
  } catch (error) {
    await Promise.all([stop(uncached), stop(cached), stop(ceiling)]);
    throw error;
  }
  return { uncached, cached, ceiling };
}

async function run(env: Record<string, string>, seed: { articles: number; translations: number; seconds: number } | null) {
  const s = await setUp(env.DATABASE_URL, { ...process.env, ...env } as Record<string, string>);
  const list = scenarios(s, env.CURSOR_SECRET);
  const loadAtStart = loadavg().map((l) => +l.toFixed(1));
  const servers = await startAll(env);
  try {
    console.log('newsdesk uncached (READ_CACHE_TTL_SECONDS=0), newsdesk cached (300, the default), ceiling (node:http + pg, same SQL, same JSON):');
    const rows = await measure(list, servers);
    const rssClosedLoop = peakRssMb(servers.uncached.pid!);
    const exited: string[] = [];
    const watchExit = (name: string, child: ChildProcess) => child.once('exit', (code, signal) => exited.push(`${name} exited (${signal ?? code}) during the run`));
    watchExit('newsdesk uncached', servers.uncached);
    watchExit('newsdesk cached', servers.cached);
    const fixed: Record<string, LoadResult> = {};
    for (const sc of list.filter((x) => x.fixedRate)) {
      fixed[sc.name] = await fixedRate(PORTS.uncached, sc.api, 100, SECONDS);
      console.log(`  [100 req/s, uncached] ${sc.name.padEnd(42)} p50 ${fixed[sc.name].p50Ms} ms  p99 ${fixed[sc.name].p99Ms} ms  errors ${fixed[sc.name].errors}  (generator delay max ${fixed[sc.name].generatorDelayMaxMs} ms)`);
    }
    // The open loop piles requests up when the API is slower than 100 req/s: its peak is reported apart.
    const rss = { uncached: rssClosedLoop, uncachedAfterFixedRate: peakRssMb(servers.uncached.pid!), cached: peakRssMb(servers.cached.pid!), ceiling: peakRssMb(servers.ceiling.pid!) };
    const loadAtEnd = loadavg().map((l) => +l.toFixed(1));
    console.log(`Peak RSS: newsdesk uncached ${rss.uncached} MB (${rss.uncachedAfterFixedRate} MB after the 100 req/s phase), cached ${rss.cached} MB, ceiling ${rss.ceiling} MB`);
    console.log(`Load average (1, 5, 15 min): at start ${loadAtStart.join(' ')}, at end ${loadAtEnd.join(' ')}`);
    writeBenchResult('api', {
      settings: { ...DIFFERS, apiNodeFlags: `${API_NODE_FLAGS.join(' ')} (as npm start)`, articles: ARTICLES, connections: CONNECTIONS, secondsPerScenario: SECONDS, warmUp: '10 connections x 1.5 s before each measure' },
      results: {
        seed: seed ?? (process.env.BENCH_SEED_SECONDS ? { articles: ARTICLES, seconds: Number(process.env.BENCH_SEED_SECONDS), note: 'npm run seed:scale, timed apart' } : null),
        scenarios: rows,
        fixedRate100Uncached: fixed,
        peakRssMb: rss,
        machineLoadAverage: { atStart: loadAtStart, atEnd: loadAtEnd },
        targets: targetsOf(rows, fixed, rss.uncached),
      },
      notes: [...NOTES, ...exited],
    });
  } finally {
    await Promise.all([stop(servers.uncached), stop(servers.cached), stop(servers.ceiling)]);
  }
}

type Row = Awaited<ReturnType<typeof measure>>[number];

/** Each target of the issue, met or not, from this run's figures. */
function targetsOf(rows: Row[], fixed: Record<string, LoadResult>, rssMb: number | null) {
  const out: { target: string; met: boolean; detail: string }[] = [];
  for (const r of rows) {
    const u = r.uncached;
    out.push({ target: `${r.scenario}: zero errors`, met: u.errors === 0 && (r.cached?.errors ?? 0) === 0, detail: `uncached ${u.errors}, cached ${r.cached?.errors ?? '-'}` });
    if (r.ceiling) {
      out.push({ target: `${r.scenario}: uncached >= half the ceiling's req/s`, met: u.rps >= r.ceiling.rps / 2, detail: `${u.rps} vs ${r.ceiling.rps}` });
      out.push({ target: `${r.scenario}: uncached p99 <= 2x the ceiling's`, met: u.p99Ms <= 2 * r.ceiling.p99Ms, detail: `${u.p99Ms} ms vs ${r.ceiling.p99Ms} ms` });
    }
    if (r.cached) out.push({ target: `${r.scenario}: cached >= 2x uncached req/s`, met: r.cached.rps >= 2 * u.rps, detail: `${r.cached.rps} vs ${u.rps}` });
  }
  const first = rows.find((r) => r.scenario === 'articles(first: 20)')!.uncached.rps;
  const deep = rows.find((r) => r.scenario === 'articles 5,000 rows deep, zh')!.uncached.rps;
  out.push({ target: 'page 5,000 rows deep within 20% of the first page (req/s, uncached)', met: deep >= 0.8 * first, detail: `${deep} vs ${first}` });
  out.push({ target: 'API peak RSS < 300 MB (uncached)', met: rssMb !== null && rssMb < 300, detail: rssMb === null ? 'unknown: the process was gone' : `${rssMb} MB` });
  for (const [name, r] of Object.entries(fixed)) {
    out.push({ target: `${name} at 100 req/s: p99 < 50 ms`, met: r.p99Ms < 50 && r.errors === 0, detail: `p99 ${r.p99Ms} ms, errors ${r.errors}` });
  }
  const missed = out.filter((t) => !t.met);
  console.log(`Targets: ${out.length - missed.length} of ${out.length} met${missed.length ? '; missed:' : ''}`);
  for (const t of missed) console.log(`  - ${t.target} (${t.detail})`);
  return out;
}

main().then(
  () => process.exit(0),
  (error: Error) => {
    console.error(error);
    process.exit(1);
  },
);
