import { TestApp } from '../support/test-app';
import { CLAIM, keyNamed, makeArticle, makeSection, QUEUE, READ, REVIEW, SAVE, SUBMIT, unique } from './support';

const ORIGINAL = `query($id: ID!) { article(id: $id) { translation(fallback: false) { locale version } } }`;

describe('translation queue, stale translations and source diffs', () => {
  let t: TestApp;
  let admin: string;
  let editor: string;
  let editor2: string;
  let amina: string; // ur + fr
  let claire: string; // fr
  let section: string;
  let publisher: string;
  let otherPublisher: string;

  beforeAll(async () => {
    t = await TestApp.start();
    admin = await t.key('ADMIN');
    editor = await keyNamed(t, 'EDITOR', 'Queue editor');
    editor2 = await keyNamed(t, 'EDITOR', 'Queue reviewer');
    amina = await keyNamed(t, 'TRANSLATOR', `Amina ${unique()}`, { locales: ['ur', 'fr'] });
    claire = await keyNamed(t, 'TRANSLATOR', 'Claire', { locales: ['fr'] });
    section = (await makeSection(t, admin)).slug;
    const other = (await makeSection(t, admin)).slug;
    publisher = await keyNamed(t, 'PUBLISHER', 'Section publisher', { section });
    otherPublisher = await keyNamed(t, 'PUBLISHER', 'Other publisher', { section: other });
  });
  afterAll(() => t.close());

  const queue = async (key: string, variables: Record<string, unknown>) => {
    const res = await t.gql(QUEUE, { key, variables });
    if (res.errors) throw new Error(JSON.stringify(res.errors));
    return res.data!.translationQueue;
  };
  const taskOf = async (id: string, locale: string, sectionSlug = section) =>
    (await queue(amina, { locale, section: sectionSlug, first: 100 })).edges.find((e: any) => e.node.article.id === id)?.node;

  /** Translates into `locale` and has it approved. */
  async function publish(id: string, locale: string, title: string, key = amina) {
    const saved = await t.gql(SAVE, { key, variables: { id, locale, input: { title, bodyHtml: `<p>${title}</p>` } } });
    if (saved.errors) throw new Error(JSON.stringify(saved.errors));
    await t.gql(SUBMIT, { key, variables: { id, locale, v: saved.data!.saveTranslation.version } });
    const res = await t.gql(REVIEW, { key: editor, variables: { id, locale, decision: 'APPROVE' } });
    if (res.errors) throw new Error(JSON.stringify(res.errors));
    return res.data!.reviewTranslation;
  }
  const editOriginal = async (id: string, input: Record<string, unknown>, key = editor) => {
    const v = (await t.gql(ORIGINAL, { variables: { id } })).data!.article.translation.version;
    return t.gql(SAVE, { key, variables: { id, locale: 'en', v, input } });
  };

  describe('who may read it', () => {
    it('a translator only in their locales (FORBIDDEN elsewhere); editors everywhere; nobody anonymous', async () => {
      const forbidden = await t.gql(QUEUE, { key: claire, variables: { locale: 'ur' } });
      expect(forbidden.errors![0].extensions.code).toBe('FORBIDDEN');
      expect((await t.gql(QUEUE, { key: claire, variables: { locale: 'fr-CA' } })).errors).toBeUndefined();
      expect((await t.gql(QUEUE, { key: editor, variables: { locale: 'zh-Hans' } })).errors).toBeUndefined();
      expect((await t.gql(QUEUE, { variables: { locale: 'fr' } })).errors![0].extensions.code).toBe('UNAUTHENTICATED');
      expect((await t.gql(QUEUE, { key: publisher, variables: { locale: 'fr' } })).errors![0].extensions.code).toBe('FORBIDDEN');
      const bad = await t.gql(QUEUE, { key: editor, variables: { locale: 'xx' } });
      expect(bad.errors![0].extensions.code).toBe('BAD_USER_INPUT');
      expect(bad.errors![0].message).toContain('en, fr, zh, ur, es, sv');
    });
  });

  describe('listing', () => {
    let own: string;
    const ids: string[] = [];
    beforeAll(async () => {
      own = (await makeSection(t, admin)).slug;
      for (let day = 1; day <= 5; day++) {
        ids.push((await makeArticle(t, editor, own, { publishedAt: `2024-03-0${day}T10:00:00.000Z`, title: `Day ${day}` })).id);
      }
      // Written in Urdu: never an Urdu task.
      await makeArticle(t, editor, own, { locale: 'ur', title: 'اردو مضمون', publishedAt: '2024-03-09T10:00:00.000Z' });
    });

    it('lists MISSING tasks newest first, filtered by section, with the original as source and a total', async () => {
      const page = await queue(amina, { locale: 'ur', section: own });
      expect(page.totalCount).toBe(5);
      expect(page.edges.map((e: any) => e.node.article.id)).toEqual([...ids].reverse());
      expect(page.edges[0].node).toMatchObject({
        locale: 'ur',
        reason: 'MISSING',
        source: { locale: 'en', title: 'Day 5', isOriginal: true },
        claimedBy: null,
        translation: null,
        sourceChanges: null,
      });
      const fr = await queue(amina, { locale: 'fr', section: own });
      expect(fr.totalCount).toBe(6);
      expect(fr.edges[0].node.source).toMatchObject({ locale: 'ur', isOriginal: true });
    });

    it('pages with signed cursors and refuses forged ones and oversized pages', async () => {
      const first = await queue(amina, { locale: 'ur', section: own, first: 2 });
      expect(first.pageInfo.hasNextPage).toBe(true);
      const second = await queue(amina, { locale: 'ur', section: own, first: 2, after: first.pageInfo.endCursor });
      const third = await queue(amina, { locale: 'ur', section: own, first: 2, after: second.pageInfo.endCursor });
      const seen = [...first.edges, ...second.edges, ...third.edges].map((e: any) => e.node.article.id);
      expect(seen).toEqual([...ids].reverse());
      expect(third.pageInfo.hasNextPage).toBe(false);
      expect(third.totalCount).toBe(5);
      const forged = first.pageInfo.endCursor.replace(/^./, (c: string) => (c === 'A' ? 'B' : 'A'));
      for (const variables of [{ after: forged }, { after: 'nonsense' }, { first: 101 }]) {
        const res = await t.gql(QUEUE, { key: amina, variables: { locale: 'ur', section: own, ...variables } });
        expect(res.errors![0].extensions.code).toBe('BAD_USER_INPUT');
      }
      const unknown = await t.gql(QUEUE, { key: amina, variables: { locale: 'ur', section: `none-${unique()}` } });
      expect(unknown.errors![0].extensions.code).toBe('NOT_FOUND');
    });

    it('a published translation leaves the queue; a claimed one shows who has it', async () => {
      await publish(ids[0], 'ur', 'پہلا دن');
      await t.gql(CLAIM, { key: amina, variables: { id: ids[1], locale: 'ur' } });
      const page = await queue(amina, { locale: 'ur', section: own });
      expect(page.totalCount).toBe(4);
      expect(page.edges.find((e: any) => e.node.article.id === ids[1]).node).toMatchObject({ claimedBy: expect.stringMatching(/^Amina /), status: 'IN_PROGRESS' });
    });
  });

  describe('when the original changes', () => {
    it('editing the original (EDITOR) is a new source revision: translations stay visible, become stale and STALE tasks with a word diff', async () => {
      const { id } = await makeArticle(t, editor, section, {
        title: 'Workers strike in Karachi',
        summary: 'A strike',
        bodyHtml: '<p>The strike began on Monday.</p>',
      });
      await publish(id, 'ur', 'کراچی میں مزدوروں کی ہڑتال');
      expect(await taskOf(id, 'ur')).toBeUndefined();

      const edit = await editOriginal(id, { title: 'Workers strike in Lahore', summary: 'A strike', bodyHtml: '<p>The strike began on Tuesday.</p>' });
      expect(edit.errors).toBeUndefined();
      expect(edit.data!.saveTranslation).toMatchObject({ locale: 'en', status: 'PUBLISHED', isOriginal: true, isStale: false, title: 'Workers strike in Lahore' });

      const read = (await t.gql(READ, { variables: { id, locale: 'ur' } })).data!.article;
      expect(read.translation).toMatchObject({ title: 'کراچی میں مزدوروں کی ہڑتال', status: 'PUBLISHED', isStale: true });
      expect(read.availableLocales).toContain('ur');

      const task = await taskOf(id, 'ur');
      expect(task).toMatchObject({ reason: 'STALE', source: { locale: 'en', title: 'Workers strike in Lahore' }, translation: { isStale: true } });
      expect(task.sourceChanges).toMatchObject({ fromRevision: 1, toRevision: 2 });
      expect(task.sourceChanges.title).toEqual([
        { kind: 'UNCHANGED', text: 'Workers strike in ' },
        { kind: 'REMOVED', text: 'Karachi' },
        { kind: 'ADDED', text: 'Lahore' },
      ]);
      expect(task.sourceChanges.summary).toEqual([{ kind: 'UNCHANGED', text: 'A strike' }]);
      expect(task.sourceChanges.body.filter((c: any) => c.kind !== 'UNCHANGED')).toEqual([
        { kind: 'REMOVED', text: 'Monday' },
        { kind: 'ADDED', text: 'Tuesday' },
      ]);
    });

    it('only editors and the section\'s publisher edit the original, with optimistic concurrency', async () => {
      const { id } = await makeArticle(t, editor, section, { title: 'Original' });
      expect((await editOriginal(id, { title: 'By translator' }, amina)).errors![0].extensions.code).toBe('FORBIDDEN');
      expect((await editOriginal(id, { title: 'By other publisher' }, otherPublisher)).errors![0].extensions.code).toBe('FORBIDDEN');
      const ok = await editOriginal(id, { title: 'By publisher' }, publisher);
      expect(ok.data!.saveTranslation).toMatchObject({ title: 'By publisher', version: 2 });
      const stale = await t.gql(SAVE, { key: editor, variables: { id, locale: 'en', v: 1, input: { title: 'Lost?' } } });
      expect(stale.errors![0].extensions).toMatchObject({ code: 'CONFLICT', currentVersion: 2 });
      const [row] = await t.dataSource.query(`SELECT title FROM translations WHERE article_id = $1 AND is_original`, [id]);
      expect(row.title).toBe('By publisher');
    });

    it('revising a stale translation keeps the published text live until the revision is approved', async () => {
      const { id } = await makeArticle(t, editor, section, { title: 'First text' });
      const published = await publish(id, 'fr', 'Premier texte');
      await editOriginal(id, { title: 'Second text' });

      const claimed = (await t.gql(CLAIM, { key: claire, variables: { id, locale: 'fr' } })).data!.claimTranslation;
      expect(claimed).toMatchObject({ status: 'IN_PROGRESS', title: 'Premier texte', version: published.version + 1 });
      const saved = (await t.gql(SAVE, { key: claire, variables: { id, locale: 'fr', v: claimed.version, input: { title: 'Deuxième texte' } } })).data!
        .saveTranslation;
      // Readers still get the published (stale) text while the revision is worked on.
      expect((await t.gql(READ, { variables: { id, locale: 'fr' } })).data!.article.translation).toMatchObject({
        title: 'Premier texte',
        status: 'PUBLISHED',
        isStale: true,
      });
      const task = await taskOf(id, 'fr');
      expect(task).toMatchObject({ reason: 'STALE', status: 'IN_PROGRESS', translation: { title: 'Deuxième texte' } });

      await t.gql(SUBMIT, { key: claire, variables: { id, locale: 'fr', v: saved.version } });
      const rejected = await t.gql(REVIEW, { key: editor, variables: { id, locale: 'fr', decision: 'REJECT', comment: 'Accent' } });
      expect(rejected.data!.reviewTranslation.status).toBe('REJECTED');
      expect((await taskOf(id, 'fr')).reason).toBe('REJECTED');
      expect((await t.gql(READ, { variables: { id, locale: 'fr' } })).data!.article.translation.title).toBe('Premier texte');

      const fixed = (await t.gql(SAVE, { key: claire, variables: { id, locale: 'fr', v: rejected.data!.reviewTranslation.version, input: { title: 'Deuxième texte.' } } }))
        .data!.saveTranslation;
      await t.gql(SUBMIT, { key: claire, variables: { id, locale: 'fr', v: fixed.version } });
      const approved = await t.gql(REVIEW, { key: editor2, variables: { id, locale: 'fr', decision: 'APPROVE' } });
      expect(approved.data!.reviewTranslation).toMatchObject({ status: 'PUBLISHED', isStale: false, title: 'Deuxième texte.' });
      expect((await t.gql(READ, { variables: { id, locale: 'fr' } })).data!.article.translation).toMatchObject({ title: 'Deuxième texte.', isStale: false });
      expect(await taskOf(id, 'fr')).toBeUndefined();
      expect(await t.dataSource.query(`SELECT 1 FROM translation_drafts WHERE article_id = $1`, [id])).toHaveLength(0);
    });

    // Feed ingestion writes with SQL: it bumps articles.source_revision and rewrites the original text.
    it.each([
      ['text first, then the bump, in one transaction', ['text', 'bump'], true],
      ['the bump first, then the text, in one transaction', ['bump', 'text'], true],
      ['the bump and the text in separate transactions', ['bump', 'text'], false],
    ])('an ingestion update (%s) makes translations STALE with the right diff', async (_name, order, oneTransaction) => {
      const { id } = await makeArticle(t, editor, section, { title: 'Rally in Stockholm today', bodyHtml: '<p>Join us.</p>' });
      await publish(id, 'ur', 'اسٹاک ہوم میں ریلی');
      const statements: Record<string, string> = {
        text: `UPDATE translations SET title = 'Rally in Gothenburg today', body_html = '<p>Join us all.</p>' WHERE article_id = $1 AND is_original`,
        bump: `UPDATE articles SET source_revision = source_revision + 1 WHERE id = $1`,
      };
      if (oneTransaction) {
        await t.dataSource.transaction(async (m) => {
          for (const step of order) await m.query(statements[step], [id]);
        });
      } else {
        for (const step of order) await t.dataSource.query(statements[step], [id]);
      }
      const task = await taskOf(id, 'ur');
      expect(task.reason).toBe('STALE');
      expect(task.sourceChanges.title.filter((c: any) => c.kind !== 'UNCHANGED')).toEqual([
        { kind: 'REMOVED', text: 'Stockholm' },
        { kind: 'ADDED', text: 'Gothenburg' },
      ]);
      expect(task.sourceChanges.body.filter((c: any) => c.kind === 'ADDED').map((c: any) => c.text.trim())).toEqual(['all']);
      expect((await t.gql(READ, { variables: { id, locale: 'ur' } })).data!.article.translation.isStale).toBe(true);
    });
  });
});
