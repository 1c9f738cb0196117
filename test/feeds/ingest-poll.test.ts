import { getQueueToken } from '@nestjs/bullmq';
import type { Queue } from 'bullmq';
import iconv from 'iconv-lite';
import { FEEDS_QUEUE } from '../../src/feeds/jobs/feed-jobs';
import { makeSection, type SectionFixture } from '../support/factories';
import type { TestApp } from '../support/test-app';
import { type FeedServer, rss, type Served } from './support/feed-server';
import { waitFor } from './support/wait';
import { startWorkerStack, type WorkerStack } from './support/worker-stack';

const now = () => new Date().toUTCString();
const iso = () => new Date().toISOString();

/** One small fixture per format. */
const FORMATS: Record<string, { format: string; served: Served; titles: string[] }> = {
  rss20: { format: 'RSS', served: { body: rss([{ guid: 'r20-1', link: 'https://site.example/r20/1', title: 'RSS two', pubDate: now() }]) }, titles: ['RSS two'] },
  rss091: {
    format: 'RSS',
    served: { body: `<?xml version="1.0"?><rss version="0.91"><channel><title>Old</title><link>https://site.example/</link><description>d</description><language>en</language><item><title>RSS point nine one</title><link>https://site.example/r091/1</link><description>text</description></item></channel></rss>` },
    titles: ['RSS point nine one'],
  },
  rdf: {
    format: 'RDF',
    served: {
      headers: { 'content-type': 'application/rdf+xml' },
      body: `<?xml version="1.0"?><rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#" xmlns="http://purl.org/rss/1.0/" xmlns:dc="http://purl.org/dc/elements/1.1/">
<channel rdf:about="https://site.example/"><title>RDF</title><link>https://site.example/</link><description>d</description><items><rdf:Seq><rdf:li rdf:resource="https://site.example/rdf/1"/></rdf:Seq></items></channel>
<item rdf:about="https://site.example/rdf/1"><title>RSS one dot zero</title><link>https://site.example/rdf/1</link><dc:date>${iso()}</dc:date><dc:language>en</dc:language></item></rdf:RDF>`,
    },
    titles: ['RSS one dot zero'],
  },
  atom10: {
    format: 'ATOM',
    served: {
      headers: { 'content-type': 'application/atom+xml' },
      body: `<?xml version="1.0" encoding="utf-8"?><feed xmlns="http://www.w3.org/2005/Atom" xml:lang="en"><title>Atom</title><id>urn:x</id><updated>${iso()}</updated>
<entry><id>urn:a1</id><title>Atom one</title><link rel="alternate" href="https://site.example/atom/1"/><updated>${iso()}</updated><content type="html">&lt;p&gt;Hello&lt;/p&gt;</content></entry></feed>`,
    },
    titles: ['Atom one'],
  },
  atom03: {
    format: 'ATOM',
    served: {
      headers: { 'content-type': 'application/atom+xml' },
      body: `<?xml version="1.0" encoding="utf-8"?><feed version="0.3" xmlns="http://purl.org/atom/ns#" xml:lang="en"><title>Atom 0.3</title><modified>${iso()}</modified>
<entry><id>urn:a03</id><title>Atom zero three</title><link rel="alternate" type="text/html" href="https://site.example/atom03/1"/><issued>${iso()}</issued><modified>${iso()}</modified></entry></feed>`,
    },
    titles: ['Atom zero three'],
  },
  json10: {
    format: 'JSON_FEED',
    served: {
      headers: { 'content-type': 'application/feed+json' },
      body: JSON.stringify({ version: 'https://jsonfeed.org/version/1', title: 'JSON', items: [{ id: 'j1', url: 'https://site.example/json/1', title: 'JSON one zero', content_html: '<p>x</p>', date_published: iso() }] }),
    },
    titles: ['JSON one zero'],
  },
  json11: {
    format: 'JSON_FEED',
    served: {
      headers: { 'content-type': 'application/feed+json' },
      body: JSON.stringify({ version: 'https://jsonfeed.org/version/1.1', title: 'JSON', language: 'en', items: [{ id: 'j11', url: 'https://site.example/json11/1', title: 'JSON one one', content_text: 'x', date_published: iso() }] }),
    },
    titles: ['JSON one one'],
  },
};

describe('polling feeds through the real worker (local HTTP server)', () => {
  let t: TestApp;
  let stack: WorkerStack;
  let server: FeedServer;
  let queue: Queue;
  let admin: string;
  let editor: string;

  beforeAll(async () => {
    stack = await startWorkerStack({ FETCH_ALLOWLIST: '127.0.0.1,::1', FEED_MAX_FAILURES: '3', FEED_DISPATCH_EVERY_MS: '200' });
    ({ t, server } = stack);
    queue = t.app.get<Queue>(getQueueToken(FEEDS_QUEUE));
    admin = await t.key('ADMIN');
    editor = await t.key('EDITOR');
  });
  afterAll(() => stack?.close());

  const register = async (path: string, served: Served | ((req: import('node:http').IncomingMessage) => Served), locale?: string) => {
    server.routes.set(path, served);
    const section = await makeSection(t, admin);
    const res = await t.gql(`mutation($input: RegisterFeedInput!) { registerFeed(input: $input) { id } }`, {
      key: editor,
      variables: { input: { section: section.slug, url: server.url(path), ...(locale ? { locale } : {}) } },
    });
    expect(res.errors).toBeUndefined();
    return { section, feedId: res.data!.registerFeed.id as string };
  };
  const feedState = async (id: string, lang = 'en') =>
    (await t.gql(`query { feeds { id status format locale consecutiveFailures lastError itemCount lastFetchedAt lastSuccessAt nextFetchAt pollIntervalMinutes } }`, { key: editor, lang })).data!.feeds.find(
      (f: { id: string }) => f.id === id,
    );
  const originals = async (s: SectionFixture) =>
    await t.dataSource.query<{ title: string; locale: string; body_html: string | null; canonical_url: string | null }[]>(
      `SELECT t.title, t.locale, t.body_html, a.canonical_url FROM articles a JOIN translations t ON t.article_id = a.id AND t.is_original WHERE a.section_id = $1 ORDER BY t.title`,
      [s.id],
    );
  const refresh = async (id: string) => {
    const res = await t.gql(`mutation($id: ID!) { refreshFeed(id: $id) { id state } }`, { key: editor, variables: { id } });
    expect(res.errors).toBeUndefined();
    const jobId = res.data!.refreshFeed.id;
    const job = await waitFor(async () => {
      const j = await queue.getJob(jobId);
      return j?.finishedOn ? j : null;
    }, `job ${jobId}`);
    return job.returnvalue as { outcome: string };
  };
  const polledOnce = (id: string) => waitFor(async () => (await feedState(id))?.lastFetchedAt, 'the first poll');

  it.each(Object.keys(FORMATS))('ingests %s', async (name) => {
    const fixture = FORMATS[name];
    const { section, feedId } = await register(`/formats/${name}`, fixture.served);
    await waitFor(async () => (await originals(section)).length === fixture.titles.length, `${name} items`);
    expect((await originals(section)).map((a) => a.title)).toEqual(fixture.titles);
    const state = await waitFor(async () => {
      const f = await feedState(feedId);
      return f.lastSuccessAt ? f : null;
    }, 'success recorded');
    expect(state).toMatchObject({ status: 'ACTIVE', format: fixture.format, consecutiveFailures: 0, lastError: null, itemCount: fixture.titles.length });
  });

  it.each([
    ['gbk', 'zh', '中文新闻标题：工人大会'],
    ['windows-1256', 'ur', 'لاہور میں اجلاس'.replace(/ہ/g, 'ه').replace(/ی/g, 'ي')],
    ['iso-8859-1', 'sv', 'Möte i Göteborg på måndag'],
  ])('decodes a %s feed end to end', async (encoding, lang, title) => {
    const xml = `<?xml version="1.0" encoding="${encoding}"?><rss version="2.0"><channel><title>x</title><link>https://site.example/</link><language>${lang}</language><item><guid>${encoding}-1</guid><title>${title}</title><description>${title}</description></item></channel></rss>`;
    const { section } = await register(`/enc/${encoding}`, { headers: { 'content-type': 'application/rss+xml' }, body: iconv.encode(xml, encoding) });
    const rows = await waitFor(async () => {
      const r = await originals(section);
      return r.length ? r : null;
    }, `${encoding} item`);
    expect(rows).toEqual([expect.objectContaining({ title, locale: lang })]);
  });

  it('resolves relative links against xml:base and the feed link, and stores sanitised HTML', async () => {
    const { section } = await register('/relative.xml', {
      headers: { 'content-type': 'application/atom+xml' },
      body: `<?xml version="1.0"?><feed xmlns="http://www.w3.org/2005/Atom" xml:base="https://site.example/blog/" xml:lang="en"><title>r</title><id>urn:r</id><updated>${iso()}</updated>
<entry><id>urn:r1</id><title>Relative</title><link href="posts/1?utm_source=feed"/><updated>${iso()}</updated><content type="html">&lt;p&gt;&lt;a href="../about" onclick="steal()"&gt;about&lt;/a&gt; &lt;img src="img/x.png"&gt;&lt;script&gt;steal()&lt;/script&gt;&lt;a href="javascript:steal()"&gt;x&lt;/a&gt;&lt;/p&gt;</content></entry></feed>`,
    });
    const [row] = await waitFor(async () => {
      const r = await originals(section);
      return r.length ? r : null;
    }, 'relative item');
    expect(row.canonical_url).toBe('https://site.example/blog/posts/1');
    expect(row.body_html).toContain('href="https://site.example/about"');
    // Content resolves against the xml:base in scope (RFC 4287), not against the entry link.
    expect(row.body_html).toContain('src="https://site.example/blog/img/x.png"');
    // Sanitised on the way in (the parser applies the same rules as every write).
    expect(row.body_html).not.toMatch(/script|onclick|javascript:|steal/);
  });

  it('conditional GET: the second poll is one 304 and no parse; an identical body without validators is not parsed either', async () => {
    const body = rss([{ guid: 'c-1', title: 'Conditional' }]);
    const { feedId } = await register('/conditional.xml', (req): Served =>
      req.headers['if-none-match'] === '"v1"' ? { status: 304, headers: { etag: '"v1"' } } : { headers: { 'content-type': 'application/rss+xml', etag: '"v1"' }, body },
    );
    await polledOnce(feedId);
    const hitsBefore = server.hitsFor('/conditional.xml').length;
    expect(await refresh(feedId)).toMatchObject({ outcome: 'not-modified' });
    const hits = server.hitsFor('/conditional.xml').slice(hitsBefore);
    expect(hits).toHaveLength(1);
    expect(hits[0].headers['if-none-match']).toBe('"v1"');

    const { feedId: plain } = await register('/no-validators.xml', { body: rss([{ guid: 'n-1', title: 'No validators' }]) });
    await polledOnce(plain);
    expect(await refresh(plain)).toMatchObject({ outcome: 'unchanged' });
  });

  it('duplicate and updated items across polls: one article, revision bumped', async () => {
    const path = '/updates.xml';
    const { section, feedId } = await register(path, { body: rss([{ guid: 'u-1', title: 'Before', description: 'old' }, { guid: 'u-2', title: 'Stays' }]) });
    await waitFor(async () => (await originals(section)).length === 2, 'two items');
    server.routes.set(path, { body: rss([{ guid: 'u-1', title: 'After', description: 'new' }, { guid: 'u-2', title: 'Stays' }, { guid: 'u-2', title: 'Stays' }]) });
    expect(await refresh(feedId)).toMatchObject({ outcome: 'ingested', report: expect.objectContaining({ created: 0, updated: 1, unchanged: 1 }) });
    expect((await originals(section)).map((a) => a.title)).toEqual(['After', 'Stays']);
    const revs = await t.dataSource.query(`SELECT source_revision FROM articles WHERE section_id = $1 ORDER BY source_revision`, [section.id]);
    expect(revs.map((r: { source_revision: number }) => r.source_revision)).toEqual([1, 2]);
  });

  it('a feed that is HTML, and a truncated feed, fail clearly and back off', async () => {
    const { feedId: html } = await register('/page.html', { headers: { 'content-type': 'text/html' }, body: '<!doctype html><html><head><title>x</title></head><body><p>hi</p></body></html>' });
    const failing = await waitFor(async () => {
      const f = await feedState(html, 'fr');
      return f?.status === 'FAILING' ? f : null;
    }, 'HTML feed failing');
    expect(failing.consecutiveFailures).toBe(1);
    expect(failing.lastError).toBeTruthy();
    expect(new Date(failing.nextFetchAt).getTime()).toBeGreaterThan(new Date(failing.lastFetchedAt).getTime() + 50_000);

    const full = rss([{ guid: 'tr-1', title: 'Truncated one' }, { guid: 'tr-2', title: 'Truncated two' }]);
    const { feedId: truncated, section } = await register('/truncated.xml', { body: full.slice(0, full.indexOf('Truncated two') + 5) });
    const state = await waitFor(async () => {
      const f = await feedState(truncated);
      return f?.lastFetchedAt ? f : null;
    }, 'truncated feed polled');
    // Refused as malformed, as a whole: not even the complete first item is stored, and the feed backs off.
    expect({ status: state.status, consecutiveFailures: state.consecutiveFailures }).toEqual({ status: 'FAILING', consecutiveFailures: 1 });
    expect(state.lastError).toMatch(/^The feed is malformed: .+\.$/);
    const [{ last_error: code }] = await t.dataSource.query(`SELECT last_error FROM feeds WHERE id = $1`, [truncated]);
    expect(code.key).toBe('fetch:parse.malformed');
    expect(await originals(section)).toEqual([]);
  });

  it('billion laughs and external entities through the worker: nothing expanded, fetched or injected into the rows', async () => {
    const lols = ['<!ENTITY lol "lol">'];
    for (let i = 1; i <= 9; i++) lols.push(`<!ENTITY lol${i} "${`&lol${i - 1 || ''};`.repeat(10)}">`);
    const hostile = (subset: string, title: string, description: string) =>
      `<?xml version="1.0"?><!DOCTYPE rss [${subset}]><rss version="2.0"><channel><title>Hostile</title><link>https://site.example/</link><language>en</language>` +
      `<item><guid>h-1</guid><title>${title}</title><description>${description}</description></item></channel></rss>`;
    server.routes.set('/evil.dtd', { headers: { 'content-type': 'application/xml-dtd' }, body: '<!ENTITY leak "LEAKED">' });
    const laughs = await register('/laughs.xml', { body: hostile(lols.join(''), 'Laughs &lol9;', 'Body &lol9; end') });
    const xxe = await register('/xxe.xml', {
      body: hostile(
        `<!ENTITY xxe SYSTEM "file:///etc/passwd"><!ENTITY % pe SYSTEM "${server.url('/evil.dtd')}"> %pe; <!ENTITY inject "<item><guid>h-2</guid><title>Injected</title></item>">`,
        'Entities &xxe;',
        'Body &inject; &leak; end',
      ),
    });
    for (const { feedId } of [laughs, xxe]) await polledOnce(feedId);

    const rows = async (s: SectionFixture) =>
      await t.dataSource.query<{ title: string; summary: string | null; body_html: string | null }[]>(
        `SELECT t.title, t.summary, t.body_html FROM articles a JOIN translations t ON t.article_id = a.id WHERE a.section_id = $1`,
        [s.id],
      );
    // One item each, its text as written: no entity expanded (no "lollol..."), no file read, no element injected.
    for (const [{ section, feedId }, title] of [[laughs, 'Laughs &lol9;'], [xxe, 'Entities &xxe;']] as const) {
      const stored = await rows(section);
      expect(stored.map((r) => r.title)).toEqual([title]);
      expect(JSON.stringify(stored)).not.toMatch(/lollol|root:|Injected|LEAKED/);
      expect(await feedState(feedId)).toMatchObject({ status: 'ACTIVE', consecutiveFailures: 0, lastError: null, itemCount: 1 });
    }
    // The external parameter entity's DTD was never fetched (and a public one would have tripped the network guard).
    expect(server.hitsFor('/evil.dtd')).toEqual([]);
  });

  it('back-off: FAILING with a growing delay, DISABLED after FEED_MAX_FAILURES, resumed by an editor', async () => {
    const { feedId } = await register('/broken.xml', { status: 500, body: 'oops' });
    await polledOnce(feedId);
    const delays: number[] = [];
    let state = await feedState(feedId);
    delays.push(new Date(state.nextFetchAt).getTime() - new Date(state.lastFetchedAt).getTime());
    expect(state).toMatchObject({ status: 'FAILING', consecutiveFailures: 1 });
    expect(state.lastError).toMatch(/500/);
    await refresh(feedId);
    state = await feedState(feedId);
    expect(state).toMatchObject({ status: 'FAILING', consecutiveFailures: 2 });
    delays.push(new Date(state.nextFetchAt).getTime() - new Date(state.lastFetchedAt).getTime());
    expect(delays[1]).toBeGreaterThan(delays[0] * 1.5);
    await refresh(feedId);
    state = await feedState(feedId, 'sv');
    expect(state).toMatchObject({ status: 'DISABLED', consecutiveFailures: 3, nextFetchAt: null });
    const disabled = await t.gql(`query { feeds(status: DISABLED) { id } }`, { key: editor });
    expect(disabled.data!.feeds.map((f: { id: string }) => f.id)).toContain(feedId);

    server.routes.set('/broken.xml', { body: rss([{ guid: 'fixed', title: 'Fixed' }]) });
    const resumed = await t.gql(`mutation($id: ID!) { resumeFeed(id: $id) { status consecutiveFailures } }`, { key: editor, variables: { id: feedId } });
    expect(resumed.data!.resumeFeed).toEqual({ status: 'ACTIVE', consecutiveFailures: 0 });
    await waitFor(async () => (await feedState(feedId)).lastSuccessAt, 'polled after resume');
    expect(await feedState(feedId)).toMatchObject({ status: 'ACTIVE', lastError: null, itemCount: 1 });
  });

  it('a section that pushes is still polled, at the maximum interval, as a backup', async () => {
    const items = Array.from({ length: 50 }, (_, i) => ({ guid: `p-${i}`, title: `Pushed ${i}`, pubDate: new Date(Date.now() - i * 60_000).toUTCString() }));
    server.routes.set('/pushing.xml', { body: rss(items) });
    const section = await makeSection(t, admin);
    const secret = await t.gql(`mutation($s: String!) { rotatePushSecret(section: $s) }`, { key: admin, variables: { s: section.slug } });
    expect(secret.errors).toBeUndefined();
    // As a signed push would record it.
    await t.dataSource.query(`UPDATE section_push_secrets SET last_push_at = now() WHERE section_id = $1`, [section.id]);
    const res = await t.gql(`mutation($input: RegisterFeedInput!) { registerFeed(input: $input) { id } }`, {
      key: editor,
      variables: { input: { section: section.slug, url: server.url('/pushing.xml') } },
    });
    const state = await waitFor(async () => {
      const f = await feedState(res.data!.registerFeed.id);
      return f?.lastSuccessAt ? f : null;
    }, 'pushing feed');
    // A busy feed (50 items in the last hour) would be polled every few minutes; a pushing section's is daily.
    expect(new Date(state.nextFetchAt).getTime() - new Date(state.lastFetchedAt).getTime()).toBe(24 * 60 * 60_000);
  });

  it('schedules by publishing rate, never sooner than the TTL asks', async () => {
    const items = Array.from({ length: 50 }, (_, i) => ({ guid: `s-${i}`, title: `Recent ${i}`, pubDate: new Date(Date.now() - i * 60_000).toUTCString() }));
    const { feedId } = await register('/rate.xml', { body: rss(items) });
    const state = await waitFor(async () => {
      const f = await feedState(feedId);
      return f?.lastSuccessAt ? f : null;
    }, 'rate feed');
    // A week / 50 items = 201.6 minutes.
    expect(state.pollIntervalMinutes).toBe(202);
    const { feedId: ttl } = await register('/ttl.xml', { body: rss(items, { ttl: 600 }) });
    const withTtl = await waitFor(async () => {
      const f = await feedState(ttl);
      return f?.lastSuccessAt ? f : null;
    }, 'ttl feed');
    expect(new Date(withTtl.nextFetchAt).getTime() - new Date(withTtl.lastFetchedAt).getTime()).toBe(600 * 60_000);
  });
});
