import { addTranslation, makeArticle, makeSection } from '../support/factories';
import { SqlCounter } from '../support/sql-counter';
import { TestApp } from '../support/test-app';

/**
 * A list loads its page's translations and sections with the page, and only when its nodes ask for them:
 * one statement each, whatever the page size, none when unasked; the answer is the same either way.
 */
describe('articles list: translations and sections loaded with the page, only when asked', () => {
  const sql = new SqlCounter();
  let t: TestApp;
  let section: string;

  beforeAll(async () => {
    t = await TestApp.start({ sqlLogger: sql });
    const admin = await t.key('ADMIN');
    const editor = await t.key('EDITOR');
    section = (await makeSection(t, admin)).slug;
    for (let i = 0; i < 6; i++) {
      const { id } = await makeArticle(t, editor, section, { title: `Dock workers vote ${i}` });
      if (i % 2) await addTranslation(t, id, 'fr', `Les dockers votent ${i}`);
    }
  });
  afterAll(() => t.close());

  const read = async (nodeFields: string, fragment = '') => {
    sql.reset();
    const res = await t.gql(`query($s: String) { articles(section: $s, first: 6) { edges { node { ${nodeFields} } } } } ${fragment}`, {
      variables: { s: section },
      lang: 'fr',
    });
    expect(res.errors).toBeUndefined();
    // By article or section ids: the page's loads (the section named in the query is looked up by slug).
    const reads = (table: string, key: string) => sql.statements.filter((s) => new RegExp(`FROM ${table} WHERE ${key} = ANY`, 'i').test(s));
    const translationReads = reads('translations', 'article_id');
    return {
      nodes: res.data!.articles.edges.map((e: { node: unknown }) => e.node),
      translations: translationReads.length,
      sections: reads('sections', 'id').length,
      readBodies: translationReads.some((s) => /\bbody_html\b/.test(s)),
      readDetail: translationReads.some((s) => /\bupdated_at\b/.test(s) && /\burl\b/.test(s)),
    };
  };

  it('answers the translation, section and missing locales of every node from one statement each', async () => {
    const { nodes, translations, sections } = await read('id translation { locale title isFallback } section { slug } missingLocales');
    expect(nodes).toHaveLength(6);
    expect(nodes.filter((n: { translation: { isFallback: boolean } }) => !n.translation.isFallback)).toHaveLength(3);
    expect(nodes.every((n: { section: { slug: string } }) => n.section.slug === section)).toBe(true);
    expect(nodes.every((n: { missingLocales: string[] }) => n.missingLocales.includes('zh'))).toBe(true);
    expect({ translations, sections }).toEqual({ translations: 1, sections: 1 });
  });

  it('reads neither when the nodes ask for no field that needs them', async () => {
    const { nodes, translations, sections } = await read('id publishedAt');
    expect(nodes).toHaveLength(6);
    expect({ translations, sections }).toEqual({ translations: 0, sections: 0 });
  });

  it('answers the same through a fragment', async () => {
    const plain = await read('id missingLocales');
    const viaFragment = await read('...A', 'fragment A on Article { id missingLocales }');
    expect(viaFragment.nodes).toEqual(plain.nodes);
    expect(viaFragment.translations).toBe(1);
  });

  it('reads the translations without their bodies unless the query selects bodyHtml somewhere', async () => {
    const brief = await read('id translation { locale title }');
    expect(brief.readBodies).toBe(false);
    expect(brief.nodes.every((n: { translation: { title: string } }) => n.translation.title.length > 0)).toBe(true);

    const withBodies = await read('id translation { locale title bodyHtml }');
    expect(withBodies.readBodies).toBe(true);
    const bodies = withBodies.nodes.map((n: { translation: { locale: string; title: string; bodyHtml: string } }) => n.translation);
    expect(bodies.filter((b: { locale: string }) => b.locale === 'fr').every((b: { title: string; bodyHtml: string }) => b.bodyHtml === `<p>${b.title}</p>`)).toBe(true);
    expect(bodies.filter((b: { locale: string }) => b.locale === 'en').every((b: { bodyHtml: string }) => b.bodyHtml === '<p>Body</p>')).toBe(true);

    // Under an alias (fragments: src/graphql/selection.spec.ts; a spread here would exceed the depth limit).
    const aliased = await read('id translation { locale title text: bodyHtml }');
    expect(aliased.readBodies).toBe(true);
    expect(aliased.nodes.map((n: { translation: { text: string } }) => n.translation.text)).toEqual(bodies.map((b: { bodyHtml: string }) => b.bodyHtml));
  });

  it('reads lean translations unless the query selects a field of the whole translation row', async () => {
    const lean = await read('id translation { locale title isFallback isOriginal status slug }');
    expect(lean.readDetail).toBe(false);
    const leanShown = lean.nodes.map((n: { translation: object }) => n.translation);

    const detail = await read('id translation { locale title isFallback isOriginal status slug url version isStale translatedBy updatedAt }');
    expect(detail.readDetail).toBe(true);
    type Shown = { url: string | null; version: number; isStale: boolean; translatedBy: string | null; updatedAt: string };
    const shown: Shown[] = detail.nodes.map((n: { translation: Shown }) => n.translation);
    // The lean fields are the same either way; the others are the rows' own, never what stands in for them.
    const LEAN = ['locale', 'title', 'isFallback', 'isOriginal', 'status', 'slug'];
    expect(shown.map((t) => Object.fromEntries(Object.entries(t).filter(([k]) => LEAN.includes(k))))).toEqual(leanShown);
    expect(shown.every((t) => t.version >= 1 && !t.isStale && Date.parse(t.updatedAt) > Date.now() - 3_600_000)).toBe(true);

    // Article.alternates needs each translation's URL.
    expect((await read('id alternates { hreflang }')).readDetail).toBe(true);
  });

  it('reads the page brief unless the query selects a field of the whole article row', async () => {
    const admin = await t.key('ADMIN');
    const editor = await t.key('EDITOR');
    const own = (await makeSection(t, admin)).slug;
    const url = 'http://127.0.0.1/harbour-strike-ends';
    await makeArticle(t, editor, own, { title: 'Harbour strike ends', tags: ['labour'], authors: ['A. Writer'], canonicalUrl: url });
    const page = async (nodeFields: string) => {
      sql.reset();
      const res = await t.gql(`query($s: String) { articles(section: $s) { edges { node { ${nodeFields} } } } }`, { variables: { s: own } });
      expect(res.errors).toBeUndefined();
      const pageRead = sql.statements.find((s) => /FROM articles a\s+WHERE/i.test(s))!;
      return { node: res.data!.articles.edges[0].node, whole: /\ba\.tags\b/.test(pageRead) };
    };
    const brief = await page('id translation { title } missingLocales');
    expect(brief.whole).toBe(false);
    expect(brief.node.translation.title).toBe('Harbour strike ends');
    const whole = await page('id tags authors canonicalUrl alternates { hreflang url }');
    expect(whole).toEqual({
      whole: true,
      node: { id: brief.node.id, tags: ['labour'], authors: ['A. Writer'], canonicalUrl: url, alternates: [{ hreflang: 'en', url }, { hreflang: 'x-default', url }] },
    });
  });
});
