import type { INestApplicationContext } from '@nestjs/common';
import { IngestService } from '../../src/feeds/ingest.service';
import { FeedSource } from '../../src/feed-reader/feed-source';
import { ReadCache } from '../../src/redis/read-cache';
import { startWorkerContext } from '../feeds/support/worker-context';
import { makeArticle, makeSection } from '../support/factories';
import { SqlCounter } from '../support/sql-counter';
import { TestApp } from '../support/test-app';

/**
 * Anonymous reads answered from Redis, shared by two API instances (each with its own Nest application,
 * connections and ReadCache: what they share is Redis, as two processes would), and retired by writes.
 */
describe('read cache', () => {
  const sqlA = new SqlCounter();
  const sqlB = new SqlCounter();
  let a: TestApp;
  let b: TestApp;
  let editor: string;
  let section: string;
  const previous = process.env.READ_CACHE_TTL_SECONDS;

  beforeAll(async () => {
    process.env.READ_CACHE_TTL_SECONDS = '300';
    a = await TestApp.start({ sqlLogger: sqlA });
    b = await TestApp.start({ sqlLogger: sqlB });
    const admin = await a.key('ADMIN');
    editor = await a.key('EDITOR');
    section = (await makeSection(a, admin)).slug;
    await makeArticle(a, editor, section, { title: 'First story' });
  });
  afterAll(async () => {
    if (previous === undefined) delete process.env.READ_CACHE_TTL_SECONDS;
    else process.env.READ_CACHE_TTL_SECONDS = previous;
    await Promise.all([a.close(), b.close()]);
  });

  const LIST = `query($s: String) { articles(section: $s) { totalCount edges { node { translation { title } } } } }`;
  const titles = (res: { data?: Record<string, any> }) =>
    res.data!.articles.edges.map((e: { node: { translation: { title: string } } }) => e.node.translation.title);

  it('answers a repeated anonymous read without PostgreSQL, from either API', async () => {
    const first = await a.gql(LIST, { variables: { s: section } });
    expect(titles(first)).toEqual(['First story']);
    sqlA.reset();
    sqlB.reset();
    // Same query with other whitespace: the key is the printed query.
    const again = await a.gql(LIST.replace(/\s+/g, '  '), { variables: { s: section } });
    const other = await b.gql(LIST, { variables: { s: section } });
    expect(again.data).toEqual(first.data);
    expect(other.data).toEqual(first.data);
    expect(sqlA.count + sqlB.count).toBe(0);
  });

  it('computes a miss once for readers who ask at the same time, never for readers after a write', async () => {
    const cache = a.app.get(ReadCache);
    const name = `stampede ${Date.now()}`;
    let calls = 0;
    let open!: () => void;
    const gate = new Promise<void>((resolve) => (open = resolve));
    const compute = async () => {
      calls += 1;
      const mine = calls;
      await gate;
      return { computation: mine };
    };
    const together = Array.from({ length: 10 }, () => cache.remember(['desk'], name, compute));
    await waitUntil(() => calls === 1);
    // A write while they wait: a reader after it never joins the computation started before it.
    await cache.bump('desk');
    const after = cache.remember(['desk'], name, compute);
    await waitUntil(() => calls === 2);
    open();
    expect(await Promise.all(together)).toEqual(Array.from({ length: 10 }, () => ({ computation: 1 })));
    expect(await after).toEqual({ computation: 2 });
    expect(calls).toBe(2);
  });

  it('keys by negotiated language: another Accept-Language is another entry', async () => {
    await a.gql(LIST, { variables: { s: section }, lang: 'en' });
    sqlA.reset();
    await a.gql(LIST, { variables: { s: section }, lang: 'sv' });
    expect(sqlA.count).toBeGreaterThan(0);
  });

  it('shows a new article on the next read, on both APIs', async () => {
    await a.gql(LIST, { variables: { s: section } });
    await b.gql(LIST, { variables: { s: section } });
    await makeArticle(a, editor, section, { title: 'Second story', publishedAt: new Date(Date.now() + 60_000).toISOString() });
    const fromA = await a.gql(LIST, { variables: { s: section } });
    const fromB = await b.gql(LIST, { variables: { s: section } });
    expect(titles(fromA)).toEqual(['Second story', 'First story']);
    expect(fromB.data).toEqual(fromA.data);
    expect(fromB.data!.articles.totalCount).toBe(2);
  });

  it('shows a published translation on the next read of the article', async () => {
    const article = await makeArticle(a, editor, section, { title: 'Harbour news' });
    const READ = `query($id: ID!) { article(id: $id) { availableLocales translation(locale: "sv", fallback: false) { title } } }`;
    expect((await b.gql(READ, { variables: { id: article.id } })).data!.article.availableLocales).toEqual(['en']);
    const translator = await a.key('TRANSLATOR', { locales: ['sv'] });
    const save = await a.gql(
      `mutation($id: ID!) { saveTranslation(articleId: $id, locale: "sv", input: { title: "Hamnnytt" }) { version } }`,
      { key: translator, variables: { id: article.id } },
    );
    expect(save.errors).toBeUndefined();
    const submit = await a.gql(`mutation($id: ID!, $v: Int!) { submitTranslation(articleId: $id, locale: "sv", expectedVersion: $v) { version } }`, {
      key: translator,
      variables: { id: article.id, v: save.data!.saveTranslation.version },
    });
    expect(submit.errors).toBeUndefined();
    const approve = await a.gql(`mutation($id: ID!) { reviewTranslation(articleId: $id, locale: "sv", decision: APPROVE) { status } }`, {
      key: editor,
      variables: { id: article.id },
    });
    expect(approve.data?.reviewTranslation.status).toBe('PUBLISHED');
    const after = await b.gql(READ, { variables: { id: article.id } });
    expect(after.data!.article).toEqual({ availableLocales: ['en', 'sv'], translation: { title: 'Hamnnytt' } });
  });

  it('shows an edited original on the next read, on the other API', async () => {
    const article = await makeArticle(a, editor, section, { title: 'Ferry timetable' });
    const READ = `query($id: ID!) { article(id: $id) { translation { title version } } }`;
    const before = await b.gql(READ, { variables: { id: article.id } });
    expect(before.data!.article.translation.title).toBe('Ferry timetable');
    const edit = await a.gql(
      `mutation($id: ID!, $v: Int) { saveTranslation(articleId: $id, locale: "en", input: { title: "Ferry timetable changed" }, expectedVersion: $v) { title } }`,
      { key: editor, variables: { id: article.id, v: before.data!.article.translation.version } },
    );
    expect(edit.errors).toBeUndefined();
    expect((await b.gql(READ, { variables: { id: article.id } })).data!.article.translation.title).toBe('Ferry timetable changed');
  });

  it('drops a deleted article from the next list, on the other API', async () => {
    const article = await makeArticle(a, editor, section, { title: 'Withdrawn story', publishedAt: new Date(Date.now() + 120_000).toISOString() });
    expect(titles(await b.gql(LIST, { variables: { s: section } }))).toContain('Withdrawn story');
    const del = await a.gql(`mutation($id: ID!) { deleteArticle(id: $id) }`, { key: editor, variables: { id: article.id } });
    expect(del.errors).toBeUndefined();
    expect(titles(await b.gql(LIST, { variables: { s: section } }))).not.toContain('Withdrawn story');
  });

  it('shows an item the worker ingested on the next read, on both APIs', async () => {
    const admin = await a.key('ADMIN');
    const own = await makeSection(a, admin);
    const LIST_OWN = `query($s: String) { articles(section: $s) { edges { node { translation { title } } } } }`;
    expect(titles(await a.gql(LIST_OWN, { variables: { s: own.slug } }))).toEqual([]);
    expect(titles(await b.gql(LIST_OWN, { variables: { s: own.slug } }))).toEqual([]);
    // The real worker module (a third Nest application on the same Redis): ingestion announces its batches.
    const worker: INestApplicationContext = await startWorkerContext();
    try {
      const doc = `<?xml version="1.0"?><rss version="2.0"><channel><title>Port</title><link>https://port.example/</link>
<item><guid>port-1</guid><title>Dock workers vote</title><pubDate>Tue, 24 Nov 2026 08:00:00 GMT</pubDate></item></channel></rss>`;
      const fetchedAt = new Date();
      const parsed = worker.get(FeedSource).parse(Buffer.from(doc), { contentType: 'application/rss+xml', baseUrl: 'https://port.example/feed', fetchedAt });
      await worker.get(IngestService).ingest(
        { sectionId: own.id, sectionDefaultLocale: 'en', feedId: null, feedLocale: 'en', guidsUnstable: false },
        parsed,
        fetchedAt,
      );
    } finally {
      await worker.close();
    }
    expect(titles(await a.gql(LIST_OWN, { variables: { s: own.slug } }))).toEqual(['Dock workers vote']);
    expect(titles(await b.gql(LIST_OWN, { variables: { s: own.slug } }))).toEqual(['Dock workers vote']);
  });

  it('never serves a key holder from the cache', async () => {
    await a.gql(LIST, { variables: { s: section } });
    sqlA.reset();
    await a.gql(LIST, { variables: { s: section }, key: editor });
    expect(sqlA.count).toBeGreaterThan(0);
  });

  it('gives GET reads an ETag and Cache-Control, and answers 304 to a matching If-None-Match', async () => {
    const query = `{ sections { slug } }`;
    const first = await a.http.get('/graphql').query({ query }).set('apollo-require-preflight', '1');
    expect(first.status).toBe(200);
    expect(first.headers['cache-control']).toBe('public, max-age=30');
    const etag = first.headers.etag;
    expect(etag).toMatch(/^"[\w-]+"$/);
    const second = await a.http.get('/graphql').query({ query }).set('apollo-require-preflight', '1').set('If-None-Match', etag);
    expect(second.status).toBe(304);
  });

  it('marks every other answer no-store, without an ETag: POSTs, and GETs that failed', async () => {
    const posted = await a.http.post('/graphql').send({ query: `{ sections { slug } }` });
    expect([posted.status, posted.headers['cache-control'], posted.headers.etag]).toEqual([200, 'no-store', undefined]);
    const failed = await a.http.get('/graphql').query({ query: `{ article(id: "not-a-uuid") { id } }` }).set('apollo-require-preflight', '1');
    expect(failed.body.errors[0].extensions.code).toBe('BAD_USER_INPUT');
    expect([failed.headers['cache-control'], failed.headers.etag]).toEqual(['no-store', undefined]);
  });

  it('keeps automatic persisted queries in Redis, shared by both APIs', async () => {
    const { createHash } = await import('node:crypto');
    const query = `{ locales { code } }`;
    const sha256Hash = createHash('sha256').update(query).digest('hex');
    const extensions = { persistedQuery: { version: 1, sha256Hash } };
    const unknown = await b.http.post('/graphql').send({ extensions });
    expect(unknown.body.errors[0].extensions.code).toBe('PERSISTED_QUERY_NOT_FOUND');
    const registered = await a.http.post('/graphql').send({ query, extensions });
    expect(registered.body.data.locales.length).toBeGreaterThan(0);
    const byHash = await b.http.post('/graphql').send({ extensions });
    expect(byHash.body.data).toEqual(registered.body.data);
  });
});

async function waitUntil(condition: () => boolean): Promise<void> {
  for (let i = 0; i < 500 && !condition(); i++) await new Promise((resolve) => setTimeout(resolve, 10));
  if (!condition()) throw new Error('condition not reached in 5 s');
}
