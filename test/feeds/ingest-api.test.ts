import { makeSection } from '../support/factories';
import { TestApp } from '../support/test-app';

const FEED_FIELDS = 'id url status format locale pollIntervalMinutes nextFetchAt lastFetchedAt lastSuccessAt consecutiveFailures lastError itemCount section { slug }';

describe('feeds: registering and managing (GraphQL)', () => {
  let t: TestApp;
  let admin: string;
  let editor: string;
  let translator: string;

  beforeAll(async () => {
    t = await TestApp.start();
    admin = await t.key('ADMIN');
    editor = await t.key('EDITOR');
    translator = await t.key('TRANSLATOR', { locales: ['fr'] });
  });
  afterAll(() => t.close());

  it('registers a feed for a section and lists it with its schedule', async () => {
    const section = await makeSection(t, admin);
    const res = await t.gql(`mutation($input: RegisterFeedInput!) { registerFeed(input: $input) { ${FEED_FIELDS} } }`, {
      key: editor,
      variables: { input: { section: section.slug, url: 'http://127.0.0.1:9/feed.xml', locale: 'sv-SE' } },
    });
    expect(res.errors).toBeUndefined();
    const feed = res.data!.registerFeed;
    expect(feed).toMatchObject({ url: 'http://127.0.0.1:9/feed.xml', status: 'ACTIVE', locale: 'sv', format: null, consecutiveFailures: 0, itemCount: 0, lastError: null, section: { slug: section.slug } });
    expect(new Date(feed.nextFetchAt).getTime()).toBeLessThanOrEqual(Date.now() + 1000);

    const list = await t.gql(`query($s: String) { feeds(section: $s) { id } }`, { key: editor, variables: { s: section.slug } });
    expect(list.data!.feeds).toEqual([{ id: feed.id }]);
    const field = await t.gql(`query($s: String!) { section(slug: $s) { feeds { id url } } }`, { key: admin, variables: { s: section.slug } });
    expect(field.data!.section.feeds).toEqual([{ id: feed.id, url: feed.url }]);
  });

  it('refuses bad input with translated errors and stores nothing', async () => {
    const section = await makeSection(t, admin);
    const register = (input: Record<string, unknown>, lang = 'en') =>
      t.gql(`mutation($input: RegisterFeedInput!) { registerFeed(input: $input) { id } }`, { key: editor, lang, variables: { input: { section: section.slug, ...input } } });
    for (const url of ['ftp://example.org/feed', 'file:///etc/passwd', 'not a url', 'javascript:alert(1)', 'http://user:pw@example.org/feed']) {
      const res = await register({ url });
      expect(res.errors?.[0].extensions.code).toBe('BAD_USER_INPUT');
    }
    const fr = await register({ url: 'gopher://x' }, 'fr');
    expect(fr.errors?.[0].message).toContain('n’est pas une URL');
    const interval = await register({ url: 'https://example.org/a', pollIntervalMinutes: 1 }, 'sv');
    expect(interval.errors?.[0].message).toMatch(/Hämtintervallet/);
    const locale = await register({ url: 'https://example.org/a', locale: 'xx' });
    expect(locale.errors?.[0].extensions.code).toBe('BAD_USER_INPUT');
    const list = await t.gql(`query($s: String) { feeds(section: $s) { id } }`, { key: editor, variables: { s: section.slug } });
    expect(list.data!.feeds).toEqual([]);
    const twice = await register({ url: 'http://127.0.0.1:9/b' });
    expect(twice.errors).toBeUndefined();
    const dup = await register({ url: 'http://127.0.0.1:9/b' });
    expect(dup.errors?.[0].extensions.code).toBe('CONFLICT');
  });

  it('keeps feeds to editors and admins', async () => {
    const section = await makeSection(t, admin);
    expect((await t.gql(`{ feeds { id } }`)).errors?.[0].extensions.code).toBe('UNAUTHENTICATED');
    expect((await t.gql(`{ feeds { id } }`, { key: translator })).errors?.[0].extensions.code).toBe('FORBIDDEN');
    const anon = await t.gql(`query($s: String!) { section(slug: $s) { feeds { id } } }`, { variables: { s: section.slug } });
    expect(anon.errors?.[0].extensions.code).toBe('UNAUTHENTICATED');
    const rotate = await t.gql(`mutation($s: String!) { rotatePushSecret(section: $s) }`, { key: editor, variables: { s: section.slug } });
    expect(rotate.errors?.[0].extensions.code).toBe('FORBIDDEN');
  });

  it('imports OPML, skipping feeds already registered, and refuses DTDs', async () => {
    const section = await makeSection(t, admin);
    const opml = `<?xml version="1.0"?><opml version="2.0"><head/><body>
      <outline text="a" xmlUrl="http://127.0.0.1:9/a.xml" language="fr"/>
      <outline text="g"><outline text="b" xmlUrl="http://127.0.0.1:9/b.xml"/></outline></body></opml>`;
    const res = await t.gql(`mutation($s: String!, $o: String!) { importOpml(section: $s, opml: $o) { url locale status } }`, {
      key: editor,
      variables: { s: section.slug, o: opml },
    });
    expect(res.errors).toBeUndefined();
    expect(res.data!.importOpml).toEqual([
      { url: 'http://127.0.0.1:9/a.xml', locale: 'fr', status: 'ACTIVE' },
      { url: 'http://127.0.0.1:9/b.xml', locale: null, status: 'ACTIVE' },
    ]);
    const again = await t.gql(`mutation($s: String!, $o: String!) { importOpml(section: $s, opml: $o) { url } }`, { key: editor, variables: { s: section.slug, o: opml } });
    expect(again.data!.importOpml).toHaveLength(2);

    const other = await makeSection(t, admin);
    const laughs = `<?xml version="1.0"?><!DOCTYPE lolz [<!ENTITY lol "lol"><!ENTITY lol1 "&lol;&lol;&lol;">]><opml><body><outline xmlUrl="https://e.org/&lol1;"/></body></opml>`;
    const bad = await t.gql(`mutation($s: String!, $o: String!) { importOpml(section: $s, opml: $o) { url } }`, { key: editor, lang: 'zh', variables: { s: other.slug, o: laughs } });
    expect(bad.errors?.[0].extensions.code).toBe('BAD_USER_INPUT');
    expect(bad.errors?.[0].message).toContain('DTD');
    const badUrl = await t.gql(`mutation($s: String!, $o: String!) { importOpml(section: $s, opml: $o) { url } }`, {
      key: editor,
      variables: { s: other.slug, o: `<opml><body><outline xmlUrl="https://ok.example/a"/><outline xmlUrl="ftp://x/y"/></body></opml>` },
    });
    expect(badUrl.errors?.[0].extensions.code).toBe('BAD_USER_INPUT');
    const none = await t.gql(`query($s: String) { feeds(section: $s) { id } }`, { key: editor, variables: { s: other.slug } });
    expect(none.data!.feeds).toEqual([]);
  });

  it('pauses, resumes and refreshes a feed (refresh enqueues a poll job)', async () => {
    const section = await makeSection(t, admin);
    const { data } = await t.gql(`mutation($input: RegisterFeedInput!) { registerFeed(input: $input) { id } }`, {
      key: editor,
      variables: { input: { section: section.slug, url: 'http://127.0.0.1:9/p.xml' } },
    });
    const id = data!.registerFeed.id;
    const paused = await t.gql(`mutation($id: ID!) { pauseFeed(id: $id) { status nextFetchAt } }`, { key: editor, variables: { id } });
    expect(paused.data!.pauseFeed).toEqual({ status: 'PAUSED', nextFetchAt: null });
    const byStatus = await t.gql(`query { feeds(status: PAUSED) { id } }`, { key: editor });
    expect(byStatus.data!.feeds.map((f: { id: string }) => f.id)).toContain(id);
    const resumed = await t.gql(`mutation($id: ID!) { resumeFeed(id: $id) { status consecutiveFailures } }`, { key: editor, variables: { id } });
    expect(resumed.data!.resumeFeed).toEqual({ status: 'ACTIVE', consecutiveFailures: 0 });
    const refresh = await t.gql(`mutation($id: ID!) { refreshFeed(id: $id) { id state } }`, { key: editor, variables: { id } });
    expect(refresh.errors).toBeUndefined();
    expect(refresh.data!.refreshFeed.id).toMatch(new RegExp(`^poll-${id}-\\d+$`));
    // No worker runs in this file and its Redis prefix is its own: the poll waits for one.
    expect(refresh.data!.refreshFeed.state).toBe('waiting');
    const missing = await t.gql(`mutation { pauseFeed(id: "00000000-0000-4000-8000-000000000000") { id } }`, { key: editor, lang: 'es' });
    expect(missing.errors?.[0].extensions.code).toBe('NOT_FOUND');
    expect(missing.errors?.[0].message).toMatch(/No existe el feed/);
  });

  it('rotatePushSecret returns a new secret once and stores it encrypted', async () => {
    const section = await makeSection(t, admin);
    const res = await t.gql(`mutation($s: String!) { rotatePushSecret(section: $s) }`, { key: admin, variables: { s: section.slug } });
    const secret: string = res.data!.rotatePushSecret;
    expect(secret).toMatch(/^whsec_[A-Za-z0-9_-]{40,}$/);
    const rows = await t.dataSource.query(`SELECT current_secret FROM section_push_secrets WHERE section_id = $1`, [section.id]);
    expect(rows[0].current_secret).not.toContain(secret);
    expect(rows[0].current_secret.startsWith('v1.')).toBe(true);
  });
});
