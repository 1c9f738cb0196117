import { makeSection, unique } from '../support/factories';
import { TestApp } from '../support/test-app';

describe('sections', () => {
  let t: TestApp;
  let admin: string;
  beforeAll(async () => {
    t = await TestApp.start();
    admin = await t.key('ADMIN');
  });
  afterAll(() => t.close());

  const create = `mutation($input: CreateSectionInput!) { createSection(input: $input) { id slug country defaultLocale homepage name } }`;

  it('an ADMIN creates a section; it is listed and found by slug with names per locale', async () => {
    const slug = `pakistan-${unique()}`;
    const res = await t.gql(create, {
      key: admin,
      variables: { input: { slug, names: { ur: 'پاکستان', en: 'Pakistan' }, country: 'pk', defaultLocale: 'ur-PK', homepage: 'https://pakistan.example.org' } },
    });
    expect(res.errors).toBeUndefined();
    expect(res.data!.createSection).toMatchObject({ slug, country: 'PK', defaultLocale: 'ur', homepage: 'https://pakistan.example.org/', name: 'Pakistan' });

    const found = await t.gql(`query($slug: String!) { section(slug: $slug) { slug name ur: name(locale: "ur") fr: name(locale: "fr") } }`, {
      variables: { slug },
      lang: 'ur',
    });
    expect(found.data!.section).toEqual({ slug, name: 'پاکستان', ur: 'پاکستان', fr: 'پاکستان' });

    const list = await t.gql('{ sections { slug } }');
    expect(list.data!.sections.map((s: { slug: string }) => s.slug)).toContain(slug);
  });

  it('an unknown slug is null', async () => {
    const res = await t.gql(`{ section(slug: "no-such-section") { slug } }`);
    expect(res.errors).toBeUndefined();
    expect(res.data!.section).toBeNull();
  });

  it('refuses callers without a key, with a wrong key, or with a lesser role', async () => {
    const input = { slug: `x-${unique()}`, names: { en: 'X' }, defaultLocale: 'en' };
    const none = await t.gql(create, { variables: { input } });
    expect(none.errors![0].extensions.code).toBe('UNAUTHENTICATED');
    const wrong = await t.gql(create, { key: 'nd_not-a-real-key', variables: { input } });
    expect(wrong.errors![0].extensions.code).toBe('UNAUTHENTICATED');
    const editor = await t.gql(create, { key: await t.key('EDITOR'), variables: { input }, lang: 'sv' });
    expect(editor.errors![0]).toMatchObject({ extensions: { code: 'FORBIDDEN' }, message: 'Din API-nyckels roll tillåter inte den här åtgärden.' });
    const list = await t.gql('{ sections { slug } }');
    expect(list.data!.sections.map((s: { slug: string }) => s.slug)).not.toContain(input.slug);
  });

  it('bad input is a translated BAD_USER_INPUT or CONFLICT and writes nothing', async () => {
    const taken = await makeSection(t, admin);
    const cases: [Record<string, unknown>, string][] = [
      [{ slug: 'Not A Slug', names: { en: 'X' }, defaultLocale: 'en' }, 'BAD_USER_INPUT'],
      [{ slug: `ok-${unique()}`, names: { en: 'X' }, defaultLocale: 'de' }, 'BAD_USER_INPUT'],
      [{ slug: `ok-${unique()}`, names: { sv: 'X' }, defaultLocale: 'en' }, 'BAD_USER_INPUT'],
      [{ slug: `ok-${unique()}`, names: { en: '' }, defaultLocale: 'en' }, 'BAD_USER_INPUT'],
      [{ slug: `ok-${unique()}`, names: ['x'], defaultLocale: 'en' }, 'BAD_USER_INPUT'],
      [{ slug: `ok-${unique()}`, names: { en: 'X' }, defaultLocale: 'en', country: 'Sweden' }, 'BAD_USER_INPUT'],
      [{ slug: `ok-${unique()}`, names: { en: 'X' }, defaultLocale: 'en', homepage: 'javascript:alert(1)' }, 'BAD_USER_INPUT'],
      [{ slug: taken.slug, names: { en: 'X' }, defaultLocale: 'en' }, 'CONFLICT'],
    ];
    const before = await t.dataSource.query('SELECT count(*)::int AS n FROM sections');
    for (const [input, code] of cases) {
      const res = await t.gql(create, { key: admin, variables: { input }, lang: 'fr' });
      expect(res.errors?.[0].extensions.code).toBe(code);
      expect(res.errors![0].message).not.toMatch(/errors:/);
    }
    const after = await t.dataSource.query('SELECT count(*)::int AS n FROM sections');
    expect(after[0].n).toBe(before[0].n);
  });
});
