import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { makeArticle, makeSection } from '../support/factories';
import { TestApp } from '../support/test-app';

/**
 * The relevance set (test/fixtures/relevance): 60 queries typed the way readers type them, each with
 * the article it should find first, run against the real search. Target: the expected article first
 * for at least 90% of the queries and in the top 3 for all of them.
 */
interface FixtureArticle {
  key: string;
  locale: string;
  title: string;
  summary: string;
  bodyHtml: string;
}
interface FixtureQuery {
  locale: string;
  query: string;
  expect: string;
  kind: string;
}

const dir = join(__dirname, '..', 'fixtures', 'relevance');
const articles = JSON.parse(readFileSync(join(dir, 'articles.json'), 'utf8')) as FixtureArticle[];
const queries = JSON.parse(readFileSync(join(dir, 'queries.json'), 'utf8')) as FixtureQuery[];

const SEARCH = `query($query: String!, $locale: String, $section: String) {
  search(query: $query, locale: $locale, section: $section, first: 10) { edges { node { article { id } } } }
}`;

describe('search relevance set', () => {
  let t: TestApp;
  let section: string;
  const idOf = new Map<string, string>();
  const keyOf = new Map<string, string>();

  beforeAll(async () => {
    t = await TestApp.start();
    const admin = await t.key('ADMIN');
    section = (await makeSection(t, admin)).slug;
    for (const a of articles) {
      const { id } = await makeArticle(t, admin, section, { locale: a.locale, title: a.title, summary: a.summary, bodyHtml: a.bodyHtml });
      idOf.set(a.key, id);
      keyOf.set(id, a.key);
    }
  });
  afterAll(() => t.close());

  it('has at least 60 articles and 10 queries in each language', () => {
    expect(articles.length).toBeGreaterThanOrEqual(60);
    const perLanguage = new Map<string, number>();
    for (const q of queries) perLanguage.set(q.locale, (perLanguage.get(q.locale) ?? 0) + 1);
    expect([...perLanguage.entries()].sort()).toEqual([
      ['en', 10], ['es', 10], ['fr', 10], ['sv', 10], ['ur', 10], ['zh', 10],
    ]);
  });

  it('ranks the expected article first for at least 90% of the queries and in the top 3 for all', async () => {
    const results: { q: FixtureQuery; rank: number; top: string[] }[] = [];
    for (const q of queries) {
      const res = await t.gql(SEARCH, { variables: { query: q.query, locale: q.locale, section } });
      if (res.errors) throw new Error(`${q.locale} "${q.query}": ${JSON.stringify(res.errors)}`);
      const top = (res.data!.search.edges as { node: { article: { id: string } } }[]).map((e) => keyOf.get(e.node.article.id) ?? '?');
      results.push({ q, rank: top.indexOf(q.expect) + 1, top });
    }
    const first = results.filter((r) => r.rank === 1).length;
    const top3 = results.filter((r) => r.rank >= 1 && r.rank <= 3).length;
    const misses = results
      .filter((r) => r.rank !== 1)
      .map((r) => `${r.q.locale} ${r.q.kind} "${r.q.query}": expected ${r.q.expect}, rank ${r.rank || 'none'}, got [${r.top.slice(0, 3).join(', ')}]`);
    // The figures docs/search.md quotes; the misses name their query.
    console.log(`relevance: ${first}/${results.length} first, ${top3}/${results.length} in the top 3${misses.length ? `\n${misses.join('\n')}` : ''}`);
    expect({ top3Misses: misses.filter((m) => !/rank [123],/.test(m)) }).toEqual({ top3Misses: [] });
    expect(first / results.length).toBeGreaterThanOrEqual(0.9);
  });
});
