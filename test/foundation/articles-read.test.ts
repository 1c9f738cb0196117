import { addTranslation, makeArticle, makeSection } from '../support/factories';
import { SqlCounter } from '../support/sql-counter';
import { TestApp } from '../support/test-app';

const LIST = `query($section: String, $tag: String, $after: String, $first: Int, $locale: String, $fallback: Boolean,
                  $publishedAfter: DateTime, $publishedBefore: DateTime) {
  articles(section: $section, tag: $tag, after: $after, first: $first, locale: $locale, fallback: $fallback,
           publishedAfter: $publishedAfter, publishedBefore: $publishedBefore) {
    totalCount
    pageInfo { hasNextPage endCursor }
    edges { cursor node { id publishedAt translation { locale title isFallback } } }
  }
}`;

describe('reading articles', () => {
  const sql = new SqlCounter();
  let t: TestApp;
  let admin: string;
  let section: string;
  /** id by title, created oldest first. */
  const ids: Record<string, string> = {};

  beforeAll(async () => {
    t = await TestApp.start({ sqlLogger: sql });
    admin = await t.key('ADMIN');
    section = (await makeSection(t, admin)).slug;
    const days = ['2018-11-10', '2018-11-16', '2018-11-22', '2018-12-15', '2019-01-13'];
    for (const [i, day] of days.entries()) {
      const title = `Event ${i + 1}`;
      const { id } = await makeArticle(t, admin, section, {
        title,
        publishedAt: `${day}T12:00:00Z`,
        tags: i % 2 === 0 ? ['school'] : ['history'],
      });
      ids[title] = id;
    }
    // Event 5 in English with an Urdu translation and a Swedish draft.
    await addTranslation(t, ids['Event 5'], 'ur', 'تقریب ۵');
    await addTranslation(t, ids['Event 5'], 'sv', 'Evenemang 5 (utkast)', 'DRAFT');
  });
  afterAll(() => t.close());

  it('lists newest first with totalCount, filtered by section', async () => {
    const res = await t.gql(LIST, { variables: { section } });
    expect(res.errors).toBeUndefined();
    expect(res.data!.articles.totalCount).toBe(5);
    expect(res.data!.articles.edges.map((e: any) => e.node.translation.title)).toEqual(['Event 5', 'Event 4', 'Event 3', 'Event 2', 'Event 1']);
  });

  it('filters by tag and date range', async () => {
    const tagged = await t.gql(LIST, { variables: { section, tag: 'history' } });
    expect(tagged.data!.articles.edges.map((e: any) => e.node.translation.title)).toEqual(['Event 4', 'Event 2']);
    expect(tagged.data!.articles.totalCount).toBe(2);
    const ranged = await t.gql(LIST, {
      variables: { section, publishedAfter: '2018-11-16T00:00:00Z', publishedBefore: '2018-12-16T00:00:00Z' },
    });
    expect(ranged.data!.articles.edges.map((e: any) => e.node.translation.title)).toEqual(['Event 4', 'Event 3', 'Event 2']);
    expect(ranged.data!.articles.totalCount).toBe(3);
  });

  it('pages with opaque cursors that stay stable while newer rows are inserted', async () => {
    const first = await t.gql(LIST, { variables: { section, first: 2 } });
    const page1 = first.data!.articles;
    expect(page1.pageInfo.hasNextPage).toBe(true);
    expect(page1.edges.map((e: any) => e.node.translation.title)).toEqual(['Event 5', 'Event 4']);
    expect(page1.pageInfo.endCursor).not.toMatch(/Event|2019|[0-9a-f]{8}-/);

    await makeArticle(t, admin, section, { title: 'Breaking news', publishedAt: new Date().toISOString() });

    const second = await t.gql(LIST, { variables: { section, first: 2, after: page1.pageInfo.endCursor } });
    expect(second.data!.articles.edges.map((e: any) => e.node.translation.title)).toEqual(['Event 3', 'Event 2']);
    const third = await t.gql(LIST, { variables: { section, first: 2, after: second.data!.articles.pageInfo.endCursor } });
    expect(third.data!.articles.edges.map((e: any) => e.node.translation.title)).toEqual(['Event 1']);
    expect(third.data!.articles.pageInfo.hasNextPage).toBe(false);
  });

  it.each([
    [{ first: 101 }, 'BAD_USER_INPUT', '"first" must be a whole number from 1 to 100.'],
    [{ first: 0 }, 'BAD_USER_INPUT', '"first" must be a whole number from 1 to 100.'],
    [{ after: 'bm90LWEtY3Vyc29y' }, 'BAD_USER_INPUT', 'The cursor is not valid: use a cursor returned by this list.'],
    [{ locale: 'xx-YY' }, 'BAD_USER_INPUT', 'The language "xx-YY" is not supported. Supported languages: en, fr, zh, ur, es, sv.'],
    [{ section: 'nowhere' }, 'NOT_FOUND', 'There is no section "nowhere".'],
  ])('refuses %j with %s and a clear message', async (variables, code, message) => {
    const res = await t.gql(LIST, { variables });
    expect({ code: res.errors![0].extensions.code, message: res.errors![0].message }).toEqual({ code, message });
  });

  it('serves the requested language, falls back along the chain and says so', async () => {
    const q = `query($id: ID!, $locale: String) { article(id: $id, locale: $locale) {
      originalLocale availableLocales missingLocales
      translation { locale title isFallback isOriginal direction }
      strict: translation(fallback: false) { locale }
      translations { locale status }
    } }`;
    const ur = await t.gql(q, { variables: { id: ids['Event 5'], locale: 'ur-PK' } });
    expect(ur.data!.article.translation).toEqual({ locale: 'ur', title: 'تقریب ۵', isFallback: false, isOriginal: false, direction: 'RTL' });
    expect(ur.data!.article.availableLocales.sort()).toEqual(['en', 'ur']);
    expect(ur.data!.article.missingLocales).toEqual(['fr', 'zh', 'es', 'sv']);
    // The Swedish draft is invisible to readers: Swedish falls back to English.
    const sv = await t.gql(q, { variables: { id: ids['Event 5'], locale: 'sv' } });
    expect(sv.data!.article.translation).toMatchObject({ locale: 'en', isFallback: true, isOriginal: true });
    expect(sv.data!.article.strict).toBeNull();
    expect(sv.data!.article.translations.map((x: any) => x.locale).sort()).toEqual(['en', 'ur']);
    // Staff see drafts.
    const staff = await t.gql(q, { variables: { id: ids['Event 5'], locale: 'sv' }, key: await t.key('EDITOR') });
    expect(staff.data!.article.translations.map((x: any) => `${x.locale}:${x.status}`).sort()).toEqual(['en:PUBLISHED', 'sv:DRAFT', 'ur:PUBLISHED']);
  });

  it('takes the language from Accept-Language when no locale argument is given', async () => {
    const q = `query($id: ID!) { article(id: $id) { translation { locale } } }`;
    const viaHeader = await t.gql(q, { variables: { id: ids['Event 5'] }, lang: 'ur-PK,ur;q=0.9,en;q=0.5' });
    expect(viaHeader.data!.article.translation.locale).toBe('ur');
    const argWins = await t.gql(`query($id: ID!) { article(id: $id, locale: "en") { translation { locale } } }`, {
      variables: { id: ids['Event 5'] },
      lang: 'ur',
    });
    expect(argWins.data!.article.translation.locale).toBe('en');
  });

  it('fallback: false lists only articles published in that language', async () => {
    const res = await t.gql(LIST, { variables: { section, locale: 'ur', fallback: false } });
    expect(res.data!.articles.totalCount).toBe(1);
    expect(res.data!.articles.edges[0].node.translation).toEqual({ locale: 'ur', title: 'تقریب ۵', isFallback: false });
  });

  it('unknown and malformed ids', async () => {
    const missing = await t.gql(`{ article(id: "00000000-0000-4000-8000-000000000000") { id } }`);
    expect(missing.data!.article).toBeNull();
    const malformed = await t.gql(`{ article(id: "42") { id } }`);
    expect(malformed.errors![0].extensions.code).toBe('BAD_USER_INPUT');
  });

  it('runs a bounded number of SQL statements whatever the page size (no N+1)', async () => {
    const bulk = (await makeSection(t, admin)).slug;
    for (let i = 0; i < 100; i++) {
      await makeArticle(t, admin, bulk, { title: `Bulk ${i}`, publishedAt: new Date(Date.UTC(2020, 0, 1, 0, i)).toISOString() });
    }
    // No totalCount: the first read would count and the second find the count kept (total-count.test.ts).
    const q = `query($section: String!, $first: Int!) { articles(section: $section, first: $first) { edges { node {
      id section { slug name } translation { title } translations { locale title } availableLocales missingLocales } } } }`;
    const statementsFor = async (first: number) => {
      sql.reset();
      const res = await t.gql(q, { variables: { section: bulk, first } });
      expect(res.errors).toBeUndefined();
      expect(res.data!.articles.edges).toHaveLength(first);
      return sql.count;
    };
    const small = await statementsFor(5);
    const large = await statementsFor(100);
    expect(large).toBe(small);
    expect(large).toBeLessThanOrEqual(6);
  });
});

describe('error messages in every language', () => {
  let t: TestApp;
  beforeAll(async () => (t = await TestApp.start()));
  afterAll(() => t.close());

  it.each([
    ['en', 'The language "xx" is not supported. Supported languages: en, fr, zh, ur, es, sv.'],
    ['fr', 'La langue « xx » n\'est pas prise en charge. Langues prises en charge : en, fr, zh, ur, es, sv.'],
    ['zh', '不支持语言“xx”。支持的语言：en, fr, zh, ur, es, sv。'],
    ['ur', 'زبان "xx" معاونت یافتہ نہیں۔ معاونت یافتہ زبانیں: en, fr, zh, ur, es, sv۔'],
    ['es', 'El idioma «xx» no está disponible. Idiomas disponibles: en, fr, zh, ur, es, sv.'],
    ['sv', 'Språket ”xx” stöds inte. Språk som stöds: en, fr, zh, ur, es, sv.'],
  ])('%s', async (lang, message) => {
    const res = await t.gql('{ articles(locale: "xx") { totalCount } }', { lang });
    expect(res.errors![0]).toMatchObject({ message, extensions: { code: 'BAD_USER_INPUT' } });
  });

  it('an unknown enum value is named, with the allowed values, in the request language', async () => {
    const res = await t.gql('query($s: FeedStatus) { feeds(status: $s) { id } }', { lang: 'fr', variables: { s: 'LOST' } });
    expect(res.errors![0].message).toBe('« LOST » n\'est pas une valeur valide pour FeedStatus. Valeurs permises : ACTIVE, DISABLED, FAILING, PAUSED.');
    const inline = await t.gql('{ feeds(status: LOST) { id } }', { lang: 'sv' });
    expect(inline.errors![0].message).toBe('”LOST” är inget giltigt värde för FeedStatus. Tillåtna värden: ACTIVE, DISABLED, FAILING, PAUSED.');
  });

  it('GraphQL validation errors are translated too, with the detail kept', async () => {
    const res = await t.gql('{ articles { nope } }', { lang: 'sv' });
    expect(res.errors![0].extensions.code).toBe('GRAPHQL_VALIDATION_FAILED');
    expect(res.errors![0].message).toMatch(/^Frågan är inte giltig för detta API: /);
  });
});
