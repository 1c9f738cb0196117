import { createClient, type Client } from 'graphql-ws';
import type { AddressInfo } from 'node:net';
import type { QueryRunner } from 'typeorm';
import WebSocket from 'ws';
import { MENTION_FOUND_CHANNEL, type MentionFoundEvent } from '../../src/mentions/mention-events';
import { RedisPubSub } from '../../src/redis/redis-pubsub';
import { makeArticle, makeSection, unique } from '../support/factories';
import { subscribedInRedis } from '../support/subscribed';
import { TestApp } from '../support/test-app';
import { setEnv } from '../support/env';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;
/** pg-pool's words: none of them may reach a client. */
const RAW = /timeout exceeded|when trying to connect|pg-pool|postgres/i;

/**
 * An API whose database pool is exhausted (its one connection held, a 100 ms connect timeout) answers every
 * request that needs a connection with a translated SERVICE_UNAVAILABLE saying it is busy, and keeps running: a pool connect
 * that times out never becomes an unhandled rejection (Jest fails the test that caused one), on the paths a
 * request takes to the database: the key lookup, resolvers, DataLoader batches, the read cache's misses,
 * REST routes and subscription events.
 */
describe('database pool exhausted: coded errors, no crash', () => {
  let t: TestApp;
  let port: number;
  let editor: string;
  let section: { slug: string };
  let slug: string;
  let held: QueryRunner | null = null;
  let ws: Client;
  const env = { DATABASE_POOL_SIZE: '1', DATABASE_CONNECT_TIMEOUT_MS: '100', READ_CACHE_TTL_SECONDS: '30' };
  let restoreEnv = () => {};

  beforeAll(async () => {
    restoreEnv = setEnv(env);
    t = await TestApp.start();
    await t.app.listen(0, '127.0.0.1');
    port = (t.app.getHttpServer().address() as AddressInfo).port;
    const admin = await t.key('ADMIN');
    editor = await t.key('EDITOR');
    section = await makeSection(t, admin);
    const { id } = await makeArticle(t, editor, section.slug, { title: `Held pool ${unique()}` });
    [{ slug }] = await t.dataSource.query(`SELECT slug FROM translations WHERE article_id = $1`, [id]);
    const term = `Pool${unique()}`;
    const watch = await t.gql(`mutation($input: CreateWatchInput!) { createWatch(input: $input) { id } }`, {
      key: editor,
      variables: { input: { name: 'Pool watch', terms: [{ text: term }], section: section.slug } },
    });
    await t.gql(`mutation($input: ReportMentionInput!) { reportMention(input: $input) { id } }`, {
      key: editor,
      variables: { input: { url: `https://pool.example/${term}`, text: `A story about ${term}.`, sourceName: 'Pool', watch: watch.data!.createWatch.id } },
    });
    ws = createClient({ url: `ws://127.0.0.1:${port}/graphql`, webSocketImpl: WebSocket, connectionParams: { Authorization: `Bearer ${editor}` }, retryAttempts: 0 });
  });
  afterAll(async () => {
    await held?.release();
    await ws?.dispose();
    await t?.close();
    restoreEnv();
  });

  /** Takes the pool's only connection (an open transaction, as a long request would hold it). */
  const hold = async () => {
    held = t.dataSource.createQueryRunner();
    await held.startTransaction();
  };
  const letGo = async () => {
    await held!.rollbackTransaction();
    await held!.release();
    held = null;
  };
  /** A 503 with the outage's code and error id, its message in `words`' language (the id in it), nothing of the driver. */
  const expectOutage = (res: { status: number; errors?: { message: string; extensions: Record<string, unknown> }[] }, words: string | RegExp) => {
    expect(res.status).toBe(503);
    expect(res.errors?.[0].extensions).toMatchObject({ code: 'SERVICE_UNAVAILABLE', errorId: expect.stringMatching(UUID) });
    expect(res.errors?.[0].message).toMatch(words);
    expect(res.errors?.[0].message).toContain(res.errors?.[0].extensions.errorId);
    expect(JSON.stringify(res.errors)).not.toMatch(RAW);
  };

  const LIST = `query($s: String) { articles(section: $s, first: 5) { edges { node { id section { slug } translation { title } missingLocales } } } }`;
  const ONE = `query($s: String, $slug: String) { article(section: $s, slug: $slug) { id translations { locale title } section { slug } } }`;

  it('answers reads, keyed requests, DataLoader fields and REST routes with SERVICE_UNAVAILABLE while the pool is held, then recovers', async () => {
    await hold();
    try {
      // Anonymous, through the read cache (a miss) to the resolvers and their DataLoaders, in parallel.
      const [list, one, sections] = await Promise.all([
        t.gql(LIST, { lang: 'sv', variables: { s: section.slug } }),
        t.gql(ONE, { lang: 'fr', variables: { s: section.slug, slug } }),
        t.gql(`{ sections { slug feeds { id } } }`, { lang: 'es' }),
      ]);
      expectOutage(list, 'för upptagen');
      expectOutage(one, 'trop occupé');
      expect(sections.status).toBe(503);
      // With a key: the lookup of the key itself needs a connection.
      expectOutage(await t.gql(`{ feeds { id section { slug } } }`, { key: editor, lang: 'sv' }), 'för upptagen');
      const atom = await t.http.get(`/sections/${section.slug}/feeds/en.atom`).set('Accept-Language', 'es');
      expect(atom.status).toBe(503);
      expect(atom.body).toEqual({ code: 'SERVICE_UNAVAILABLE', errorId: expect.stringMatching(UUID), message: expect.stringContaining('demasiado ocupado') });
    } finally {
      await letGo();
    }
    const after = await t.gql(LIST, { variables: { s: section.slug } });
    expect(after.errors).toBeUndefined();
    expect(after.data!.articles.edges).toHaveLength(1);
  });

  it('a subscription event that cannot be loaded ends that subscription with a translated error, and the socket serves the next one', async () => {
    const pubsub = t.app.get(RedisPubSub);
    const before = pubsub.listenerCount(MENTION_FOUND_CHANNEL);
    const iterator = ws.iterate({ query: `subscription { mentionFound { id watch { name } } }` })[Symbol.asyncIterator]();
    const first = iterator.next().then(
      (value) => ({ value, error: null }),
      (error: unknown) => ({ value: null, error }),
    );
    await subscribedInRedis(pubsub, MENTION_FOUND_CHANNEL, before);
    await hold();
    try {
      // Straight onto the channel: MentionEvents.found also announces webhooks, which need the database too.
      await pubsub.publish(MENTION_FOUND_CHANNEL, { mentionId: '00000000-0000-4000-8000-000000000000', watchId: '00000000-0000-4000-8000-000000000001' } satisfies MentionFoundEvent);
      const { error } = await first;
      const errors = error as { message: string; extensions: Record<string, unknown> }[];
      expect(errors[0].extensions).toMatchObject({ code: 'SERVICE_UNAVAILABLE', errorId: expect.stringMatching(UUID) });
      expect(errors[0].message).toContain('too busy');
      expect(JSON.stringify(errors)).not.toMatch(RAW);
    } finally {
      await letGo();
    }
    const again = await t.gql(`{ sections { slug } }`);
    expect(again.errors).toBeUndefined();
  });

  it('a burst on every read path, more than the pool can serve in time: each answered (200, or a coded 503), none crashes the API', async () => {
    // Messages in Swedish (Accept-Language), or in the language a `locale` argument names (it sets the language of messages too).
    const reads: [query: string, key?: string][] = [
      [`{ articles(first: 5) { totalCount edges { node { id section { slug } translation { title } missingLocales } } } }`],
      [`{ articles(first: 5, tag: "none") { edges { node { id } } } }`],
      [`{ search(query: "pool", locale: "sv", first: 5) { totalCount edges { node { locale snippet } } } }`],
      [ONE.replace('query($s: String, $slug: String)', '').replace('$s', `"${section.slug}"`).replace('$slug', `"${slug}"`)],
      [`{ sections { slug } locales { code } }`],
      [`{ mentions(first: 5) { totalCount edges { node { id sections { slug } articles { id } watch { name mentionCount section { slug } } story { outlets { sourceName } } } } } }`, editor],
      [`{ translationQueue(locale: "zh", first: 5) { totalCount edges { node { reason article { id } source { title } } } } }`, editor],
      [`{ translationCoverage { locale percent } }`, editor],
      [`{ feeds { id section { slug } } }`, editor],
      [`{ exportOpml(section: "${section.slug}") }`, editor],
    ];
    const burst = Array.from({ length: 4 }, () => reads).flat();
    const answers = await Promise.all(burst.map(([query, key]) => t.gql(query, { key, lang: 'sv' })));
    answers.forEach((res) => {
      if (res.status === 200 && !res.errors) return;
      expectOutage(res, /för upptagen|过于繁忙/);
    });
    const after = await t.gql(reads[5][0], { key: editor });
    expect(after.errors).toBeUndefined();
    expect(after.data!.mentions.edges[0].node.sections).toEqual([{ slug: section.slug }]);
  });
});
