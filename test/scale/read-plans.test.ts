import { Pool } from 'pg';
import { COMMON_WORDS } from '../../scripts/seed-scale';
import { seedScaleSql } from '../../scripts/seed-scale-sql';
import { CursorCodec } from '../../src/common/cursor';
import { AppConfig } from '../../src/config/app-config';
import { freshDatabase } from '../support/fresh-database';
import { SqlCounter } from '../support/sql-counter';
import { TestApp } from '../support/test-app';

/**
 * Every hot read, as the API sends it, EXPLAIN (ANALYZE, BUFFERS)ed on an archive of the organisation's
 * size (30,000 articles in every run, 100,000 on request; seeded in SQL: scripts/seed-scale-sql.ts): no sequential scan of articles or
 * translations, no index scan that throws away far more rows than it keeps, and no index walk that reads far
 * more of the index than the rows it returns take (a lookup by columns that are not the index's leading
 * ones). Counts (computed only when selected, then cached) and translationCoverage (which counts every
 * article by design) are left out.
 */
/** The size, 100,000 articles, in every run (READ_PLANS_ARTICLES for a quicker local run; see docs/testing.md for the times). */
const ARTICLES = Number(process.env.READ_PLANS_ARTICLES ?? 100_000);

interface PlanNode {
  'Node Type': string;
  'Relation Name'?: string;
  'Index Name'?: string;
  'Actual Rows': number;
  'Actual Loops': number;
  'Rows Removed by Filter'?: number;
  'Rows Removed by Index Recheck'?: number;
  'Shared Hit Blocks'?: number;
  'Shared Read Blocks'?: number;
  Plans?: PlanNode[];
}

/** What is wrong with a plan, in words (empty when it reads by the right index). */
export function planProblems(node: PlanNode, out: string[] = []): string[] {
  const relation = node['Relation Name'];
  if (node['Node Type'] === 'Seq Scan' && (relation === 'articles' || relation === 'translations')) {
    out.push(`sequential scan of ${relation}`);
  }
  if (/Index|Bitmap Heap/.test(node['Node Type'])) {
    const kept = node['Actual Rows'] * node['Actual Loops'];
    const removed = ((node['Rows Removed by Filter'] ?? 0) + (node['Rows Removed by Index Recheck'] ?? 0)) * node['Actual Loops'];
    // "Far more": ten times what it keeps, and over 1,000 rows (a walk of a few hundred index entries, as a
    // tag on 6% of articles costs, is cheaper than any other plan and stays under a millisecond).
    if (removed > 1000 && removed > 10 * kept) {
      out.push(`${node['Node Type']} on ${relation ?? node['Index Name']} kept ${kept} rows and threw away ${removed}`);
    }
  }
  if (/^(Index Scan|Index Only Scan|Bitmap Index Scan)$/.test(node['Node Type'])) {
    // Pages read per loop against what its rows need: a descent of the tree and about a page per row
    // (kept or filtered). A condition on a column that is not a leading one of the index walks a whole
    // range of it: (section_id, locale, slug) asked for a section and a slug reads the section's part.
    const loops = Math.max(1, node['Actual Loops']);
    const pages = ((node['Shared Hit Blocks'] ?? 0) + (node['Shared Read Blocks'] ?? 0)) / loops;
    const rows = node['Actual Rows'] + (node['Rows Removed by Filter'] ?? 0) / loops;
    if (pages > 50 + 5 * rows) {
      out.push(`${node['Node Type']} on ${node['Index Name']} read ${Math.round(pages)} pages a loop for ${Math.round(rows)} rows`);
    }
  }
  if (node['Node Type'] === 'Bitmap Heap Scan') {
    // An index whose bitmap is ANDed with a far smaller one (a locale's 47,000 entries against a rare
    // word's 29 hits) read all of its entries for nothing.
    const heapRows = node['Actual Rows'] + (node['Rows Removed by Index Recheck'] ?? 0) + (node['Rows Removed by Filter'] ?? 0);
    for (const scan of bitmapScans(node)) {
      if (scan['Actual Rows'] > 1000 && scan['Actual Rows'] > 10 * heapRows) {
        out.push(`Bitmap Index Scan on ${scan['Index Name']} read ${scan['Actual Rows']} entries for ${heapRows} rows`);
      }
    }
  }
  for (const child of node.Plans ?? []) planProblems(child, out);
  return out;
}

/** Every relation a plan reads, as "Node Type: relation". */
function scansOf(node: PlanNode): string[] {
  const own = node['Relation Name'] ? [`${node['Node Type']}: ${node['Relation Name']}`] : [];
  return [...own, ...(node.Plans ?? []).flatMap(scansOf)];
}

/** The bitmap index scans that feed a bitmap heap scan (through BitmapAnd / BitmapOr). */
function bitmapScans(node: PlanNode): PlanNode[] {
  return (node.Plans ?? []).flatMap((child) => (child['Node Type'] === 'Bitmap Index Scan' ? [child] : /^Bitmap(And|Or)$/.test(child['Node Type']) ? bitmapScans(child) : []));
}

describe('hot reads at scale use the right indexes', () => {
  const sql = new SqlCounter();
  let t: TestApp;
  let translator: string;
  let editor: string;
  const testUrl = process.env.DATABASE_URL!;
  let archive: Awaited<ReturnType<typeof freshDatabase>>;

  beforeAll(async () => {
    archive = await freshDatabase('plans');
    const pool = new Pool({ connectionString: archive.url, max: 1 });
    try {
      await seedScaleSql(pool, ARTICLES);
    } finally {
      await pool.end();
    }
    process.env.DATABASE_URL = archive.url;
    try {
      t = await TestApp.start({ sqlLogger: sql });
    } finally {
      process.env.DATABASE_URL = testUrl;
    }
    translator = await t.key('TRANSLATOR', { locales: ['zh'] });
    editor = await t.key('EDITOR');
  }, 300_000);

  afterAll(async () => {
    await t?.close();
    await archive?.drop();
  });

  /** The statements one request sends, each EXPLAIN ANALYZEd. */
  const problemsOf = async (query: string, options: { variables?: Record<string, unknown>; key?: string; lang?: string } = {}) => {
    sql.reset();
    const res = await t.gql(query, options);
    expect(res.errors).toBeUndefined();
    const calls = sql.calls.filter((c) => /^\s*(SELECT|WITH)/i.test(c.query) && !/\bcount\s*\(/i.test(c.query));
    expect(calls.length).toBeGreaterThan(0);
    const problems: string[] = [];
    const scans = new Set<string>();
    for (const call of calls) {
      const [row] = await t.dataSource.query<{ 'QUERY PLAN': { Plan: PlanNode }[] }[]>(`EXPLAIN (ANALYZE, BUFFERS, FORMAT JSON) ${call.query}`, call.parameters);
      for (const p of planProblems(row['QUERY PLAN'][0].Plan)) problems.push(`${p}\n  in: ${call.query.replace(/\s+/g, ' ').slice(0, 300)}`);
      for (const scan of scansOf(row['QUERY PLAN'][0].Plan)) scans.add(scan);
    }
    return { problems, data: res.data!, scans: [...scans].sort() };
  };

  const LIST_FIELDS = `edges { cursor node { id section { slug } translation { title isFallback } missingLocales } }`;

  it('articles(first: 20) with translation, section and missingLocales', async () => {
    const { problems, data } = await problemsOf(`{ articles(first: 20) { ${LIST_FIELDS} } }`);
    expect(data.articles.edges).toHaveLength(20);
    expect(problems).toEqual([]);
  });

  it('the same in Urdu, only articles published in Urdu (fallback: false)', async () => {
    const { problems, data } = await problemsOf(`{ articles(first: 20, locale: "ur", fallback: false) { ${LIST_FIELDS} } }`, { lang: 'ur' });
    expect(data.articles.edges).toHaveLength(20);
    expect(problems).toEqual([]);
  });

  it('a page 5,000 rows deep, in Chinese', async () => {
    const [row] = await t.dataSource.query<{ p: string; id: string }[]>(
      `SELECT published_at::text AS p, id FROM articles ORDER BY published_at DESC, id DESC OFFSET 4999 LIMIT 1`,
    );
    const after = new CursorCodec(new AppConfig().cursorSecret).encode('article', [row.p, row.id]);
    const { problems, data } = await problemsOf(`query($after: String) { articles(first: 20, after: $after) { ${LIST_FIELDS} } }`, {
      variables: { after },
      lang: 'zh',
    });
    expect(data.articles.edges).toHaveLength(20);
    expect(problems).toEqual([]);
  });

  it('an article by section and slug, with all translations', async () => {
    const [row] = await t.dataSource.query<{ section: string; slug: string }[]>(
      `SELECT s.slug AS section, t.slug FROM translations t JOIN sections s ON s.id = t.section_id WHERE NOT t.is_original LIMIT 1`,
    );
    const { problems, data } = await problemsOf(`query($s: String, $slug: String) { article(section: $s, slug: $slug) { id translations { locale title } } }`, {
      variables: { s: row.section, slug: row.slug },
    });
    expect(data.article.translations.length).toBeGreaterThan(1);
    expect(problems).toEqual([]);
  });

  it.each(['climate', 'indigenous-rights'])('articles tagged %s', async (tag) => {
    const { problems, data } = await problemsOf(`query($tag: String) { articles(first: 20, tag: $tag) { ${LIST_FIELDS} } }`, { variables: { tag } });
    expect(data.articles.edges.length).toBeGreaterThan(0);
    expect(problems).toEqual([]);
  });

  it.each([
    ['translator', () => translator],
    ['editor', () => editor],
  ])("translationQueue in Chinese with a %s's key", async (_who, key) => {
    const { problems, data } = await problemsOf(
      `{ translationQueue(locale: "zh", first: 20) { edges { node { reason article { id } source { title } } } } }`,
      { key: key() },
    );
    expect(data.translationQueue.edges).toHaveLength(20);
    expect(problems).toEqual([]);
  });

  it.each([['en', 'lighthouse'], ['fr', 'phare'], ['es', 'faro'], ['sv', 'fyrtornet'], ['zh', '灯塔'], ['ur', 'مینار']])(
    'search for a rare word in %s',
    async (locale, word) => {
      const { problems } = await problemsOf(`query($q: String!, $l: String) { search(query: $q, locale: $l, first: 20) { edges { node { locale snippet } } } }`, {
        variables: { q: word, l: locale },
      });
      expect(problems).toEqual([]);
    },
  );

  // A common word matches most of a language: every match is ranked, so they are read from that
  // language's narrow partition of search_entries, and translations only for the page's 20 snippets.
  it.each(Object.entries(COMMON_WORDS))('search for a common word in %s reads only that language\'s entries', async (locale, word) => {
    const { problems, data, scans } = await problemsOf(
      `query($q: String!, $l: String) { search(query: $q, locale: $l, first: 20) { edges { node { locale snippet } } } }`,
      { variables: { q: word, l: locale } },
    );
    expect(data.search.edges).toHaveLength(20);
    expect(problems).toEqual([]);
    expect(scans.filter((s) => s.includes('search_entries')).map((s) => s.replace(/^.*: /, ''))).toEqual([`search_entries_${locale}`]);
    expect(scans.filter((s) => s.endsWith(': translations'))).toEqual(['Index Scan: translations']);
  });
});
