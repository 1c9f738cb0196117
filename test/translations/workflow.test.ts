import { AppConfig } from '../../src/config/app-config';
import { TestApp } from '../support/test-app';
import { CLAIM, HISTORY, keyNamed, makeArticle, makeSection, QUEUE, READ, RELEASE, REVIEW, SAVE, SUBMIT, unique } from './support';

describe('translation desk: claim, save, submit, review', () => {
  let t: TestApp;
  let admin: string;
  let editor: string;
  let editor2: string;
  let amina: string; // translator ur + fr
  let bilal: string; // translator ur
  let claire: string; // translator fr only
  let section: string;
  const names = { amina: `Amina ${unique()}`, bilal: `Bilal ${unique()}` };

  beforeAll(async () => {
    t = await TestApp.start();
    admin = await t.key('ADMIN');
    editor = await keyNamed(t, 'EDITOR', 'Editor One');
    editor2 = await keyNamed(t, 'EDITOR', 'Editor Two');
    amina = await keyNamed(t, 'TRANSLATOR', names.amina, { locales: ['ur', 'fr'] });
    bilal = await keyNamed(t, 'TRANSLATOR', names.bilal, { locales: ['ur'] });
    claire = await keyNamed(t, 'TRANSLATOR', 'Claire', { locales: ['fr'] });
    section = (await makeSection(t, admin)).slug;
  });
  afterAll(() => t.close());

  /**
   * The API's PostgreSQL pool (DATABASE_POOL_SIZE). Concurrency tests send at most this many requests at
   * once: each request holds one connection at a time, so none waits for a connection, and a transaction
   * that needed a second connection while holding its first would still deadlock the pool (all held, all waiting).
   */
  const poolSize = () => t.app.get(AppConfig).databasePoolSize;

  const article = (overrides: Parameters<typeof makeArticle>[3] = {}) =>
    makeArticle(t, editor, section, { title: 'Students organise a union in Lahore', bodyHtml: '<p>The union meets on Friday.</p>', ...overrides });
  const row = async (id: string, locale: string) =>
    (await t.dataSource.query(`SELECT title, status, version, source_revision FROM translations WHERE article_id = $1 AND locale = $2`, [id, locale]))[0];

  describe('claims', () => {
    it('claiming a missing task creates the translation IN_PROGRESS and reserves it for 48 hours', async () => {
      const { id } = await article();
      const res = await t.gql(CLAIM, { key: amina, variables: { id, locale: 'ur-PK' } });
      expect(res.errors).toBeUndefined();
      expect(res.data!.claimTranslation).toMatchObject({ locale: 'ur', direction: 'RTL', status: 'IN_PROGRESS', version: 1, isOriginal: false });
      const [claim] = await t.dataSource.query(
        `SELECT claimer_name, extract(epoch FROM expires_at - claimed_at)::int AS seconds FROM translation_claims WHERE article_id = $1 AND locale = 'ur'`,
        [id],
      );
      expect(claim).toEqual({ claimer_name: names.amina, seconds: 48 * 3600 });
      const queue = await t.gql(QUEUE, { key: amina, variables: { locale: 'ur', section } });
      const task = queue.data!.translationQueue.edges.find((e: any) => e.node.article.id === id).node;
      expect(task).toMatchObject({ reason: 'MISSING', claimedBy: names.amina, status: 'IN_PROGRESS' });
      expect(new Date(task.claimExpiresAt).getTime()).toBeGreaterThan(Date.now() + 47 * 3600 * 1000);
    });

    it("another translator's claim is CONFLICT naming only the claimer's display name", async () => {
      const { id } = await article();
      await t.gql(CLAIM, { key: amina, variables: { id, locale: 'ur' } });
      const res = await t.gql(CLAIM, { key: bilal, variables: { id, locale: 'ur' } });
      expect(res.errors![0].extensions.code).toBe('CONFLICT');
      expect(res.errors![0].message).toContain(names.amina);
      // Messages are in the request's language, which the locale argument sets (the contract's convention).
      await t.gql(CLAIM, { key: amina, variables: { id, locale: 'fr' } });
      const fr = await t.gql(CLAIM, { key: claire, variables: { id, locale: 'fr' } });
      expect(fr.errors![0].message).toMatch(new RegExp(`${names.amina} travaille sur cette traduction`));
      expect(res.errors![0].extensions.claimedBy).toBe(names.amina);
      expect(JSON.stringify(res.errors)).not.toMatch(/[0-9a-f]{8}-[0-9a-f]{4}-/); // no key ids
      // The claimer may claim again (renewal).
      expect((await t.gql(CLAIM, { key: amina, variables: { id, locale: 'ur' } })).errors).toBeUndefined();
    });

    it('a translator may not claim outside their locales; an editor may claim any', async () => {
      const { id } = await article();
      const res = await t.gql(CLAIM, { key: claire, variables: { id, locale: 'ur' } });
      expect(res.errors![0].extensions.code).toBe('FORBIDDEN');
      expect((await t.gql(CLAIM, { key: editor, variables: { id, locale: 'sv' } })).data!.claimTranslation.status).toBe('IN_PROGRESS');
    });

    it('the original language is not a task', async () => {
      const { id } = await article();
      const res = await t.gql(CLAIM, { key: editor, variables: { id, locale: 'en' } });
      expect(res.errors![0].extensions.code).toBe('BAD_USER_INPUT');
    });

    it('an expired claim frees the task', async () => {
      const { id } = await article();
      await t.gql(CLAIM, { key: amina, variables: { id, locale: 'ur' } });
      await t.dataSource.query(`UPDATE translation_claims SET expires_at = now() - interval '1 second' WHERE article_id = $1`, [id]);
      const queue = await t.gql(QUEUE, { key: bilal, variables: { locale: 'ur', section, first: 100 } });
      expect(queue.data!.translationQueue.edges.find((e: any) => e.node.article.id === id).node.claimedBy).toBeNull();
      const res = await t.gql(CLAIM, { key: bilal, variables: { id, locale: 'ur' } });
      expect(res.errors).toBeUndefined();
      expect((await t.dataSource.query(`SELECT claimer_name FROM translation_claims WHERE article_id = $1`, [id]))[0].claimer_name).toBe(names.bilal);
    });

    it('releaseTranslation frees the task early; only the claimer (or an editor) may release', async () => {
      const { id } = await article();
      await t.gql(CLAIM, { key: amina, variables: { id, locale: 'ur' } });
      const byOther = await t.gql(RELEASE, { key: bilal, variables: { id, locale: 'ur' } });
      expect(byOther.errors![0].extensions.code).toBe('CONFLICT');
      expect((await t.gql(RELEASE, { key: amina, variables: { id, locale: 'ur' } })).data!.releaseTranslation).toBe(true);
      expect((await t.gql(RELEASE, { key: amina, variables: { id, locale: 'ur' } })).data!.releaseTranslation).toBe(false);
      expect((await t.gql(CLAIM, { key: bilal, variables: { id, locale: 'ur' } })).errors).toBeUndefined();
      expect((await t.gql(RELEASE, { key: editor, variables: { id, locale: 'ur' } })).data!.releaseTranslation).toBe(true);
    });

    it('of claims sent at the same instant exactly one wins (as many concurrent HTTP requests as the pool has connections)', async () => {
      const { id } = await article();
      const racers = poolSize();
      expect(racers).toBeGreaterThanOrEqual(2);
      const translators: string[] = [];
      for (let i = 0; i < racers; i++) translators.push(await keyNamed(t, 'TRANSLATOR', `Racer ${i} ${unique()}`, { locales: ['ur'] }));
      const results = await Promise.all(translators.map((key) => t.gql(CLAIM, { key, variables: { id, locale: 'ur' } })));
      const winners = results.filter((r) => !r.errors);
      expect(winners).toHaveLength(1);
      expect(results.filter((r) => r.errors?.[0].extensions.code === 'CONFLICT')).toHaveLength(racers - 1);
      const claims = await t.dataSource.query(`SELECT count(*)::int AS n FROM translation_claims WHERE article_id = $1 AND locale = 'ur'`, [id]);
      const rows = await t.dataSource.query(`SELECT count(*)::int AS n FROM translations WHERE article_id = $1 AND locale = 'ur'`, [id]);
      expect(claims[0].n).toBe(1);
      expect(rows[0].n).toBe(1);
    });
  });

  describe('many at once', () => {
    it('claims of as many different tasks as the pool has connections, at the same time, all succeed (no transaction waits for a second pooled connection)', async () => {
      const ids: string[] = [];
      for (let i = 0; i < poolSize(); i++) ids.push((await article({ title: `Many at once ${i} ${unique()}` })).id);
      const results = await Promise.all(ids.map((id) => t.gql(CLAIM, { key: bilal, variables: { id, locale: 'ur' } })));
      expect(results.filter((r) => r.errors)).toEqual([]);
    });
  });

  describe('saving drafts', () => {
    it('stores NFC, sanitised text in the translator\'s name and keeps Urdu right-to-left', async () => {
      const { id } = await article();
      const claimed = (await t.gql(CLAIM, { key: amina, variables: { id, locale: 'ur' } })).data!.claimTranslation;
      const res = await t.gql(SAVE, {
        key: amina,
        variables: {
          id,
          locale: 'ur',
          v: claimed.version,
          input: { title: '  لاہور میں طلبہ یونین  ', summary: 'Cafe\u0301', bodyHtml: '<p dir="rtl" onclick="x()">یونین جمعہ کو ملے گی<script>alert(1)</script></p>' },
        },
      });
      expect(res.errors).toBeUndefined();
      expect(res.data!.saveTranslation).toMatchObject({
        title: 'لاہور میں طلبہ یونین',
        summary: 'Caf\u00e9',
        bodyHtml: '<p dir="rtl">یونین جمعہ کو ملے گی</p>',
        direction: 'RTL',
        status: 'IN_PROGRESS',
        version: claimed.version + 1,
        translatedBy: names.amina,
      });
      expect(res.data!.saveTranslation.slug).toBe('لاہور-میں-طلبہ-یونین');
    });

    it('refuses an empty title', async () => {
      const { id } = await article();
      const res = await t.gql(SAVE, { key: amina, variables: { id, locale: 'ur', input: { title: '   ' } } });
      expect(res.errors![0].extensions.code).toBe('BAD_USER_INPUT');
      expect(await row(id, 'ur')).toBeUndefined();
    });

    it('a save against an old version is CONFLICT with the current version, and nothing is overwritten', async () => {
      const { id } = await article();
      const first = (await t.gql(SAVE, { key: amina, variables: { id, locale: 'fr', input: { title: 'Version une' } } })).data!.saveTranslation;
      expect(first.version).toBe(1);
      const second = (await t.gql(SAVE, { key: amina, variables: { id, locale: 'fr', v: 1, input: { title: 'Version deux' } } })).data!.saveTranslation;
      expect(second.version).toBe(2);
      const stale = await t.gql(SAVE, { key: amina, variables: { id, locale: 'fr', v: 1, input: { title: 'Texte perdu ?' } } });
      expect(stale.errors![0].extensions).toMatchObject({ code: 'CONFLICT', currentVersion: 2 });
      expect(stale.errors![0].message).toMatch(/version 1.*version 2/);
      const missingVersion = await t.gql(SAVE, { key: amina, variables: { id, locale: 'fr', input: { title: 'Sans version' } } });
      expect(missingVersion.errors![0].extensions).toMatchObject({ code: 'CONFLICT', currentVersion: 2 });
      expect(await row(id, 'fr')).toMatchObject({ title: 'Version deux', version: 2 });
    });

    it('two saves racing on the same version: one wins, the other is CONFLICT', async () => {
      const { id } = await article();
      const v = (await t.gql(CLAIM, { key: amina, variables: { id, locale: 'fr' } })).data!.claimTranslation.version;
      const results = await Promise.all(
        ['Texte A', 'Texte B', 'Texte C'].map((title) => t.gql(SAVE, { key: amina, variables: { id, locale: 'fr', v, input: { title } } })),
      );
      const ok = results.filter((r) => !r.errors);
      expect(ok).toHaveLength(1);
      expect(results.filter((r) => r.errors?.[0].extensions.code === 'CONFLICT')).toHaveLength(2);
      expect(await row(id, 'fr')).toMatchObject({ title: ok[0].data!.saveTranslation.title, version: v + 1 });
    });

    it('the same translator saving twice at once (a double click) gets one save and one CONFLICT, never an error', async () => {
      const { id } = await article();
      const first = await Promise.all(['Un', 'Deux'].map((title) => t.gql(SAVE, { key: amina, variables: { id, locale: 'fr', input: { title } } })));
      expect(first.filter((r) => !r.errors)).toHaveLength(1);
      expect(first.filter((r) => r.errors?.[0].extensions.code === 'CONFLICT')).toHaveLength(1);
      // The same on a published translation, where the save starts a revision draft.
      const v = first.find((r) => !r.errors)!.data!.saveTranslation.version;
      const sub = (await t.gql(SUBMIT, { key: amina, variables: { id, locale: 'fr', v } })).data!.submitTranslation;
      expect((await t.gql(REVIEW, { key: editor, variables: { id, locale: 'fr', decision: 'APPROVE' } })).errors).toBeUndefined();
      const revision = await Promise.all(
        ['Trois', 'Quatre'].map((title) => t.gql(SAVE, { key: amina, variables: { id, locale: 'fr', v: sub.version + 1, input: { title } } })),
      );
      expect(revision.filter((r) => !r.errors)).toHaveLength(1);
      expect(revision.filter((r) => r.errors?.[0].extensions.code === 'CONFLICT')).toHaveLength(1);
    });

    it("saving a task claimed by someone else is CONFLICT and changes nothing", async () => {
      const { id } = await article();
      const v = (await t.gql(CLAIM, { key: amina, variables: { id, locale: 'ur' } })).data!.claimTranslation.version;
      const res = await t.gql(SAVE, { key: bilal, variables: { id, locale: 'ur', v, input: { title: 'میرا ترجمہ' } } });
      expect(res.errors![0].extensions.code).toBe('CONFLICT');
      expect((await row(id, 'ur')).version).toBe(v);
    });
  });

  describe('submit and review', () => {
    async function submitted(key: string, locale = 'ur') {
      const { id } = await article();
      const saved = (await t.gql(SAVE, { key, variables: { id, locale, input: { title: 'طلبہ یونین' } } })).data!.saveTranslation;
      const sub = await t.gql(SUBMIT, { key, variables: { id, locale, v: saved.version } });
      expect(sub.errors).toBeUndefined();
      expect(sub.data!.submitTranslation.status).toBe('SUBMITTED');
      return { id, version: sub.data!.submitTranslation.version };
    }

    it('APPROVE publishes: readers see it in that language, not stale, from the current revision', async () => {
      const { id } = await submitted(amina);
      expect((await t.gql(READ, { variables: { id, locale: 'ur' } })).data!.article.translation).toBeNull();
      const res = await t.gql(REVIEW, { key: editor, variables: { id, locale: 'ur', decision: 'APPROVE' } });
      expect(res.errors).toBeUndefined();
      expect(res.data!.reviewTranslation).toMatchObject({ status: 'PUBLISHED', isStale: false });
      const read = (await t.gql(READ, { variables: { id, locale: 'ur' } })).data!.article;
      expect(read.translation).toMatchObject({ locale: 'ur', title: 'طلبہ یونین', status: 'PUBLISHED', isStale: false, direction: 'RTL' });
      expect(read.availableLocales).toContain('ur');
      // The desk's write indexed it for search: typed with Arabic letters, found in Urdu.
      const found = await t.gql(`query { search(query: "طلبه يونين", locale: "ur", first: 50) { edges { node { article { id } } } } }`);
      expect(found.data!.search.edges.map((e: any) => e.node.article.id)).toContain(id);
      const queue = await t.gql(QUEUE, { key: amina, variables: { locale: 'ur', section, first: 100 } });
      expect(queue.data!.translationQueue.edges.some((e: any) => e.node.article.id === id)).toBe(false);
      expect(await t.dataSource.query(`SELECT 1 FROM translation_claims WHERE article_id = $1`, [id])).toHaveLength(0);
    });

    it('REJECT sends it back with the comment; the task is REJECTED in the queue and can be reworked', async () => {
      const { id } = await submitted(amina);
      const res = await t.gql(REVIEW, { key: editor, variables: { id, locale: 'ur', decision: 'REJECT', comment: 'Please translate the body too.' } });
      expect(res.data!.reviewTranslation.status).toBe('REJECTED');
      const queue = await t.gql(QUEUE, { key: amina, variables: { locale: 'ur', section, first: 100 } });
      const task = queue.data!.translationQueue.edges.find((e: any) => e.node.article.id === id).node;
      expect(task).toMatchObject({ reason: 'REJECTED', reviewComment: 'Please translate the body too.', status: 'REJECTED' });
      const again = await t.gql(SAVE, {
        key: amina,
        variables: { id, locale: 'ur', v: res.data!.reviewTranslation.version, input: { title: 'طلبہ یونین', bodyHtml: '<p>یونین</p>' } },
      });
      expect(again.data!.saveTranslation.status).toBe('IN_PROGRESS');
    });

    it('a translator cannot approve, and nobody approves a translation they wrote or submitted', async () => {
      const { id } = await submitted(amina);
      expect((await t.gql(REVIEW, { key: amina, variables: { id, locale: 'ur', decision: 'APPROVE' } })).errors![0].extensions.code).toBe('FORBIDDEN');
      const own = await submitted(editor, 'sv');
      const res = await t.gql(REVIEW, { key: editor, variables: { id: own.id, locale: 'sv', decision: 'APPROVE' }, lang: 'sv' });
      expect(res.errors![0].extensions.code).toBe('FORBIDDEN');
      expect(res.errors![0].message).toMatch(/själv/);
      expect((await row(own.id, 'sv')).status).toBe('SUBMITTED');
      expect((await t.gql(REVIEW, { key: editor2, variables: { id: own.id, locale: 'sv', decision: 'APPROVE' } })).data!.reviewTranslation.status).toBe('PUBLISHED');
    });

    it('moves outside the allowed transitions are BAD_USER_INPUT, translated, and change nothing', async () => {
      const { id } = await article();
      const none = await t.gql(SUBMIT, { key: editor, variables: { id, locale: 'es', v: 0 } });
      expect(none.errors![0].extensions.code).toBe('BAD_USER_INPUT');
      expect(none.errors![0].message).toBe('Solo se puede enviar un borrador o una traducción en curso; esta está sin empezar.');
      expect(await row(id, 'es')).toBeUndefined();
      const v = (await t.gql(CLAIM, { key: amina, variables: { id, locale: 'ur' } })).data!.claimTranslation.version;
      const approveInProgress = await t.gql(REVIEW, { key: editor, variables: { id, locale: 'ur', decision: 'APPROVE' } });
      expect(approveInProgress.errors![0].extensions.code).toBe('BAD_USER_INPUT');
      const sub = (await t.gql(SUBMIT, { key: amina, variables: { id, locale: 'ur', v } })).data!.submitTranslation;
      const saveSubmitted = await t.gql(SAVE, { key: amina, variables: { id, locale: 'ur', v: sub.version, input: { title: 'تبدیلی' } } });
      expect(saveSubmitted.errors![0].extensions.code).toBe('BAD_USER_INPUT');
      expect(saveSubmitted.errors![0].message).toContain('"جمع شدہ"');
      const submitTwice = await t.gql(SUBMIT, { key: amina, variables: { id, locale: 'ur', v: sub.version } });
      expect(submitTwice.errors![0].extensions.code).toBe('BAD_USER_INPUT');
      expect(await row(id, 'ur')).toMatchObject({ status: 'SUBMITTED', version: sub.version });
    });

    it('records every transition (who, when, from, to, comment), visible to editors only', async () => {
      const { id } = await submitted(amina);
      await t.gql(REVIEW, { key: editor, variables: { id, locale: 'ur', decision: 'REJECT', comment: 'Tone' } });
      const res = await t.gql(HISTORY, { key: editor, variables: { id, locale: 'ur' } });
      const steps = res.data!.translationHistory.map((e: any) => [e.action, e.fromStatus, e.toStatus, e.actor, e.comment]);
      expect(steps).toEqual([
        ['SAVE', null, 'IN_PROGRESS', names.amina, null],
        ['SUBMIT', 'IN_PROGRESS', 'SUBMITTED', names.amina, null],
        ['REJECT', 'SUBMITTED', 'REJECTED', 'Editor One', 'Tone'],
      ]);
      expect(res.data!.translationHistory.every((e: any) => !Number.isNaN(Date.parse(e.at)))).toBe(true);
      expect((await t.gql(HISTORY, { key: amina, variables: { id, locale: 'ur' } })).errors![0].extensions.code).toBe('FORBIDDEN');
    });
  });
});
