import { seedDemo } from '../../src/demo/seed';
import { TestApp } from '../support/test-app';

describe('demo data and health', () => {
  let t: TestApp;
  beforeAll(async () => (t = await TestApp.start()));
  afterAll(() => t.close());

  it('loads seven sections and a dozen articles in their own languages, once', async () => {
    await seedDemo(t.app);
    const again = await seedDemo(t.app);
    expect(again).toEqual({ sections: 0, articles: 0 });

    const sections = await t.gql('{ sections { slug } }');
    expect(sections.data!.sections.map((s: { slug: string }) => s.slug)).toEqual(
      expect.arrayContaining(['international', 'sweden', 'pakistan', 'france', 'spain', 'usa', 'china']),
    );
    const pakistan = await t.gql(`{ articles(section: "pakistan", locale: "ur") { totalCount edges { node {
      originalLocale translation { locale direction title } } } } }`);
    expect(pakistan.data!.articles.totalCount).toBe(2);
    expect(pakistan.data!.articles.edges[0].node.translation).toMatchObject({ locale: 'ur', direction: 'RTL' });

    const originals = await t.dataSource.query(`SELECT original_locale AS l, count(*)::int AS n FROM articles a
      JOIN sections s ON s.id = a.section_id WHERE s.slug IN ('international','sweden','pakistan','france','spain','usa','china')
      GROUP BY 1 ORDER BY 1`);
    expect(originals.map((r: { l: string }) => r.l)).toEqual(['en', 'es', 'fr', 'sv', 'ur', 'zh']);
    expect(originals.reduce((sum: number, r: { n: number }) => sum + r.n, 0)).toBeGreaterThanOrEqual(12);

    // Some articles have several translations, some only their original: fallback is visible.
    const sv = await t.gql(`{ articles(section: "pakistan", locale: "sv") { edges { node { translation { locale isFallback } } } } }`);
    expect(sv.data!.articles.edges.map((e: any) => e.node.translation)).toEqual(
      expect.arrayContaining([{ locale: 'en', isFallback: true }, { locale: 'ur', isFallback: true }]),
    );
  });

  it('/health reports PostgreSQL and Redis', async () => {
    const res = await t.http.get('/health');
    expect(res.status).toBe(200);
    expect(res.body).toEqual({ status: 'ok', postgres: 'up', redis: 'up' });
  });
});
