import { rebuildSearchVectors } from '../../src/database/search-rebuild';
import { keyNamed, makeArticle, makeSection, REVIEW, SAVE, SUBMIT } from '../translations/support';
import { TestApp } from '../support/test-app';

/**
 * Search reads its own table (search_entries, kept by triggers on translations): every change a reader
 * sees in an article shows in search at once, whichever way it was written.
 */
describe('search follows every change to what readers see', () => {
  let t: TestApp;
  let admin: string;
  let editor: string;
  let translator: string;
  let section: string;

  const SEARCH = `query($q: String!, $l: String, $s: String) {
    search(query: $q, locale: $l, section: $s, first: 50) { totalCount edges { node { locale article { id } } } } }`;
  const found = async (q: string, l: string | null) => {
    const res = await t.gql(SEARCH, { variables: { q, l, s: section } });
    if (res.errors) throw new Error(JSON.stringify(res.errors));
    const ids = res.data!.search.edges.map((e: { node: { article: { id: string } } }) => e.node.article.id) as string[];
    expect(res.data!.search.totalCount).toBe(ids.length);
    return ids;
  };

  /** A French translation saved on the desk, then submitted and approved; returns the published version. */
  const publishFrench = async (id: string, title: string, version?: number, beforeApproval?: () => Promise<void>) => {
    const saved = await t.gql(SAVE, { key: translator, variables: { id, locale: 'fr', v: version, input: { title } } });
    expect(saved.errors).toBeUndefined();
    const sub = await t.gql(SUBMIT, { key: translator, variables: { id, locale: 'fr', v: saved.data!.saveTranslation.version } });
    expect(sub.errors).toBeUndefined();
    await beforeApproval?.();
    const review = await t.gql(REVIEW, { key: editor, variables: { id, locale: 'fr', decision: 'APPROVE' } });
    expect(review.data!.reviewTranslation.status).toBe('PUBLISHED');
    return review.data!.reviewTranslation.version as number;
  };

  beforeAll(async () => {
    t = await TestApp.start();
    admin = await t.key('ADMIN');
    editor = await keyNamed(t, 'EDITOR', 'Editor');
    translator = await keyNamed(t, 'TRANSLATOR', 'Translator', { locales: ['fr'] });
    section = (await makeSection(t, admin)).slug;
  });
  afterAll(() => t.close());

  it('a translation is found only once published, and a published revision replaces its old words', async () => {
    const { id } = await makeArticle(t, editor, section, { title: 'Lighthouse keepers strike on the coast' });
    const version = await publishFrench(id, 'Les gardiens de phare en grève', undefined, async () => {
      expect(await found('phare', 'fr')).toEqual([]);
    });
    expect(await found('phare', 'fr')).toEqual([id]);
    expect(await found('lighthouse', 'en')).toEqual([id]);

    await publishFrench(id, 'Les marins du port en grève', version);
    expect(await found('phare', 'fr')).toEqual([]);
    expect(await found('marins', 'fr')).toEqual([id]);
    expect(await found('lighthouse', 'en')).toEqual([id]);
  });

  it('a deleted article leaves search in every language', async () => {
    const { id } = await makeArticle(t, editor, section, { title: 'Dockers walk out over pay' });
    await publishFrench(id, 'Les dockers débrayent pour les salaires');
    expect(await found('dockers', null)).toHaveLength(2);
    const res = await t.gql(`mutation($id: ID!) { deleteArticle(id: $id) }`, { key: admin, variables: { id } });
    expect(res.data!.deleteArticle).toBe(true);
    expect(await found('dockers', null)).toEqual([]);
  });

  it('holds exactly the published translations that have a vector, after a rebuild too', async () => {
    await makeArticle(t, editor, section, { title: 'Teachers in the region strike' });
    const mirror = `SELECT
        (SELECT count(*) FROM search_entries)::int AS entries,
        (SELECT count(*) FROM translations WHERE status = 'PUBLISHED' AND search_vector IS NOT NULL)::int AS published,
        (SELECT count(*) FROM translations t JOIN search_entries s ON s.translation_id = t.id AND s.locale = t.locale
          WHERE s.search_vector = t.search_vector AND s.article_id = t.article_id AND s.section_id = t.section_id)::int AS same`;
    const before = (await t.dataSource.query(mirror))[0];
    expect(before.entries).toBeGreaterThan(0);
    expect(before).toEqual({ entries: before.published, published: before.published, same: before.published });
    await rebuildSearchVectors(t.dataSource);
    expect((await t.dataSource.query(mirror))[0]).toEqual(before);
  });

  it("keeps a long article's vector in its row, where ranking reads it without a TOAST look-up", async () => {
    const toastChunks = async () => {
      const [{ toast }] = await t.dataSource.query(`SELECT reltoastrelid::regclass::text AS toast FROM pg_class WHERE relname = 'search_entries_zh'`);
      return Number((await t.dataSource.query(`SELECT count(*)::int AS n FROM ${toast}`))[0].n);
    };
    const before = await toastChunks();
    // About 400 distinct characters: a vector of some 5.6 KB of bigrams (moved out of the row over 2 KB by default).
    const text = Array.from({ length: 400 }, (_, i) => String.fromCodePoint(0x4e00 + ((i * 7919) % 20000))).join('');
    const { id } = await makeArticle(t, editor, section, { locale: 'zh', title: '长篇报道', bodyHtml: `<p>${text}</p>` });
    const [{ bytes }] = await t.dataSource.query(`SELECT pg_column_size(search_vector) AS bytes FROM search_entries WHERE article_id = $1`, [id]);
    expect(bytes).toBeGreaterThan(4000);
    expect(await toastChunks()).toBe(before);
    expect(await found('长篇', 'zh')).toEqual([id]);
  });
});
