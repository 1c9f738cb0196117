/**
 * `npm run bench:api`: reads at the organisation's size, in one run, on its own database and Redis prefix.
 *  1. seeds 100,000 articles (BENCH_ARTICLES) with scripts/seed-scale.ts (its time is reported);
 *  2. newsdesk uncached (READ_CACHE_TTL_SECONDS=0): every scenario, 50 keep-alive connections for
 *     BENCH_SECONDS (10) each, after a short warm-up: req/s, p50, p99, errors; the API's peak RSS (VmHWM);
 *     then 100 req/s fixed for lists and articles (p99);
 *  3. newsdesk cached (the production default): the cacheable scenarios again;
 *  4. the ceiling: bench/ceiling-server.ts, a bare node:http + pg server running the same SQL, same JSON.
 * Targets (2 cores): uncached >= half the ceiling's req/s and p99 <= 2x the ceiling's; zero errors; the
 * page 5,000 rows deep within 20% of the first page's req/s; API RSS < 300 MB; at 100 req/s p99 < 50 ms;
 * cached >= 2x uncached. Speed is measured here, never asserted in a test.
 */
import { fork, spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { Client } from 'pg';
import { COMMON_WORDS, RARE_WORDS, seedScale } from '../scripts/seed-scale';
import { CursorCodec } from '../src/common/cursor';
import { closedLoop, fixedRate, type LoadRequest, type LoadResult } from './lib/load';
import { writeBenchResult } from './lib/results';

// Compiled to bench/out/scale/bench/: the repository root is four levels up.
const ROOT = join(__dirname, '..', '..', '..', '..');
const ARTICLES = Number(process.env.BENCH_ARTICLES ?? 100_000);
const SECONDS = Number(process.env.BENCH_SECONDS ?? 10);
const CONNECTIONS = 50;
const API_PORT = 3901;
const CEILING_PORT = 3902;
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** What differs from production in this run, printed and stored with the results. */
const SETTINGS: Record<string, string> = {
  RATE_LIMIT_ANON_PER_MIN: '0',
  RATE_LIMIT_KEY_PER_MIN: '0',
  LOG_LEVEL: 'warn',
};

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
    const run = spawnSync(process.execPath, [join(ROOT, 'dist', 'auth', 'keys.cli.js'), 'create', ...args], { cwd: ROOT, env, encoding: 'utf8' });
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
    out.push({ name: `translationQueue zh, ${who}'s key`, api: gql(QUEUE, {}, { authorization: `Bearer ${key}` }), cacheable: false });
    out.push({ name: `translationCoverage, ${who}'s key`, api: gql(COVERAGE, {}, { authorization: `Bearer ${key}` }), cacheable: false });
  }
  out.push({ name: 'Atom feed /feeds/en.atom', api: { method: 'GET', path: '/feeds/en.atom' }, cacheable: true });
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

function startApi(env: Record<string, string>): ChildProcess {
  const child = spawn(process.execPath, [join(ROOT, 'dist', 'main.js')], { cwd: ROOT, env: { ...process.env, ...env }, stdio: ['ignore', 'ignore', 'inherit'] });
  return child;
}

async function stop(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null) return;
  const exited = new Promise((r) => child.once('exit', r));
  child.kill('SIGTERM');
  await Promise.race([exited, sleep(10_000)]);
  if (child.exitCode === null) child.kill('SIGKILL');
}

/** Peak resident memory (VmHWM) of a process, in MB. */
function peakRssMb(pid: number): number {
  const line = readFileSync(`/proc/${pid}/status`, 'utf8').split('\n').find((l) => l.startsWith('VmHWM:'))!;
  return Math.round(Number(line.replace(/\D+/g, '')) / 1024);
}

async function measure(port: number, list: Scenario[], label: string): Promise<Record<string, LoadResult>> {
  const out: Record<string, LoadResult> = {};
  for (const s of list) {
    const req = s.api;
    await closedLoop(port, req, 10, 1.5); // warm-up: JIT, pools, plans
    out[s.name] = await closedLoop(port, req, CONNECTIONS, SECONDS);
    const r = out[s.name];
    console.log(`  [${label}] ${s.name.padEnd(44)} ${String(r.rps).padStart(7)} req/s  p50 ${r.p50Ms} ms  p99 ${r.p99Ms} ms  errors ${r.errors}`);
  }
  return out;
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
    PORT: String(API_PORT),
    HOST: '127.0.0.1',
    CURSOR_SECRET: randomBytes(24).toString('base64url'),
    SECRET_KEY: randomBytes(24).toString('base64url'),
  };
  console.log(`bench:api  ${new Date().toISOString()}  ${ARTICLES} articles, ${CONNECTIONS} connections x ${SECONDS} s per scenario`);
  console.log(`Settings that differ from production: ${Object.entries(SETTINGS).map(([k, v]) => `${k}=${v}`).join(' ')} (rate limits lifted for the load generator)`);

  let seed: { articles: number; translations: number; seconds: number } | null = null;
  if (!reuse) {
    seed = await seedScale({ databaseUrl: env.DATABASE_URL, articles: ARTICLES, log: (l) => console.log(`  seed: ${l}`) });
    console.log(`Seeded ${seed.articles} articles, ${seed.translations} translations in ${seed.seconds.toFixed(1)} s`);
  }
  const s = await setUp(env.DATABASE_URL, { ...process.env, ...env } as Record<string, string>);
  const list = scenarios(s, env.CURSOR_SECRET);

  console.log('newsdesk, uncached (READ_CACHE_TTL_SECONDS=0):');
  let api = startApi({ ...env, READ_CACHE_TTL_SECONDS: '0' });
  await waitFor(API_PORT, '/health', api);
  const uncached = await measure(API_PORT, list, 'uncached');
  const fixed: Record<string, LoadResult> = {};
  for (const sc of list.filter((x) => x.fixedRate)) {
    fixed[sc.name] = await fixedRate(API_PORT, sc.api, 100, SECONDS);
    console.log(`  [100 req/s] ${sc.name.padEnd(42)} p50 ${fixed[sc.name].p50Ms} ms  p99 ${fixed[sc.name].p99Ms} ms  errors ${fixed[sc.name].errors}`);
  }
  const rssUncached = peakRssMb(api.pid!);
  await stop(api);

  console.log('newsdesk, cached (READ_CACHE_TTL_SECONDS=300, the default):');
  api = startApi({ ...env, READ_CACHE_TTL_SECONDS: '300' });
  await waitFor(API_PORT, '/health', api);
  const cached = await measure(API_PORT, list.filter((x) => x.cacheable), 'cached');
  const rssCached = peakRssMb(api.pid!);
  await stop(api);

  console.log('ceiling (node:http + pg, same SQL, same JSON):');
  const ceiling = fork(join(__dirname, 'ceiling-server.js'), [], { env: { ...process.env, ...env, PORT: String(CEILING_PORT) }, stdio: ['ignore', 'ignore', 'inherit', 'ipc'] });
  await new Promise((resolve) => ceiling.once('message', resolve));
  const bare = await measure(
    CEILING_PORT,
    list.filter((x) => x.ceiling).map((x) => ({ ...x, api: { method: 'GET' as const, path: x.ceiling! } })),
    'ceiling',
  );
  await stop(ceiling);

  const rows = list.map((x) => ({ scenario: x.name, uncached: uncached[x.name], cached: cached[x.name] ?? null, ceiling: bare[x.name] ?? null }));
  writeBenchResult('api', {
    settings: { ...SETTINGS, articles: String(ARTICLES), connections: String(CONNECTIONS), seconds: String(SECONDS) },
    results: { seed, scenarios: rows, fixedRate100: fixed, peakRssMb: { uncached: rssUncached, cached: rssCached } },
  });
  console.log(`Peak API RSS: uncached ${rssUncached} MB, cached ${rssCached} MB`);
  if (!reuse) {
    const admin = new Client({ connectionString: new URL('/postgres', dbUrl).toString() });
    await admin.connect();
    await admin.query(`DROP DATABASE IF EXISTS "${dbUrl.pathname.slice(1)}" WITH (FORCE)`);
    await admin.end();
  }
}

main().then(
  () => process.exit(0),
  (error: Error) => {
    console.error(error);
    process.exit(1);
  },
);
