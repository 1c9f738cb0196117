import { makeArticle, makeSection } from '../support/factories';
import { SqlCounter } from '../support/sql-counter';
import { TestApp } from '../support/test-app';

const UPDATE = `mutation($slug: String!, $input: UpdateSectionInput!) {
  updateSection(slug: $slug, input: $input) { slug name en: name(locale: "en") sv: name(locale: "sv") country defaultLocale homepage }
}`;

/** updateSection, with the read cache on as in production. */
describe('updateSection', () => {
  const sql = new SqlCounter();
  let t: TestApp;
  let admin: string;
  const previous = process.env.READ_CACHE_TTL_SECONDS;

  beforeAll(async () => {
    process.env.READ_CACHE_TTL_SECONDS = '300';
    t = await TestApp.start({ sqlLogger: sql });
    admin = await t.key('ADMIN');
  });
  afterAll(async () => {
    if (previous === undefined) delete process.env.READ_CACHE_TTL_SECONDS;
    else process.env.READ_CACHE_TTL_SECONDS = previous;
    await t.close();
  });

  const update = (slug: string, input: Record<string, unknown>, key = admin, lang?: string) => t.gql(UPDATE, { key, lang, variables: { slug, input } });

  /** A route's body as text, whatever its content type. */
  const text = (path: string) =>
    t.http
      .get(path)
      .buffer(true)
      .parse((res, done) => {
        let body = '';
        res.setEncoding('utf8');
        res.on('data', (chunk: string) => (body += chunk));
        res.on('end', () => done(null, body));
      })
      .then((res) => res.body as string);

  it('changes what is given, keeps what is absent, and clears country and homepage with null', async () => {
    const { slug } = await makeSection(t, admin, { names: { en: 'Sweden', sv: 'Sverige' }, country: 'SE', homepage: 'https://se.example/' });
    const renamed = await update(slug, { names: { en: 'Kingdom of Sweden', sv: 'Konungariket Sverige', fr: 'Suède' }, defaultLocale: 'sv-SE' });
    expect(renamed.errors).toBeUndefined();
    expect(renamed.data!.updateSection).toEqual({
      slug,
      name: 'Kingdom of Sweden',
      en: 'Kingdom of Sweden',
      sv: 'Konungariket Sverige',
      country: 'SE',
      defaultLocale: 'sv',
      homepage: 'https://se.example/',
    });

    const cleared = await update(slug, { country: null, homepage: null });
    expect(cleared.data!.updateSection).toMatchObject({ country: null, homepage: null, defaultLocale: 'sv', sv: 'Konungariket Sverige' });
    const set = await update(slug, { country: 'fi', homepage: ' https://fi.example/news ' });
    expect(set.data!.updateSection).toMatchObject({ country: 'FI', homepage: 'https://fi.example/news', defaultLocale: 'sv' });
  });

  it('answers bad input with coded, translated errors and changes nothing', async () => {
    const { slug } = await makeSection(t, admin, { names: { en: 'Pakistan', ur: 'پاکستان' }, defaultLocale: 'ur', country: 'PK' });
    const cases: [Record<string, unknown>, string, string][] = [
      [{ names: null }, 'fr', '« names » ne peut pas être effacé'],
      [{ defaultLocale: null }, 'en', '"defaultLocale" cannot be cleared'],
      [{ defaultLocale: 'xx' }, 'en', 'Supported languages'],
      [{ names: { en: 'Pakistan' } }, 'en', 'default language (ur)'],
      [{ defaultLocale: 'fr' }, 'es', '(fr)'],
      [{ names: { en: '' } }, 'sv', '”names”'],
      [{ country: 'Pakistan' }, 'en', '"Pakistan" is not an ISO 3166-1'],
      [{ homepage: 'ftp://pk.example/' }, 'zh', '“ftp://pk.example/”不是绝对的 http(s) 网址'],
    ];
    for (const [input, lang, message] of cases) {
      const res = await update(slug, input, admin, lang);
      expect(res.errors?.[0]?.extensions.code).toBe('BAD_USER_INPUT');
      expect(res.errors![0].message).toContain(message);
    }
    const unknown = await update('no-such-section', { country: 'SE' });
    expect(unknown.errors![0]).toMatchObject({ extensions: { code: 'NOT_FOUND' }, message: 'There is no section "no-such-section".' });
    const after = await t.gql(`query($s: String!) { section(slug: $s) { country defaultLocale en: name(locale: "en") homepage } }`, { variables: { s: slug } });
    expect(after.data!.section).toEqual({ country: 'PK', defaultLocale: 'ur', en: 'Pakistan', homepage: 'https://example.org/' });
  });

  it('is for ADMIN keys only', async () => {
    const { slug } = await makeSection(t, admin);
    const editor = await t.key('EDITOR');
    const publisher = await t.key('PUBLISHER', { section: slug });
    expect((await update(slug, { country: null }, editor)).errors![0].extensions.code).toBe('FORBIDDEN');
    expect((await update(slug, { country: null }, publisher)).errors![0].extensions.code).toBe('FORBIDDEN');
    expect((await t.gql(UPDATE, { variables: { slug, input: { country: null } } })).errors![0].extensions.code).toBe('UNAUTHENTICATED');
  });

  it('shows the change at once in cached section and article reads and in the outgoing feed', async () => {
    const { slug } = await makeSection(t, admin, { names: { en: 'Norway' } });
    const editor = await t.key('EDITOR');
    const { id } = await makeArticle(t, editor, slug, { title: 'Fjord ferry' });
    const READS = `query($s: String!, $id: ID!) { section(slug: $s) { name country } article(id: $id) { section { name homepage } } }`;
    const variables = { s: slug, id };
    const first = await t.gql(READS, { variables });
    expect(first.data).toEqual({ section: { name: 'Norway', country: 'SE' }, article: { section: { name: 'Norway', homepage: 'https://example.org/' } } });
    sql.reset();
    expect((await t.gql(READS, { variables })).data).toEqual(first.data); // from the cache
    expect(sql.count).toBe(0);
    const feedTitle = async () => (JSON.parse(await text(`/sections/${slug}/feeds/en.json`)) as { title: string }).title;
    expect(await feedTitle()).toContain('Norway');

    expect((await update(slug, { names: { en: 'Kingdom of Norway' }, country: 'NO', homepage: 'https://no.example/' })).errors).toBeUndefined();
    expect((await t.gql(READS, { variables })).data).toEqual({
      section: { name: 'Kingdom of Norway', country: 'NO' },
      article: { section: { name: 'Kingdom of Norway', homepage: 'https://no.example/' } },
    });
    expect(await feedTitle()).toContain('Kingdom of Norway');
  });
});
