import { makeArticle, makeSection } from '../support/factories';
import { SqlCounter } from '../support/sql-counter';
import { TestApp } from '../support/test-app';

describe('search statement count', () => {
  const sql = new SqlCounter();
  let t: TestApp;
  let section: string;

  beforeAll(async () => {
    t = await TestApp.start({ sqlLogger: sql });
    const admin = await t.key('ADMIN');
    section = (await makeSection(t, admin)).slug;
    for (let i = 0; i < 30; i++) {
      await makeArticle(t, admin, section, { locale: i % 2 ? 'sv' : 'en', title: `Solidaritet solidarity ${i}` });
    }
  });
  afterAll(() => t.close());

  // No totalCount: the first search would count and the second find the count kept (total-count.test.ts).
  const run = async (first: number) => {
    sql.reset();
    const res = await t.gql(
      `query($section: String, $first: Int) { search(query: "solidarity solidaritet", section: $section, first: $first) {
        edges { node { snippet article { id section { slug } translation { title } translations { locale } availableLocales missingLocales } } }
      } }`,
      { variables: { section, first } },
    );
    expect(res.errors).toBeUndefined();
    return { count: sql.count, hits: res.data!.search.edges.length };
  };

  it('costs the same few statements for 2 hits as for 30', async () => {
    const small = await run(2);
    const large = await run(30);
    expect(small.hits).toBe(2);
    expect(large.hits).toBe(30);
    expect(large.count).toBe(small.count);
    expect(large.count).toBeLessThanOrEqual(8);
  });

  it("reads the hits' articles whole only when the query selects a field of the whole row", async () => {
    const admin = await t.key('ADMIN');
    const own = (await makeSection(t, admin)).slug;
    await makeArticle(t, admin, own, { title: 'Lighthouse keepers organise', tags: ['maritime'], authors: ['K. Keeper'] });
    const search = async (articleFields: string) => {
      sql.reset();
      const res = await t.gql(`query($s: String) { search(query: "lighthouse", section: $s) { edges { node { article { ${articleFields} } } } } }`, {
        variables: { s: own },
      });
      expect(res.errors).toBeUndefined();
      const articleRead = sql.statements.find((s) => /FROM articles a WHERE a\.id = ANY/i.test(s))!;
      return { article: res.data!.search.edges[0].node.article, whole: /\ba\.tags\b/.test(articleRead) };
    };
    const brief = await search('id translation { title }');
    expect(brief).toEqual({ whole: false, article: { id: expect.any(String), translation: { title: 'Lighthouse keepers organise' } } });
    const whole = await search('id tags authors');
    expect(whole).toEqual({ whole: true, article: { id: brief.article.id, tags: ['maritime'], authors: ['K. Keeper'] } });
  });
});
