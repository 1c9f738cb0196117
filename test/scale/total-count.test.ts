import { makeArticle, makeSection } from '../support/factories';
import { CLAIM, REVIEW, SAVE, SUBMIT } from '../translations/support';
import { SqlCounter } from '../support/sql-counter';
import { TestApp } from '../support/test-app';

/** A count statement of any connection (TypeORM's getCount, or our own count(*) queries). */
const isCount = (sql: string) => /\bcount\s*\(/i.test(sql);

describe('totalCount is computed only when selected', () => {
  const sql = new SqlCounter();
  let t: TestApp;
  let section: string;
  let editor: string;
  let translator: string;

  beforeAll(async () => {
    t = await TestApp.start({ sqlLogger: sql });
    const admin = await t.key('ADMIN');
    editor = await t.key('EDITOR');
    translator = await t.key('TRANSLATOR', { locales: ['zh'] });
    section = (await makeSection(t, admin)).slug;
    for (let i = 0; i < 3; i++) await makeArticle(t, editor, section, { title: `Harbour report ${i}`, tags: ['port'] });
  });
  afterAll(() => t.close());

  const counted = async (query: string, variables: Record<string, unknown>, key?: string) => {
    sql.reset();
    const res = await t.gql(query, { variables, key });
    expect(res.errors).toBeUndefined();
    return { data: res.data!, counts: sql.statements.filter(isCount).length };
  };

  const connections: [name: string, query: (fields: string) => string, variables: () => Record<string, unknown>, key: () => string | undefined, expected: number][] = [
    ['articles', (f) => `query($s: String) { articles(section: $s, first: 2) { ${f} } }`, () => ({ s: section }), () => undefined, 3],
    ['articles by tag', (f) => `query($s: String) { articles(section: $s, tag: "port", first: 2) { ${f} } }`, () => ({ s: section }), () => undefined, 3],
    ['search', (f) => `query($s: String) { search(query: "harbour", section: $s, first: 2) { ${f} } }`, () => ({ s: section }), () => undefined, 3],
    ['translationQueue', (f) => `query($s: String) { translationQueue(locale: "zh", section: $s, first: 2) { ${f} } }`, () => ({ s: section }), () => translator, 3],
    ['mentions', (f) => `query($s: String) { mentions(section: $s, first: 2) { ${f} } }`, () => ({ s: section }), () => editor, 0],
  ];

  it.each(connections)('%s: no count statement unless totalCount is asked for, then exactly one', async (_name, query, variables, key, expected) => {
    const without = await counted(query('pageInfo { hasNextPage } edges { cursor }'), variables(), key());
    expect(without.counts).toBe(0);
    const withCount = await counted(query('totalCount pageInfo { hasNextPage }'), variables(), key());
    expect(withCount.counts).toBe(1);
    expect(Object.values(withCount.data)[0].totalCount).toBe(expected);
  });

  // The read cache is off in tests (READ_CACHE_TTL_SECONDS=0); counts are kept anyway, retired by every write.
  it('counts once while nothing changes, and counts again after a write: the new article is in the total', async () => {
    const own = (await makeSection(t, await t.key('ADMIN'))).slug;
    await makeArticle(t, editor, own, { title: 'Quay report one' });
    const query = `query($s: String) { articles(section: $s, first: 1) { totalCount } }`;
    expect((await counted(query, { s: own })).counts).toBe(1);
    const again = await counted(query, { s: own });
    expect(again.counts).toBe(0);
    expect(again.data.articles.totalCount).toBe(1);
    await makeArticle(t, editor, own, { title: 'Quay report two' });
    const after = await counted(query, { s: own });
    expect(after.counts).toBe(1);
    expect(after.data.articles.totalCount).toBe(2);
  });

  it('keeps coverage until a translation changes it', async () => {
    const own = (await makeSection(t, await t.key('ADMIN'))).slug;
    const article = await makeArticle(t, editor, own, { title: 'Coverage report' });
    const query = `query($s: String) { translationCoverage(section: $s) { locale total published missing } }`;
    const zh = (data: Record<string, unknown>) => (data.translationCoverage as { locale: string; published: number; missing: number }[]).find((c) => c.locale === 'zh');
    const first = await counted(query, { s: own }, editor);
    expect(zh(first.data)).toMatchObject({ published: 0, missing: 1 });
    expect((await counted(query, { s: own }, editor)).counts).toBe(0);
    // Through the desk, as people do it: claim, save, submit, approve.
    const ok = async (q: string, variables: Record<string, unknown>, key: string) => {
      const res = await t.gql(q, { key, variables });
      expect(res.errors).toBeUndefined();
      return res.data!;
    };
    const v = { id: article.id, locale: 'zh' };
    const claimed = (await ok(CLAIM, v, translator)).claimTranslation as { version: number };
    const saved = (await ok(SAVE, { ...v, v: claimed.version, input: { title: '覆盖报告', bodyHtml: '<p>正文</p>' } }, translator)).saveTranslation as { version: number };
    await ok(SUBMIT, { ...v, v: saved.version }, translator);
    await ok(REVIEW, { ...v, decision: 'APPROVE' }, editor);
    expect(zh((await counted(query, { s: own }, editor)).data)).toMatchObject({ published: 1, missing: 0 });
  });
});
