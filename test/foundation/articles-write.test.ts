import { makeSection, unique } from '../support/factories';
import { TestApp } from '../support/test-app';

const CREATE = `mutation($input: CreateArticleInput!) {
  createArticle(input: $input) {
    id originalLocale canonicalUrl tags authors
    section { slug }
    translation { locale title slug bodyHtml status isOriginal isFallback isStale version direction }
    availableLocales
  }
}`;

describe('createArticle', () => {
  let t: TestApp;
  let admin: string;
  let editor: string;
  let sectionSlug: string;
  let otherSlug: string;
  beforeAll(async () => {
    t = await TestApp.start();
    admin = await t.key('ADMIN');
    editor = await t.key('EDITOR');
    sectionSlug = (await makeSection(t, admin)).slug;
    otherSlug = (await makeSection(t, admin)).slug;
  });
  afterAll(() => t.close());

  const countRows = async () =>
    (await t.dataSource.query('SELECT (SELECT count(*) FROM articles)::int AS a, (SELECT count(*) FROM translations)::int AS t'))[0];

  it('stores the original language, published at once, sanitised and NFC', async () => {
    const res = await t.gql(CREATE, {
      key: editor,
      variables: {
        input: {
          section: sectionSlug,
          locale: 'sv-SE',
          title: '  Över 90 deltagare i Go\u0308teborg  ',
          bodyHtml: '<p onclick="x()">Hej <a href="/om">om</a></p><script>alert(1)</script>',
          canonicalUrl: 'https://sverige.example.org/2018/skola',
          tags: ['skola', 'skola', ' göteborg '],
          authors: ['Redaktionen'],
        },
      },
    });
    expect(res.errors).toBeUndefined();
    const a = res.data!.createArticle;
    expect(a.originalLocale).toBe('sv');
    expect(a.section.slug).toBe(sectionSlug);
    expect(a.tags).toEqual(['skola', 'göteborg']);
    expect(a.availableLocales).toEqual(['sv']);
    expect(a.translation).toMatchObject({
      locale: 'sv',
      title: 'Över 90 deltagare i Göteborg',
      slug: 'over-90-deltagare-i-goteborg',
      status: 'PUBLISHED',
      isOriginal: true,
      isFallback: false,
      isStale: false,
      version: 1,
      direction: 'LTR',
    });
    expect(a.translation.title).toBe(a.translation.title.normalize('NFC'));
    expect(a.translation.bodyHtml).toBe(
      '<p>Hej <a href="https://sverige.example.org/om" rel="noopener noreferrer nofollow">om</a></p>',
    );
  });

  it('gives Chinese and Urdu titles usable, unique slugs', async () => {
    const slugs: string[] = [];
    for (const [locale, title] of [
      ['zh', '纪念罗莎·卢森堡'],
      ['zh', '纪念罗莎·卢森堡'],
      ['ur', 'طلبہ یونینوں کی بحالی'],
      ['ur', 'طلبہ یونینوں کی بحالی'],
    ]) {
      const res = await t.gql(CREATE, { key: editor, variables: { input: { section: sectionSlug, locale, title } } });
      expect(res.errors).toBeUndefined();
      slugs.push(res.data!.createArticle.translation.slug);
    }
    expect(slugs).toEqual(['纪念罗莎-卢森堡', '纪念罗莎-卢森堡-2', 'طلبہ-یونینوں-کی-بحالی', 'طلبہ-یونینوں-کی-بحالی-2']);
    const found = await t.gql(`query($s: String!, $slug: String!) { article(section: $s, slug: $slug) { translation { title direction } } }`, {
      variables: { s: sectionSlug, slug: slugs[2] },
      lang: 'ur',
    });
    expect(found.data!.article.translation).toEqual({ title: 'طلبہ یونینوں کی بحالی', direction: 'RTL' });
    // The slug of one language finds the article; the locale chooses the text (here falling back to Urdu).
    const viaOtherLocale = await t.gql(`query($s: String!, $slug: String!) { article(section: $s, slug: $slug, locale: "en") { translation { locale isFallback } } }`, {
      variables: { s: sectionSlug, slug: slugs[2] },
    });
    expect(viaOtherLocale.data!.article.translation).toEqual({ locale: 'ur', isFallback: true });
  });

  it('twenty-five articles with one title created at once all get distinct slugs', async () => {
    const results = await Promise.all(
      Array.from({ length: 25 }, () =>
        t.gql(CREATE, { key: editor, variables: { input: { section: otherSlug, locale: 'fr', title: 'Même titre' } } }),
      ),
    );
    expect(results.flatMap((r) => r.errors ?? [])).toEqual([]);
    const slugs = results.map((r) => r.data!.createArticle.translation.slug);
    expect(new Set(slugs).size).toBe(25);
    expect(slugs).toContain('meme-titre');
    expect(slugs).toContain('meme-titre-25');
  });

  it('a PUBLISHER writes to its own section only; a TRANSLATOR and anonymous callers cannot', async () => {
    const publisher = await t.key('PUBLISHER', { section: sectionSlug });
    const own = await t.gql(CREATE, { key: publisher, variables: { input: { section: sectionSlug, locale: 'en', title: 'Own' } } });
    expect(own.errors).toBeUndefined();
    const other = await t.gql(CREATE, { key: publisher, variables: { input: { section: otherSlug, locale: 'en', title: 'Other' } } });
    expect(other.errors![0].extensions.code).toBe('FORBIDDEN');
    const translator = await t.key('TRANSLATOR', { locales: ['ur'] });
    const tr = await t.gql(CREATE, { key: translator, variables: { input: { section: sectionSlug, locale: 'en', title: 'T' } } });
    expect(tr.errors![0].extensions.code).toBe('FORBIDDEN');
    const anon = await t.gql(CREATE, { variables: { input: { section: sectionSlug, locale: 'en', title: 'A' } } });
    expect(anon.errors![0].extensions.code).toBe('UNAUTHENTICATED');
  });

  it.each([
    ['a blank title', { title: '   ' }, 'BAD_USER_INPUT', 'The title may not be empty.'],
    ['a 501-character title', { title: 'x'.repeat(501) }, 'BAD_USER_INPUT', 'The title may have at most 500 characters.'],
    ['an unknown locale', { locale: 'de' }, 'BAD_USER_INPUT', 'The language "de" is not supported. Supported languages: en, fr, zh, ur, es, sv.'],
    ['a missing section', { section: 'no-such-section' }, 'NOT_FOUND', 'There is no section "no-such-section".'],
    ['an ftp URL', { canonicalUrl: 'ftp://example.org/x' }, 'BAD_USER_INPUT', '"ftp://example.org/x" is not an absolute http(s) URL.'],
  ])('%s is %s with a clear message, and nothing is written', async (_label, override, code, message) => {
    const before = await countRows();
    const res = await t.gql(CREATE, {
      key: admin,
      variables: { input: { section: sectionSlug, locale: 'en', title: `Title ${unique()}`, ...override } },
    });
    expect(res.errors![0]).toMatchObject({ message, extensions: { code } });
    expect(res.data?.createArticle ?? null).toBeNull();
    expect(await countRows()).toEqual(before);
  });
});
