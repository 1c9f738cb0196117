import { SqlCounter } from '../support/sql-counter';
import { TestApp } from '../support/test-app';
import { CLAIM, keyNamed, makeArticle, makeSection, QUEUE } from './support';

describe('translation queue cost', () => {
  const sql = new SqlCounter();
  let t: TestApp;
  beforeAll(async () => (t = await TestApp.start({ sqlLogger: sql })));
  afterAll(() => t.close());

  it('runs the same number of SQL statements for a page of 5 and of 60 tasks (no N+1)', async () => {
    const admin = await t.key('ADMIN');
    const editor = await keyNamed(t, 'EDITOR', 'Cost editor');
    const translator = await keyNamed(t, 'TRANSLATOR', 'Cost translator', { locales: ['fr'] });
    const section = (await makeSection(t, admin)).slug;
    for (let i = 0; i < 60; i++) {
      const { id } = await makeArticle(t, editor, section, { title: `Cost ${i}`, publishedAt: new Date(Date.UTC(2021, 0, 1, 0, i)).toISOString() });
      if (i % 3 === 0) await t.gql(CLAIM, { key: translator, variables: { id, locale: 'fr' } });
    }
    // No totalCount: the first read would count and the second find the count kept (total-count.test.ts).
    const page = QUEUE.replace('totalCount ', '');
    expect(page).not.toContain('totalCount');
    const statementsFor = async (first: number) => {
      sql.reset();
      const res = await t.gql(page, { key: translator, variables: { locale: 'fr', section, first } });
      expect(res.errors).toBeUndefined();
      expect(res.data!.translationQueue.edges).toHaveLength(first);
      return sql.count;
    };
    const small = await statementsFor(5);
    const large = await statementsFor(60);
    expect(large).toBe(small);
    expect(large).toBeLessThanOrEqual(12);
  });
});
