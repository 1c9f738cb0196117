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
    const reading = (table: string, key: string) => sql.statements.filter((s) => new RegExp(`FROM ${table} WHERE ${key} = ANY`, 'i').test(s)).length;
    return { nodes: res.data!.articles.edges.map((e: { node: unknown }) => e.node), translations: reading('translations', 'article_id'), sections: reading('sections', 'id') };
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
});
