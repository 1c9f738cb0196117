/**
 * `npm run bench:search-write`: what the schema costs a write (issue 12, "cheap writes"), on its own database.
 *
 * The same normalised rows (the bench:ingest corpus: six languages, HTML bodies) written with bare
 * INSERT ... SELECT FROM unnest(...) ON CONFLICT DO UPDATE statements, in transactions of BATCH rows:
 *  1. plain: into a plain 7-column table with one unique index (the floor of any write);
 *  2. real: into newsdesk's articles and translations, indexes firing, search vector included: to_tsvector
 *     of the search text in the same statement, as ingestion writes it (the search text is computed in Node
 *     beforehand and timed on its own: in production the worker computes it while PostgreSQL writes);
 *  3. real without search: the same, search_vector left NULL (what the search vector costs the database);
 *  4. before: the same rows with the PL/pgSQL trigger this design replaced (SearchVectors migration:
 *     search_vector_of with Chinese bigrams row by row), re-created for that phase only;
 *  5. search text: searchTextOf alone, rows/s on one core (after a warm-up: OpenCC's tables load once).
 * Target: real >= a quarter of plain. Speed is measured here, never asserted in a test.
 */
import { spawnSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { join } from 'node:path';
import { Client } from 'pg';
import { searchTextOf, type SearchText } from '../src/common/search-text';
import { ensureDatabase } from '../src/database/migrate';
import { SEARCH_VECTOR_SQL } from '../src/database/search-rebuild';
import { normaliseFeed, type NormalisedItem } from '../src/feeds/normalise';
import { parseFeed } from '../src/feed-reader/parse/parse-feed';
import { generateCorpus } from './corpus';
import { writeBenchResult } from './lib/results';

// Compiled to bench/out/search-write/bench/: the repository root is four levels up.
const ROOT = join(__dirname, '..', '..', '..', '..');
const FEEDS = Number(process.env.BENCH_FEEDS ?? 200);
const ITEMS = Number(process.env.BENCH_ITEMS ?? 50);
const BATCH = Number(process.env.BENCH_BATCH ?? 500);
const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 3);

type Row = NormalisedItem & { search?: SearchText };
type Writer = (pg: Client, section: string, batch: Row[]) => Promise<void>;

const plain: Writer = async (pg, section, batch) => {
  await pg.query(
    `INSERT INTO bench_plain (identity, locale, title, summary, body_html, url)
     SELECT $1 || i, l, t, s, b, u FROM unnest($2::text[], $3::text[], $4::text[], $5::text[], $6::text[], $7::text[]) AS x(i, l, t, s, b, u)
     ON CONFLICT (identity) DO UPDATE SET title = EXCLUDED.title, body_html = EXCLUDED.body_html`,
    [section, batch.map((r) => r.identity), batch.map((r) => r.locale), batch.map((r) => r.title), batch.map((r) => r.summary), batch.map((r) => r.bodyHtml), batch.map((r) => r.url)],
  );
};

function real(withSearch: boolean): Writer {
  return async (pg, section, batch) => {
    const inserted = await pg.query(
      `INSERT INTO articles (section_id, identity, original_locale, canonical_url, published_at, authors, tags, image_url, content_hash, alternate_urls)
       SELECT $1, i.identity, i.locale, i.url, i.published_at, '{}', '{}', NULL, i.content_hash, '{}'
         FROM unnest($2::text[], $3::text[], $4::text[], $5::timestamptz[], $6::text[]) AS i(identity, locale, url, published_at, content_hash)
       ON CONFLICT (section_id, identity) WHERE identity IS NOT NULL DO UPDATE SET content_hash = EXCLUDED.content_hash, updated_at = now()
       RETURNING id, identity`,
      [section, batch.map((r) => r.identity), batch.map((r) => r.locale), batch.map((r) => r.url), batch.map((r) => r.publishedAt), batch.map((r) => r.contentHash)],
    );
    const byIdentity = new Map(batch.map((r) => [r.identity, r]));
    const rows = (inserted.rows as { id: string; identity: string }[]).map((a) => ({ id: a.id, r: byIdentity.get(a.identity)! }));
    const search = withSearch ? rows.map((x) => x.r.search!) : null;
    await pg.query(
      `INSERT INTO translations (article_id, section_id, locale, title, summary, body_html, slug, url, status, is_original, search_vector)
       SELECT a, $1, l, ti, s, b, sl, u, 'PUBLISHED', true, ${withSearch ? SEARCH_VECTOR_SQL('sc', 'st', 'ss', 'sb') : 'NULL'}
         FROM unnest($2::uuid[], $3::text[], $4::text[], $5::text[], $6::text[], $7::text[], $8::text[], $9::text[], $10::text[], $11::text[], $12::text[])
           AS x(a, l, ti, s, b, sl, u, sc, st, ss, sb)
       ON CONFLICT (article_id, locale) DO UPDATE SET title = EXCLUDED.title, body_html = EXCLUDED.body_html,
         search_vector = EXCLUDED.search_vector, updated_at = now()`,
      [
        section,
        rows.map((x) => x.id),
        rows.map((x) => x.r.locale),
        rows.map((x) => x.r.title),
        rows.map((x) => x.r.summary),
        rows.map((x) => x.r.bodyHtml),
        rows.map((x) => `s-${x.id}`),
        rows.map((x) => x.r.url),
        search?.map((x) => x.config) ?? [],
        search?.map((x) => x.title) ?? [],
        search?.map((x) => x.summary) ?? [],
        search?.map((x) => x.body) ?? [],
      ],
    );
  };
}

/** The trigger of the SearchVectors migration (1764600000000), as it was, for the "before" phase. */
const OLD_TRIGGER = [
  `CREATE FUNCTION bench_cjk_bigrams(txt text) RETURNS text LANGUAGE plpgsql IMMUTABLE AS $$
   DECLARE han constant text := '[\\u3400-\\u4dbf\\u4e00-\\u9fff\\uf900-\\ufaff\\U00020000-\\U0002ffff]+';
     run text; chars text[]; n int; parts text[] := '{}';
   BEGIN
     IF txt IS NULL THEN RETURN ''; END IF;
     FOR run IN SELECT m[1] FROM regexp_matches(txt, '(' || han || ')', 'g') AS m LOOP
       chars := regexp_split_to_array(run, ''); n := array_length(chars, 1);
       FOR i IN 1 .. n - 1 LOOP parts := parts || (chars[i] || chars[i + 1]); END LOOP;
       parts := parts || chars[n];
     END LOOP;
     RETURN regexp_replace(txt, han, ' ', 'g') || ' ' || array_to_string(parts, ' ');
   END $$`,
  `CREATE FUNCTION bench_html_text(html text) RETURNS text LANGUAGE sql IMMUTABLE AS $$
     SELECT replace(replace(replace(replace(replace(replace(regexp_replace(coalesce(html, ''), '<[^>]*>', ' ', 'g'),
       '&nbsp;', ' '), '&lt;', '<'), '&gt;', '>'), '&quot;', '"'), '&#39;', ''''), '&amp;', '&') $$`,
  `CREATE FUNCTION bench_old_vector() RETURNS trigger LANGUAGE plpgsql AS $$
   DECLARE cfg regconfig := 'simple'; cjk boolean := false; body text := bench_html_text(NEW.body_html); t text := NEW.title; s text := NEW.summary;
   BEGIN
     SELECT c.config, c.cjk_bigrams INTO cfg, cjk FROM search_locale_configs c WHERE c.locale = NEW.locale;
     IF NOT FOUND THEN cfg := 'simple'; cjk := false; END IF;
     IF cjk THEN t := bench_cjk_bigrams(t); s := bench_cjk_bigrams(s); body := bench_cjk_bigrams(body); END IF;
     NEW.search_vector := setweight(to_tsvector(cfg, coalesce(t, '')), 'A') || setweight(to_tsvector(cfg, coalesce(s, '')), 'B')
       || setweight(to_tsvector(cfg, coalesce(body, '')), 'C');
     RETURN NEW;
   END $$`,
];

async function withOldTrigger<T>(pg: Client, work: () => Promise<T>): Promise<T> {
  await pg.query(`CREATE TRIGGER bench_old BEFORE INSERT OR UPDATE OF locale, title, summary, body_html ON translations FOR EACH ROW EXECUTE FUNCTION bench_old_vector()`);
  try {
    return await work();
  } finally {
    await pg.query(`DROP TRIGGER bench_old ON translations`);
  }
}

async function run(pg: Client, writer: Writer, rows: Row[], round: string): Promise<number> {
  const [{ id: section }] = (
    await pg.query<{ id: string }>(`INSERT INTO sections (slug, names, default_locale) VALUES ($1, '{"en":"Bench"}', 'en') RETURNING id`, [`bench-${round}`])
  ).rows;
  const start = process.hrtime.bigint();
  for (let i = 0; i < rows.length; i += BATCH) {
    await pg.query('BEGIN');
    await writer(pg, section, rows.slice(i, i + BATCH));
    await pg.query('COMMIT');
  }
  return Math.round(rows.length / (Number(process.hrtime.bigint() - start) / 1e9));
}

async function main() {
  const runId = `${Date.now().toString(36)}_${randomBytes(2).toString('hex')}`;
  const dbUrl = new URL(process.env.BENCH_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres');
  dbUrl.pathname = `/newsdesk_bench_sw_${runId}`;
  await ensureDatabase(dbUrl.toString());
  const migrated = spawnSync(process.execPath, [join(ROOT, 'dist', 'database', 'migrate.js')], {
    cwd: ROOT,
    env: { ...process.env, DATABASE_URL: dbUrl.toString() },
    encoding: 'utf8',
  });
  if (migrated.status !== 0) throw new Error(`migrations failed: ${migrated.stderr}`);
  const pg = new Client({ connectionString: dbUrl.toString() });
  await pg.connect();
  try {
    for (const sql of OLD_TRIGGER) await pg.query(sql);
    await pg.query(`CREATE TABLE bench_plain (id bigserial PRIMARY KEY, identity text NOT NULL UNIQUE, locale text, title text, summary text, body_html text, url text)`);
    const corpus = generateCorpus({ feeds: FEEDS, items: ITEMS });
    const items: NormalisedItem[] = [];
    for (const f of corpus.feeds) {
      const parsed = parseFeed(f.body, { contentType: f.contentType, baseUrl: `http://127.0.0.1${f.path}`, fetchedAt: new Date() });
      items.push(...normaliseFeed(parsed, { fetchedAt: new Date(), guidsUnstable: false, localeOf: (i) => i.language ?? parsed.language ?? f.locale }).items);
    }
    items.slice(0, 500).forEach((item) => searchTextOf(item)); // warm-up: JIT, OpenCC's tables
    const textStart = process.hrtime.bigint();
    const rows: Row[] = items.map((item) => ({ ...item, search: searchTextOf(item) }));
    const searchTextRowsPerSecond = Math.round(rows.length / (Number(process.hrtime.bigint() - textStart) / 1e9));
    const locales = [...new Set(rows.map((r) => r.locale))].sort();
    console.log(`${rows.length} rows (${locales.join(', ')}), batches of ${BATCH}, ${ROUNDS} rounds each, database ${dbUrl.pathname.slice(1)}`);
    await run(pg, real(true), rows.slice(0, BATCH * 2), 'warmup'); // JIT and caches warm before timing
    const figures = { plain: [] as number[], real: [] as number[], realWithoutSearch: [] as number[], beforeOldTrigger: [] as number[] };
    for (let round = 0; round < ROUNDS; round++) {
      // Interleaved, so that other work on the shared machine weighs on all three alike.
      figures.plain.push(await run(pg, plain, rows, `plain-${round}`));
      figures.real.push(await run(pg, real(true), rows, `real-${round}`));
      figures.realWithoutSearch.push(await run(pg, real(false), rows, `nosearch-${round}`));
      figures.beforeOldTrigger.push(await withOldTrigger(pg, () => run(pg, real(false), rows, `before-${round}`)));
      console.log(
        `round ${round + 1}: plain ${figures.plain[round]} rows/s, real ${figures.real[round]} rows/s, ` +
          `real without search ${figures.realWithoutSearch[round]} rows/s, before (old trigger) ${figures.beforeOldTrigger[round]} rows/s`,
      );
    }
    const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
    const results = {
      rows: rows.length,
      plainRowsPerSecond: median(figures.plain),
      realRowsPerSecond: median(figures.real),
      realWithoutSearchRowsPerSecond: median(figures.realWithoutSearch),
      beforeOldTriggerRowsPerSecond: median(figures.beforeOldTrigger),
      beforeShareOfPlain: +(median(figures.beforeOldTrigger) / median(figures.plain)).toFixed(3),
      realShareOfPlain: +(median(figures.real) / median(figures.plain)).toFixed(3),
      searchTextRowsPerSecond,
      target: 'real >= 0.25 x plain',
      rounds: figures,
    };
    console.log(`search text in Node: ${searchTextRowsPerSecond} rows/s (one core)`);
    console.log(`median: real ${results.realRowsPerSecond} rows/s = ${results.realShareOfPlain} x plain ${results.plainRowsPerSecond} rows/s (target >= 0.25); before: ${results.beforeShareOfPlain} x plain`);
    writeBenchResult('search-write', {
      settings: {
        feeds: FEEDS,
        itemsPerFeed: ITEMS,
        batchRows: BATCH,
        rounds: ROUNDS,
        database: 'the shared PostgreSQL 15, a fresh database per run (production: its own server)',
        durability: 'production defaults (synchronous_commit on)',
      },
      results,
      notes: [
        'Bare upserts only (no identity lookups, slugs or alternates): the ceiling every ingestion run is under.',
        'real is the database only; the search text is computed beforehand and timed as searchTextRowsPerSecond (the worker does it in parallel with PostgreSQL).',
        'Rounds are interleaved and the median is reported: the machine’s speed drifts between runs minutes apart.',
      ],
    });
  } finally {
    await pg.end();
    const admin = new Client({ connectionString: new URL('/postgres', dbUrl).toString() });
    await admin.connect();
    await admin.query(`DROP DATABASE IF EXISTS "${dbUrl.pathname.slice(1)}"`);
    await admin.end();
  }
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
