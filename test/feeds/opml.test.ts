import { XMLValidator } from 'fast-xml-parser';
import { freshDatabase } from '../support/fresh-database';
import { makeSection } from '../support/factories';
import { TestApp } from '../support/test-app';

const IMPORT = `mutation($s: String!, $o: String!) { importOpmlReport(section: $s, opml: $o) { created { url locale section { slug } } skipped { url title reason } } }`;
const EXPORT = `query($s: String!) { exportOpml(section: $s) }`;
const FEEDS = `query($s: String) { feeds(section: $s) { url locale } }`;
const opml = (body: string) => `<?xml version="1.0" encoding="UTF-8"?>\n<opml version="2.0"><head><title>t</title></head><body>${body}</body></opml>`;
const byUrl = (a: { url: string }, b: { url: string }) => (a.url < b.url ? -1 : 1);
const withoutDate = (doc: string) => doc.replace(/<dateCreated>[^<]*<\/dateCreated>/, '');

/** The address guard at import: 127.0.0.1 is allowed for this file (as FETCH_ALLOWLIST allows a host), any other private address is not. */
async function withAllowlist<T>(run: () => Promise<T>): Promise<T> {
  const saved = process.env.FETCH_ALLOWLIST;
  process.env.FETCH_ALLOWLIST = '127.0.0.1';
  try {
    return await run();
  } finally {
    if (saved === undefined) delete process.env.FETCH_ALLOWLIST;
    else process.env.FETCH_ALLOWLIST = saved;
  }
}

describe('OPML: exportOpml and importOpmlReport', () => {
  let t: TestApp;
  let admin: string;
  let editor: string;

  beforeAll(async () => {
    t = await withAllowlist(() => TestApp.start());
    admin = await t.key('ADMIN');
    editor = await t.key('EDITOR');
  });
  afterAll(() => t.close());

  it('round trip: a fresh database importing a section\'s export gets the same feeds', async () => {
    const section = await makeSection(t, admin, { names: { en: 'Pakistan & "co"', ur: 'پاکستان' } });
    const first = await t.gql(IMPORT, {
      key: editor,
      variables: {
        s: section.slug,
        o: opml(`<outline text="Dawn &amp; &lt;co&gt;" xmlUrl="http://127.0.0.1:9/dawn.xml?a=1&amp;b=2" htmlUrl="http://127.0.0.1:9/" language="ur-PK"/>
                 <outline text="گھر کی خبریں" xmlUrl="http://127.0.0.1:9/ghar.xml" language="ur"/>
                 <outline text="Le Monde" xmlUrl="http://127.0.0.1:9/monde.xml" language="fr"/>`),
      },
    });
    expect(first.errors).toBeUndefined();
    expect(first.data!.importOpmlReport.skipped).toEqual([]);
    const registered = await t.gql(`mutation($input: RegisterFeedInput!) { registerFeed(input: $input) { id } }`, {
      key: editor,
      variables: { input: { section: section.slug, url: 'http://127.0.0.1:9/untitled.xml' } },
    });
    expect(registered.errors).toBeUndefined();

    const exported = await t.gql(EXPORT, { key: editor, variables: { s: section.slug } });
    expect(exported.errors).toBeUndefined();
    const doc: string = exported.data!.exportOpml;
    expect(XMLValidator.validate(doc)).toBe(true);
    expect(doc).toContain('<title>Pakistan &amp; &quot;co&quot; (');
    expect(doc).toContain(
      '<outline type="rss" text="Dawn &amp; &lt;co&gt;" title="Dawn &amp; &lt;co&gt;" xmlUrl="http://127.0.0.1:9/dawn.xml?a=1&amp;b=2" htmlUrl="http://127.0.0.1:9/" language="ur"/>',
    );
    expect(doc).toContain('<outline type="rss" text="http://127.0.0.1:9/untitled.xml" title="http://127.0.0.1:9/untitled.xml" xmlUrl="http://127.0.0.1:9/untitled.xml"/>');

    const fresh = await freshDatabase();
    const saved = process.env.DATABASE_URL;
    process.env.DATABASE_URL = fresh.url;
    const other = await withAllowlist(() => TestApp.start()).finally(() => (process.env.DATABASE_URL = saved));
    try {
      const otherAdmin = await other.key('ADMIN');
      const otherEditor = await other.key('EDITOR');
      expect((await other.gql(FEEDS, { key: otherEditor })).data!.feeds).toEqual([]);
      await makeSection(other, otherAdmin, { slug: section.slug, names: { en: 'Pakistan & "co"', ur: 'پاکستان' } });
      const imported = await other.gql(IMPORT, { key: otherEditor, variables: { s: section.slug, o: doc } });
      expect(imported.errors).toBeUndefined();
      expect(imported.data!.importOpmlReport.skipped).toEqual([]);
      expect(imported.data!.importOpmlReport.created).toHaveLength(4);

      const here = (await t.gql(FEEDS, { key: editor, variables: { s: section.slug } })).data!.feeds;
      const there = (await other.gql(FEEDS, { key: otherEditor, variables: { s: section.slug } })).data!.feeds;
      expect([...there].sort(byUrl)).toEqual([...here].sort(byUrl));
      expect(here.sort(byUrl)).toEqual([
        { url: 'http://127.0.0.1:9/dawn.xml?a=1&b=2', locale: 'ur' },
        { url: 'http://127.0.0.1:9/ghar.xml', locale: 'ur' },
        { url: 'http://127.0.0.1:9/monde.xml', locale: 'fr' },
        { url: 'http://127.0.0.1:9/untitled.xml', locale: null },
      ]);
      // Titles and site links travel too: the second export says exactly what the first one said.
      const again = await other.gql(EXPORT, { key: otherEditor, variables: { s: section.slug } });
      expect(withoutDate(again.data!.exportOpml)).toBe(withoutDate(doc));
    } finally {
      await other.close();
      await fresh.drop();
    }
  });

  it('a mixed OPML: creates what it can, in the section its category or folder names, and says in French what it skipped', async () => {
    const given = await makeSection(t, admin);
    const sweden = await makeSection(t, admin, { names: { en: 'Sweden', sv: 'Sverige' } });
    await t.gql(`mutation($input: RegisterFeedInput!) { registerFeed(input: $input) { id } }`, {
      key: editor,
      variables: { input: { section: given.slug, url: 'http://127.0.0.1:9/known.xml' } },
    });
    const mixed = opml(`
      <outline text="ok" xmlUrl="http://127.0.0.1:9/ok.xml" language="fr"/>
      <outline text="Sverige"><outline text="in a folder" xmlUrl="http://127.0.0.1:9/se.xml"/></outline>
      <outline text="tagged" xmlUrl="http://127.0.0.1:9/tagged.xml" category="/Europe/${sweden.slug}"/>
      <outline text="no feed" type="rss"/>
      <outline text="ftp" xmlUrl="ftp://127.0.0.1/x.xml"/>
      <outline text="creds" xmlUrl="http://user:pw@127.0.0.1:9/c.xml"/>
      <outline text="private" xmlUrl="http://10.0.0.1/feed"/>
      <outline text="loopback" xmlUrl="http://127.0.0.2:9/feed"/>
      <outline text="again" xmlUrl="http://127.0.0.1:9/ok.xml#top"/>
      <outline text="known" xmlUrl="http://127.0.0.1:9/known.xml"/>
      <outline text="atlantis" xmlUrl="http://127.0.0.1:9/atl.xml" category="Atlantis"/>`);

    const all = await t.gql(`mutation($s: String!, $o: String!) { importOpml(section: $s, opml: $o) { url } }`, { key: editor, variables: { s: given.slug, o: mixed } });
    expect(all.errors?.[0].extensions.code).toBe('BAD_USER_INPUT'); // importOpml stays all-or-nothing

    const res = await t.gql(IMPORT, { key: editor, lang: 'fr', variables: { s: given.slug, o: mixed } });
    expect(res.errors).toBeUndefined();
    expect(res.data!.importOpmlReport.created).toEqual([
      { url: 'http://127.0.0.1:9/ok.xml', locale: 'fr', section: { slug: given.slug } },
      { url: 'http://127.0.0.1:9/se.xml', locale: null, section: { slug: sweden.slug } },
      { url: 'http://127.0.0.1:9/tagged.xml', locale: null, section: { slug: sweden.slug } },
    ]);
    expect(res.data!.importOpmlReport.skipped).toEqual([
      { url: null, title: 'no feed', reason: 'L’outline n’a pas d’attribut xmlUrl : il n’y a aucun flux à enregistrer.' },
      { url: 'ftp://127.0.0.1/x.xml', title: 'ftp', reason: '« ftp://127.0.0.1/x.xml » n’est pas une URL http(s) absolue.' },
      { url: 'http://127.0.0.1:9/c.xml', title: 'creds', reason: 'Une URL de flux ne peut pas contenir de nom d’utilisateur ni de mot de passe.' },
      {
        url: 'http://10.0.0.1/feed',
        title: 'private',
        reason: 'L’hôte 10.0.0.1 correspond à 10.0.0.1, une adresse privée ou réservée (private) : il n’est pas récupéré. Un administrateur peut l’autoriser avec FETCH_ALLOWLIST.',
      },
      {
        url: 'http://127.0.0.2:9/feed',
        title: 'loopback',
        reason: 'L’hôte 127.0.0.2 correspond à 127.0.0.2, une adresse privée ou réservée (loopback) : il n’est pas récupéré. Un administrateur peut l’autoriser avec FETCH_ALLOWLIST.',
      },
      { url: 'http://127.0.0.1:9/ok.xml#top', title: 'again', reason: 'Le même flux figure déjà plus haut dans le document pour la même section.' },
      { url: 'http://127.0.0.1:9/known.xml', title: 'known', reason: `Le flux http://127.0.0.1:9/known.xml est déjà enregistré pour la section « ${given.slug} ».` },
      { url: 'http://127.0.0.1:9/atl.xml', title: 'atlantis', reason: 'Aucune section ne s’appelle « Atlantis » (la catégorie de l’outline) : créez la section ou changez la catégorie.' },
    ]);
    const feedsOf = async (slug: string) => (await t.gql(FEEDS, { key: editor, variables: { s: slug } })).data!.feeds.map((f: { url: string }) => f.url).sort();
    expect(await feedsOf(given.slug)).toEqual(['http://127.0.0.1:9/known.xml', 'http://127.0.0.1:9/ok.xml']);
    expect(await feedsOf(sweden.slug)).toEqual(['http://127.0.0.1:9/se.xml', 'http://127.0.0.1:9/tagged.xml']);
  });

  it('refuses an entity bomb or a huge document with a coded, translated error, and stores nothing', async () => {
    const section = await makeSection(t, admin);
    const bomb = `<?xml version="1.0"?><!DOCTYPE lolz [<!ENTITY lol "lol"><!ENTITY lol1 "&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;"><!ENTITY lol2 "&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;">]><opml><body><outline text="&lol2;" xmlUrl="http://127.0.0.1:9/a.xml"/></body></opml>`;
    const refused = await t.gql(IMPORT, { key: editor, lang: 'sv', variables: { s: section.slug, o: bomb } });
    expect(refused.errors?.[0].extensions.code).toBe('BAD_USER_INPUT');
    expect(refused.errors?.[0].message).toBe('OPML-dokumentet deklarerar en DTD eller entiteter, vilket inte godtas.');
    const huge = opml(Array.from({ length: 16_000 }, (_, i) => `<outline text="feed number ${i}" xmlUrl="http://127.0.0.1:9/${i}.xml"/>`).join('\n'));
    expect(huge.length).toBeGreaterThan(1024 * 1024);
    const tooLarge = await t.gql(IMPORT, { key: editor, variables: { s: section.slug, o: huge } });
    expect(tooLarge.errors?.[0].extensions.code).toBe('BAD_USER_INPUT');
    expect(tooLarge.errors?.[0].message).toBe('The OPML document is larger than 1,048,576 bytes.');
    expect((await t.gql(FEEDS, { key: editor, variables: { s: section.slug } })).data!.feeds).toEqual([]);
  });

  it('is for editors and admins only, and names an unknown section', async () => {
    const section = await makeSection(t, admin);
    const translator = await t.key('TRANSLATOR', { locales: ['fr'] });
    const o = opml('<outline xmlUrl="http://127.0.0.1:9/a.xml"/>');
    expect((await t.gql(EXPORT, { key: translator, variables: { s: section.slug } })).errors?.[0].extensions.code).toBe('FORBIDDEN');
    expect((await t.gql(IMPORT, { key: translator, variables: { s: section.slug, o } })).errors?.[0].extensions.code).toBe('FORBIDDEN');
    expect((await t.gql(EXPORT, { variables: { s: section.slug } })).errors?.[0].extensions.code).toBe('UNAUTHENTICATED');
    const asAdmin = await t.gql(EXPORT, { key: admin, variables: { s: section.slug } });
    expect(asAdmin.errors).toBeUndefined();
    expect(asAdmin.data!.exportOpml).toContain('<body>\n  </body>');
    const missing = await t.gql(EXPORT, { key: editor, lang: 'es', variables: { s: 'no-such-section' } });
    expect(missing.errors?.[0].extensions.code).toBe('NOT_FOUND');
  });
});
