import { backfillTranslationMemory } from '../../src/database/migrations/1766700000200-TranslationMemoryG';
import { TestApp } from '../support/test-app';
import { CLAIM, keyNamed, makeArticle, makeSection, REVIEW, SAVE, SUBMIT } from './support';

const MEMORY = `query($id: ID!, $locale: String!, $text: String, $limit: Int) {
  translationMemory(articleId: $id, locale: $locale, text: $text, limit: $limit) { sourceText translatedText similarity article { id } } }`;
const CHECKS = `query($id: ID!, $locale: String!) { translationChecks(articleId: $id, locale: $locale) { code severity message } }`;
const MACHINE = `query($id: ID!, $locale: String!) { machineSuggestion(articleId: $id, locale: $locale) { provider title } }`;
const GLOSSARY = `mutation($input: GlossaryTermInput!) { upsertGlossaryTerm(input: $input) { id } }`;

describe("translator's help: translation memory and checks (real PostgreSQL)", () => {
  let t: TestApp;
  let editor: string;
  let claire: string; // translator fr
  let bilal: string; // translator ur only
  let section: string;
  let earlier: string;

  /** Claims, saves, submits (the translator) and approves (an editor): the way a translation gets published. */
  async function publish(id: string, locale: string, key: string, input: { title: string; bodyHtml: string }) {
    await t.gql(CLAIM, { key, variables: { id, locale } });
    const saved = await t.gql(SAVE, { key, variables: { id, locale, input, v: 1 } });
    const submitted = await t.gql(SUBMIT, { key, variables: { id, locale, v: saved.data!.saveTranslation.version } });
    const approved = await t.gql(REVIEW, { key: editor, variables: { id, locale, decision: 'APPROVE' } });
    expect([submitted.errors, approved.errors]).toEqual([undefined, undefined]);
  }

  beforeAll(async () => {
    t = await TestApp.start();
    const admin = await t.key('ADMIN');
    editor = await keyNamed(t, 'EDITOR', 'Editor');
    claire = await keyNamed(t, 'TRANSLATOR', 'Claire', { locales: ['fr'] });
    bilal = await keyNamed(t, 'TRANSLATOR', 'Bilal', { locales: ['ur'] });
    section = (await makeSection(t, admin)).slug;
    earlier = (
      await makeArticle(t, editor, section, {
        title: 'Students organise a union in Lahore',
        bodyHtml: '<p>The student union meets every Friday in the old library.</p><p>Dawn reported 1,200 members.</p>',
      })
    ).id;
    await publish(earlier, 'fr', claire, {
      title: 'Des étudiants créent un syndicat à Lahore',
      bodyHtml: '<p>Le syndicat étudiant se réunit chaque vendredi dans l’ancienne bibliothèque.</p><p>Dawn a compté 1 200 membres.</p>',
    });
  });
  afterAll(() => t.close());

  describe('translationMemory', () => {
    it('approval stores the published translation segment by segment, beside its source', async () => {
      const rows = await t.dataSource.query(
        `SELECT source_locale, position, source_text, target_text FROM translation_memory WHERE article_id = $1 AND target_locale = 'fr' ORDER BY position`,
        [earlier],
      );
      expect(rows).toEqual([
        { source_locale: 'en', position: 1, source_text: 'Students organise a union in Lahore', target_text: 'Des étudiants créent un syndicat à Lahore' },
        { source_locale: 'en', position: 2, source_text: 'The student union meets every Friday in the old library.', target_text: 'Le syndicat étudiant se réunit chaque vendredi dans l’ancienne bibliothèque.' },
        { source_locale: 'en', position: 3, source_text: 'Dawn reported 1,200 members.', target_text: 'Dawn a compté 1 200 membres.' },
      ]);
    });

    it('the migration fills the memory from translations published before it, as approval does', async () => {
      const before = await t.dataSource.query(`SELECT position, source_text, target_text FROM translation_memory WHERE article_id = $1 ORDER BY position`, [earlier]);
      await t.dataSource.query(`DELETE FROM translation_memory WHERE article_id = $1`, [earlier]);
      const runner = t.dataSource.createQueryRunner();
      try {
        await backfillTranslationMemory(runner);
      } finally {
        await runner.release();
      }
      const after = await t.dataSource.query(`SELECT position, source_text, target_text FROM translation_memory WHERE article_id = $1 ORDER BY position`, [earlier]);
      expect(after).toEqual(before);
      expect(after).toHaveLength(3);
    });

    it('finds the earlier translation of a similar segment, with its similarity and article', async () => {
      const { id } = await makeArticle(t, editor, section, { title: 'A new library for Lahore', bodyHtml: '<p>The student union meets every Monday in the new library.</p>' });
      const res = await t.gql(MEMORY, { key: claire, variables: { id, locale: 'fr', text: 'The student union meets every Monday in the new library.' } });
      expect(res.errors).toBeUndefined();
      const [best] = res.data!.translationMemory;
      expect(best).toMatchObject({
        sourceText: 'The student union meets every Friday in the old library.',
        translatedText: 'Le syndicat étudiant se réunit chaque vendredi dans l’ancienne bibliothèque.',
        article: { id: earlier },
      });
      expect(best.similarity).toBeGreaterThan(0.5);
      expect(best.similarity).toBeLessThan(1);

      // Without a segment: every segment of the source is looked up; the same text scores 1.
      const same = await makeArticle(t, editor, section, { title: 'Students organise a union in Lahore', bodyHtml: '<p>Unrelated words entirely here.</p>' });
      const whole = await t.gql(MEMORY, { key: claire, variables: { id: same.id, locale: 'fr' } });
      expect(whole.data!.translationMemory[0]).toMatchObject({ sourceText: 'Students organise a union in Lahore', similarity: 1 });
    });

    it('only looks in the same pair of languages, leaves dissimilar text out and honours limit', async () => {
      const { id } = await makeArticle(t, editor, section, { title: 'Weather', bodyHtml: '<p>x</p>' });
      const ur = await t.gql(MEMORY, { key: bilal, variables: { id, locale: 'ur', text: 'The student union meets every Friday in the old library.' } });
      expect(ur.data!.translationMemory).toEqual([]);
      const far = await t.gql(MEMORY, { key: claire, variables: { id, locale: 'fr', text: 'Heavy rain expected in Karachi tomorrow' } });
      expect(far.data!.translationMemory).toEqual([]);
      const one = await t.gql(MEMORY, { key: claire, variables: { id, locale: 'fr', text: 'The student union of Lahore', limit: 1 } });
      expect(one.data!.translationMemory).toHaveLength(1);
    });

    it('the lookup can use the trigram index', async () => {
      const plan: { 'QUERY PLAN': string }[] = await t.dataSource.transaction(async (m) => {
        await m.query(`SET LOCAL enable_seqscan = off`);
        return m.query(`EXPLAIN SELECT * FROM translation_memory WHERE source_text % 'The student union meets'`);
      });
      expect(plan.map((r) => r['QUERY PLAN']).join('\n')).toContain('translation_memory_source_trgm');
    });

    it('is for translators of that locale and editors', async () => {
      const res = await t.gql(MEMORY, { key: bilal, variables: { id: earlier, locale: 'fr', text: 'x' } });
      expect(res.errors![0].extensions.code).toBe('FORBIDDEN');
      expect((await t.gql(MEMORY, { variables: { id: earlier, locale: 'fr' } })).errors![0].extensions.code).toBe('UNAUTHENTICATED');
      const missing = await t.gql(MEMORY, { key: editor, variables: { id: '00000000-0000-4000-8000-000000000000', locale: 'fr' } });
      expect(missing.errors![0].extensions.code).toBe('NOT_FOUND');
    });
  });

  describe('translationChecks', () => {
    const source = {
      title: 'Dawn counts the students of Lahore',
      bodyHtml: '<p>On <strong>3 May</strong>, <a href="https://dawn.example/story">Dawn</a> counted 1,200 students in the old city.</p><p>The union will meet the minister next week to talk about fees.</p>',
    };

    it('a task not started yet says so', async () => {
      const { id } = await makeArticle(t, editor, section, source);
      const res = await t.gql(CHECKS, { key: claire, variables: { id, locale: 'fr' } });
      expect(res.data!.translationChecks).toEqual([{ code: 'NOT_STARTED', severity: 'WARNING', message: 'Rien n’a encore été écrit dans cette langue.' }]);
    });

    it('the claimed copy, still the source text, is flagged as untranslated', async () => {
      const { id } = await makeArticle(t, editor, section, source);
      await t.gql(CLAIM, { key: claire, variables: { id, locale: 'fr' } });
      const codes = (await t.gql(CHECKS, { key: claire, variables: { id, locale: 'fr' } })).data!.translationChecks.map((c: { code: string }) => c.code);
      expect(codes).toEqual(['UNTRANSLATED_TITLE', 'UNTRANSLATED_PARAGRAPH', 'UNTRANSLATED_PARAGRAPH']);
    });

    it('lists what a careless draft lost, with messages in the request language, and blocks nothing', async () => {
      await t.gql(GLOSSARY, { key: editor, variables: { input: { sourceLocale: 'en', targetLocale: 'fr', source: 'the minister', target: 'le ministre' } } });
      const { id } = await makeArticle(t, editor, section, source);
      await t.gql(CLAIM, { key: claire, variables: { id, locale: 'fr' } });
      const saved = await t.gql(SAVE, {
        key: claire,
        variables: { id, locale: 'fr', v: 1, input: { title: 'Dawn compte les étudiants de Lahore', bodyHtml: '<p>Le 3 mai, Dawn a compté les étudiants de la vieille ville.</p>' } },
      });
      const checks = (await t.gql(CHECKS, { key: claire, variables: { id, locale: 'fr' } })).data!.translationChecks;
      expect(checks).toEqual([
        { code: 'EMPTY_PARAGRAPHS', severity: 'ERROR', message: '1 paragraphe de la source n’a pas d’équivalent dans la traduction.' },
        { code: 'MISSING_LINK', severity: 'WARNING', message: 'Le lien vers https://dawn.example/story de la source manque.' },
        { code: 'MISSING_NUMBER', severity: 'WARNING', message: 'Le nombre 1,200 de la source manque.' },
        { code: 'MARKUP_CHANGED', severity: 'WARNING', message: 'Liens : 1 dans la source, 0 dans la traduction.' },
        { code: 'MARKUP_CHANGED', severity: 'WARNING', message: 'Texte en gras : 1 dans la source, 0 dans la traduction.' },
        { code: 'GLOSSARY_TERM_MISSING', severity: 'WARNING', message: 'La source dit « the minister » ; le glossaire le rend par « le ministre », absent de la traduction.' },
      ]);
      // Warnings only: the same text is submitted.
      const submitted = await t.gql(SUBMIT, { key: claire, variables: { id, locale: 'fr', v: saved.data!.saveTranslation.version } });
      expect(submitted.data!.submitTranslation.status).toBe('SUBMITTED');
    });

    it('a faithful translation passes every check', async () => {
      const { id } = await makeArticle(t, editor, section, source);
      await t.gql(CLAIM, { key: claire, variables: { id, locale: 'fr' } });
      await t.gql(SAVE, {
        key: claire,
        variables: {
          id,
          locale: 'fr',
          v: 1,
          input: {
            title: 'Dawn recense les étudiants de Lahore',
            bodyHtml:
              '<p>Le <strong>3 mai</strong>, <a href="https://dawn.example/story">Dawn</a> a recensé 1 200 étudiants dans la vieille ville.</p><p>Le syndicat rencontrera le ministre la semaine prochaine pour parler des frais.</p>',
          },
        },
      });
      expect((await t.gql(CHECKS, { key: claire, variables: { id, locale: 'fr' } })).data!.translationChecks).toEqual([]);
    });

    it('is refused on the original language and outside the translator\'s locales', async () => {
      const { id } = await makeArticle(t, editor, section, source);
      expect((await t.gql(CHECKS, { key: editor, variables: { id, locale: 'en' } })).errors![0].extensions.code).toBe('BAD_USER_INPUT');
      expect((await t.gql(CHECKS, { key: bilal, variables: { id, locale: 'fr' } })).errors![0].extensions.code).toBe('FORBIDDEN');
    });
  });

  it('machineSuggestion is null when no machine translation server is configured', async () => {
    const res = await t.gql(MACHINE, { key: claire, variables: { id: earlier, locale: 'fr' } });
    expect(res).toMatchObject({ data: { machineSuggestion: null } });
    expect(res.errors).toBeUndefined();
  });
});
