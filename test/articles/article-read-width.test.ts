import { addTranslation, makeArticle, makeSection } from '../support/factories';
import { SqlCounter } from '../support/sql-counter';
import { TestApp } from '../support/test-app';

/**
 * article(id | section, slug) reads its rows as wide as the operation selects, as the list does: bodies
 * without the translations' other columns for an article page, the whole article row only when a field
 * needs it; the answer is the rows' own either way.
 */
describe('article: rows read as wide as the query selects', () => {
  const sql = new SqlCounter();
  let t: TestApp;
  let section: string;
  let id: string;
  const url = 'http://127.0.0.1/river-cleanup';

  beforeAll(async () => {
    t = await TestApp.start({ sqlLogger: sql });
    section = (await makeSection(t, await t.key('ADMIN'))).slug;
    const editor = await t.key('EDITOR');
    ({ id } = await makeArticle(t, editor, section, { title: 'River cleanup begins', bodyHtml: '<p>Volunteers met at dawn.</p>', tags: ['environment'], canonicalUrl: url }));
    await addTranslation(t, id, 'fr', 'Le nettoyage de la rivière commence');
  });
  afterAll(() => t.close());

  const read = async (fields: string, variables: { id: string } | { s: string; slug: string }) => {
    const [params, lookup] = 'id' in variables ? ['$id: ID', 'id: $id'] : ['$s: String, $slug: String', 'section: $s, slug: $slug'];
    sql.reset();
    const res = await t.gql(`query(${params}) { article(${lookup}) { ${fields} } }`, { variables });
    expect(res.errors).toBeUndefined();
    const translationRead = sql.statements.find((s) => /FROM translations WHERE article_id = ANY/i.test(s))!;
    const articleRead = sql.statements.find((s) => /FROM (translations t JOIN )?articles a/i.test(s))!;
    return {
      article: res.data!.article,
      translationColumns: { body: /\bbody_html\b/.test(translationRead), detail: /\bupdated_at\b/.test(translationRead) },
      wholeArticle: /\ba\.tags\b/.test(articleRead),
    };
  };

  it('by slug, for a page of texts: bodies only, and a brief article row', async () => {
    const { slug } = (await read('translations { slug }', { id })).article.translations[0];
    const page = await read('id translations { locale title bodyHtml }', { s: section, slug });
    expect(page.translationColumns).toEqual({ body: true, detail: false });
    expect(page.wholeArticle).toBe(false);
    expect(page.article).toEqual({
      id,
      translations: [
        { locale: 'en', title: 'River cleanup begins', bodyHtml: '<p>Volunteers met at dawn.</p>' },
        { locale: 'fr', title: 'Le nettoyage de la rivière commence', bodyHtml: '<p>Le nettoyage de la rivière commence</p>' },
      ],
    });
  });

  it('by id, with fields of the whole rows: reads them, and shows their own values', async () => {
    const whole = await read('tags canonicalUrl translations { locale bodyHtml version isStale url }', { id });
    expect(whole.translationColumns).toEqual({ body: true, detail: true });
    expect(whole.wholeArticle).toBe(true);
    expect(whole.article.tags).toEqual(['environment']);
    expect(whole.article.canonicalUrl).toBe(url);
    expect(whole.article.translations[0]).toEqual({ locale: 'en', bodyHtml: '<p>Volunteers met at dawn.</p>', version: 1, isStale: false, url });
  });

  it('without bodies or detail fields: lean rows', async () => {
    const lean = await read('translations { locale title }', { id });
    expect(lean.translationColumns).toEqual({ body: false, detail: false });
    expect(lean.article.translations.map((x: { locale: string }) => x.locale)).toEqual(['en', 'fr']);
  });
});
