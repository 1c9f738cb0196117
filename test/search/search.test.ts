import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { rebuildSearchVectors } from '../../src/database/search-rebuild';
import { addTranslation, makeArticle, makeSection } from '../support/factories';
import { TestApp } from '../support/test-app';

const SEARCH = `query($query: String!, $locale: String, $section: String, $first: Int, $after: String) {
  search(query: $query, locale: $locale, section: $section, first: $first, after: $after) {
    totalCount
    pageInfo { hasNextPage endCursor }
    edges { cursor node { locale score snippet article { id translation { locale title isFallback } } } }
  }
}`;

interface Hit {
  locale: string;
  score: number;
  snippet: string;
  article: { id: string; translation: { locale: string; title: string; isFallback: boolean } };
}

const message = (lang: string, key: string) =>
  JSON.parse(readFileSync(join(__dirname, '..', '..', 'locales', lang, 'search.json'), 'utf8')).errors[key] as string;

/** Only <mark> and </mark> may appear as tags: everything else in a snippet is escaped text. */
const onlyMarks = (snippet: string) => snippet.replace(/<\/?mark>/g, '').includes('<') === false;

describe('search', () => {
  let t: TestApp;
  let admin: string;
  let section: string;
  let other: string;
  const ids: Record<string, string> = {};

  const search = async (query: string, vars: Record<string, unknown> = {}, lang?: string) => {
    const res = await t.gql(SEARCH, { variables: { query, section, ...vars }, lang });
    return res;
  };
  const hits = async (query: string, vars: Record<string, unknown> = {}) => {
    const res = await search(query, vars);
    if (res.errors) throw new Error(JSON.stringify(res.errors));
    return res.data!.search.edges.map((e: { node: Hit }) => e.node) as Hit[];
  };

  beforeAll(async () => {
    t = await TestApp.start();
    admin = await t.key('ADMIN');
    section = (await makeSection(t, admin)).slug;
    other = (await makeSection(t, admin)).slug;
    ids.en = (
      await makeArticle(t, admin, section, {
        locale: 'en',
        title: 'Northeast Regional Marxist School in New York',
        bodyHtml: '<p>Nearly 90 comrades registered for the schools on 10-11 November, where 2 &lt; 3 &amp; "quotes" stay text.</p>',
      })
    ).id;
    ids.fr = (
      await makeArticle(t, admin, section, {
        locale: 'fr',
        title: 'Deuxième école francophone à Genève',
        bodyHtml: '<p>Plus de 70 militants de Suisse, de Belgique et du Québec se sont réunis.</p>',
      })
    ).id;
    ids.es = (
      await makeArticle(t, admin, section, {
        locale: 'es',
        title: 'La Revolución Inglesa en la Casa Museo León Trotsky',
        bodyHtml: '<p>Una charla sobre las revoluciones de Inglaterra en la Ciudad de México.</p>',
      })
    ).id;
    ids.sv = (
      await makeArticle(t, admin, section, {
        locale: 'sv',
        title: 'Marxistisk vinterskola i Göteborg',
        bodyHtml: '<p>Över 90 deltagare samlades på två skolor för att diskutera Rosa Luxemburg.</p>',
      })
    ).id;
    ids.zh = (
      await makeArticle(t, admin, section, {
        locale: 'zh',
        title: '纪念罗莎·卢森堡遇害一百周年',
        bodyHtml: '<p>柏林举行纪念活动，超过七十多名活动家参加了纪念卢森堡和李卜克内西的游行。</p>',
      })
    ).id;
    ids.ur = (
      await makeArticle(t, admin, section, {
        locale: 'ur',
        title: 'لاہور میں ترقی پسند نوجوان اتحاد کا قومی کنونشن',
        bodyHtml: '<p>کنونشن میں مفت تعلیم اور طلبہ یونین کی بحالی کا مطالبہ کیا گیا۔</p>',
      })
    ).id;
    // A translation of the Swedish article into English, and a draft that must stay unsearchable.
    await addTranslation(t, ids.sv, 'en', 'Marxist winter school in Gothenburg about Rosa Luxemburg');
    await addTranslation(t, ids.en, 'sv', 'Hemligt utkast om zebrafinkar', 'DRAFT');
  });
  afterAll(() => t.close());

  it('finds English text by its stem, ranks it and marks the match', async () => {
    const [hit, ...rest] = await hits('school', { locale: 'en' });
    expect(hit.locale).toBe('en');
    expect(hit.score).toBeGreaterThan(0);
    expect(hit.score).toBeLessThan(1);
    expect([hit, ...rest].map((h) => h.article.id)).toEqual(expect.arrayContaining([ids.en, ids.sv]));
    const en = [hit, ...rest].find((h) => h.article.id === ids.en)!;
    expect(en.snippet).toContain('<mark>schools</mark>');
    expect(en.article.translation).toEqual({ locale: 'en', title: 'Northeast Regional Marxist School in New York', isFallback: false });
  });

  it('escapes everything in a snippet but the marks', async () => {
    const [hit] = await hits('comrades', { locale: 'en' });
    expect(hit.snippet).toContain('<mark>comrades</mark>');
    expect(hit.snippet).toContain('2 &lt; 3 &amp; &quot;quotes&quot;');
    expect(onlyMarks(hit.snippet)).toBe(true);
  });

  it('uses the French stemmer', async () => {
    const found = await hits('militant francophones', { locale: 'fr' });
    expect(found.map((h) => h.article.id)).toEqual([ids.fr]);
    expect(found[0].snippet).toContain('<mark>militants</mark>');
  });

  it('uses the Spanish stemmer', async () => {
    const found = await hits('revolución', { locale: 'es' });
    expect(found.map((h) => h.article.id)).toEqual([ids.es]);
    expect(found[0].snippet).toMatch(/<mark>revoluciones<\/mark>/);
  });

  it('uses the Swedish stemmer and normalises the locale tag', async () => {
    const found = await hits('skola deltagarna', { locale: 'sv-SE' });
    expect(found.map((h) => h.article.id)).toEqual([ids.sv]);
    expect(found[0].locale).toBe('sv');
    expect(found[0].snippet).toContain('<mark>skolor</mark>');
  });

  it('finds Chinese words inside unspaced text, and only real substrings', async () => {
    const found = await hits('卢森堡', { locale: 'zh-CN' });
    expect(found.map((h) => h.article.id)).toEqual([ids.zh]);
    expect(found[0].snippet).toContain('<mark>卢森堡</mark>');
    expect(found[0].snippet).not.toContain('<p>');
    expect(await hits('七十', { locale: 'zh' })).toHaveLength(1);
    expect(await hits('周', { locale: 'zh' })).toHaveLength(1);
    // 森 and 遇 both occur, but never next to each other.
    expect(await hits('森遇', { locale: 'zh' })).toHaveLength(0);
  });

  it('finds Chinese translations written without their vector once `npm run search:rebuild` has run', async () => {
    const article = await makeArticle(t, admin, section, { locale: 'en', title: 'Raw SQL article' });
    const { id: sectionId } = (await t.dataSource.query(`SELECT id FROM sections WHERE slug = $1`, [section]))[0];
    await t.dataSource.query(
      `INSERT INTO translations (article_id, section_id, locale, title, body_html, slug, status, is_original)
       VALUES ($1, $2, 'zh', '東北地區馬克思主義學校', '<p>近九十人报名参加</p>', 'raw-sql-zh', 'PUBLISHED', false)`,
      [article.id, sectionId],
    );
    expect(await hits('马克思主义学校', { locale: 'zh' })).toHaveLength(0);
    expect(await rebuildSearchVectors(t.dataSource)).toBeGreaterThan(7);
    const found = await hits('马克思主义学校', { locale: 'zh' });
    expect(found.map((h) => h.article.id)).toEqual([article.id]);
    // The traditional original is marked for the simplified query.
    expect(found[0].snippet).toContain('<mark>馬克思主義學校</mark>');
  });

  it('finds Urdu text and keeps it right-to-left readable', async () => {
    const found = await hits('تعلیم', { locale: 'ur-PK' });
    expect(found.map((h) => h.article.id)).toEqual([ids.ur]);
    expect(found[0].snippet).toContain('<mark>تعلیم</mark>');
    expect(found[0].article.translation.locale).toBe('ur');
  });

  it('searches every language when no locale is given, one hit per matching translation', async () => {
    const found = await hits('Luxemburg');
    const pairs = found.map((h) => `${h.article.id}:${h.locale}`).sort();
    expect(pairs).toEqual([`${ids.sv}:en`, `${ids.sv}:sv`].sort());
    expect(found.find((h) => h.locale === 'en')!.article.translation.locale).toBe('en');
    const chinese = await hits('卢森堡');
    expect(chinese.map((h) => h.locale)).toEqual(['zh']);
  });

  it('never finds unpublished translations', async () => {
    expect(await hits('zebrafinkar')).toHaveLength(0);
  });

  it('filters by section', async () => {
    expect(await hits('school', { locale: 'en', section: other })).toHaveLength(0);
    const res = await search('school', { section: 'no-such-section' });
    expect(res.errors?.[0].extensions.code).toBe('NOT_FOUND');
  });

  it('pages with signed cursors that belong to one search', async () => {
    const paged = (await makeSection(t, admin)).slug;
    for (let i = 0; i < 5; i++) {
      await makeArticle(t, admin, paged, { locale: 'en', title: `Solidarity ${'meeting '.repeat(i + 1)}${i}` });
    }
    const seen: string[] = [];
    let after: string | null = null;
    let pages = 0;
    do {
      const res = await search('meeting', { section: paged, first: 2, after });
      expect(res.errors).toBeUndefined();
      const page = res.data!.search;
      expect(page.totalCount).toBe(5);
      const scores = page.edges.map((e: { node: Hit }) => e.node.score);
      expect([...scores].sort((a, b) => b - a)).toEqual(scores);
      seen.push(...page.edges.map((e: { node: Hit }) => e.node.article.id));
      after = page.pageInfo.hasNextPage ? page.pageInfo.endCursor : null;
      pages++;
    } while (after && pages < 10);
    expect(pages).toBe(3);
    expect(new Set(seen).size).toBe(5);

    const first = (await search('meeting', { section: paged, first: 1 })).data!.search.pageInfo.endCursor;
    const reused = await search('solidarity', { section: paged, first: 1, after: first });
    expect(reused.errors?.[0].extensions.code).toBe('BAD_USER_INPUT');
    const forged = await search('meeting', { section: paged, after: 'eyJ4Ijoxfq.abc' });
    expect(forged.errors?.[0].extensions.code).toBe('BAD_USER_INPUT');
    const tooMany = await search('meeting', { section: paged, first: 101 });
    expect(tooMany.errors?.[0].extensions.code).toBe('BAD_USER_INPUT');
  });

  it('refuses an empty query with a message in the request language', async () => {
    for (const lang of ['en', 'fr', 'zh', 'ur', 'es', 'sv']) {
      const res = await search('   ', {}, lang);
      expect(res.errors?.[0].extensions.code).toBe('BAD_USER_INPUT');
      expect(res.errors?.[0].message).toBe(message(lang, 'emptyQuery'));
    }
    const byArgument = await search('', { locale: 'ur' });
    expect(byArgument.errors?.[0].message).toBe(message('ur', 'emptyQuery'));
  });

  it('refuses an unsupported locale and an over-long query', async () => {
    const res = await search('school', { locale: 'de' }, 'sv');
    expect(res.errors?.[0].extensions.code).toBe('BAD_USER_INPUT');
    expect(res.errors?.[0].message).toContain('en, fr, zh, ur, es, sv');
    const long = await search('a'.repeat(201), {}, 'fr');
    expect(long.errors?.[0].message).toBe('Une recherche peut compter au plus 200 caractères.');
  });

  it('answers an empty connection for a query of stop words only', async () => {
    const res = await search('the and of', { locale: 'en' });
    expect(res.data!.search).toEqual({ totalCount: 0, pageInfo: { hasNextPage: false, endCursor: null }, edges: [] });
  });
});
