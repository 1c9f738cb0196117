import { addTranslation } from '../support/factories';
import { TestApp } from '../support/test-app';
import { CLAIM, keyNamed, makeArticle, makeSection, SAVE } from './support';

const COVERAGE = `query($section: String) { translationCoverage(section: $section) { locale total published inProgress stale missing percent } }`;
const LOCALES = ['en', 'fr', 'zh', 'ur', 'es', 'sv'];

describe('translationCoverage', () => {
  let t: TestApp;
  let admin: string;
  let editor: string;
  let section: string;

  beforeAll(async () => {
    t = await TestApp.start();
    admin = await t.key('ADMIN');
    editor = await keyNamed(t, 'EDITOR', 'Coverage editor');
    section = (await makeSection(t, admin)).slug;

    // A: written in English; fr published then made stale by an edit (and now being revised in a draft),
    // ur published from the current revision, sv in progress, es submitted, zh rejected.
    const a = (await makeArticle(t, editor, section, { title: 'Article A' })).id;
    await addTranslation(t, a, 'fr', 'Article A (fr)');
    const v = (await t.gql(`query($id: ID!) { article(id: $id) { translation(locale: "en") { version } } }`, { variables: { id: a } })).data!
      .article.translation.version;
    const edit = await t.gql(SAVE, { key: editor, variables: { id: a, locale: 'en', v, input: { title: 'Article A, revised' } } });
    expect(edit.errors).toBeUndefined();
    expect((await t.gql(CLAIM, { key: editor, variables: { id: a, locale: 'fr' } })).errors).toBeUndefined(); // a draft beside the published fr
    await addTranslation(t, a, 'ur', 'Article A (ur)');
    await addTranslation(t, a, 'sv', 'Article A (sv)', 'IN_PROGRESS');
    await addTranslation(t, a, 'es', 'Article A (es)', 'SUBMITTED');
    await addTranslation(t, a, 'zh', 'Article A (zh)', 'REJECTED');
    // B: written in English, nothing else.
    await makeArticle(t, editor, section, { title: 'Article B' });
    // C: written in Urdu, a draft in English.
    const c = (await makeArticle(t, editor, section, { title: 'مضمون', locale: 'ur' })).id;
    await addTranslation(t, c, 'en', 'Article C (en)', 'DRAFT');
  });
  afterAll(() => t.close());

  it('gives per locale total, published, in progress, stale, missing and percent', async () => {
    const res = await t.gql(COVERAGE, { variables: { section } });
    expect(res.errors).toBeUndefined();
    expect(res.data!.translationCoverage).toEqual([
      { locale: 'en', total: 3, published: 2, inProgress: 1, stale: 0, missing: 0, percent: 66.7 },
      { locale: 'fr', total: 3, published: 0, inProgress: 0, stale: 1, missing: 2, percent: 0 },
      { locale: 'zh', total: 3, published: 0, inProgress: 1, stale: 0, missing: 2, percent: 0 },
      { locale: 'ur', total: 3, published: 2, inProgress: 0, stale: 0, missing: 1, percent: 66.7 },
      { locale: 'es', total: 3, published: 0, inProgress: 1, stale: 0, missing: 2, percent: 0 },
      { locale: 'sv', total: 3, published: 0, inProgress: 1, stale: 0, missing: 2, percent: 0 },
    ]);
  });

  it('matches the rows exactly, for one section and for all of them', async () => {
    // Count the rows independently: every (article, locale) classified from the raw tables.
    const classify = async (sectionSlug: string | null) => {
      const articles: { id: string; rev: number }[] = await t.dataSource.query(
        `SELECT a.id, a.source_revision AS rev FROM articles a JOIN sections s ON s.id = a.section_id WHERE $1::text IS NULL OR s.slug = $1`,
        [sectionSlug],
      );
      const translations: { article_id: string; locale: string; status: string; is_original: boolean; source_revision: number }[] =
        await t.dataSource.query(`SELECT article_id, locale, status, is_original, source_revision FROM translations`);
      const drafts: { article_id: string; locale: string }[] = await t.dataSource.query(`SELECT article_id, locale FROM translation_drafts`);
      return LOCALES.map((locale) => {
        const counts = { locale, total: articles.length, published: 0, inProgress: 0, stale: 0, missing: 0 };
        for (const a of articles) {
          const row = translations.find((r) => r.article_id === a.id && r.locale === locale);
          const draft = drafts.some((d) => d.article_id === a.id && d.locale === locale);
          if (row?.status === 'PUBLISHED') {
            if (row.is_original || row.source_revision >= a.rev) counts.published++;
            else counts.stale++;
          } else if (row || draft) counts.inProgress++;
          else counts.missing++;
        }
        return counts;
      });
    };
    for (const slug of [section, null]) {
      const res = await t.gql(COVERAGE, { variables: { section: slug } });
      const got = res.data!.translationCoverage.map(({ percent: _percent, ...counts }: { percent: number }) => counts);
      expect(got).toEqual(await classify(slug));
      for (const c of res.data!.translationCoverage) {
        expect(c.published + c.inProgress + c.stale + c.missing).toBe(c.total);
        expect(c.percent).toBe(c.total ? Math.round((c.published * 1000) / c.total) / 10 : 0);
      }
    }
  });

  it('answers without a key, and an unknown section is NOT_FOUND', async () => {
    const res = await t.gql(COVERAGE, { variables: { section: 'no-such-section-here' } });
    expect(res.errors![0].extensions.code).toBe('NOT_FOUND');
  });
});
