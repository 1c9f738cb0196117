import { makeArticle, makeSection } from '../support/factories';
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
});
