import { createClient, type Client } from 'graphql-ws';
import type { AddressInfo } from 'node:net';
import WebSocket from 'ws';
import { RedisService } from '../../src/redis/redis.service';
import { RedisPubSub } from '../../src/redis/redis-pubsub';
import { PUBLISHED_CHANNEL } from '../../src/articles';
import { neededChannel } from '../../src/translations/translation-events';
import { subscribedInRedis, unsubscribedInRedis } from '../support/subscribed';
import { TestApp } from '../support/test-app';
import { keyNamed, makeArticle, makeSection, REVIEW, SAVE, SUBMIT, unique } from './support';

type Result = { data?: Record<string, any> | null; errors?: { message: string; extensions?: Record<string, unknown> }[] };

/** Two API processes' worth of Nest apps, each listening on its own loopback port, sharing only PostgreSQL and Redis. */
describe('subscriptions over graphql-ws across two API instances (Redis pub/sub)', () => {
  let a: TestApp;
  let b: TestApp;
  let portB: number;
  const clients: Client[] = [];
  let admin: string;
  let editor: string;
  let amina: string;
  let claire: string;
  let section: string;

  const listen = async (t: TestApp) => {
    await t.app.listen(0, '127.0.0.1');
    return (t.app.getHttpServer().address() as AddressInfo).port;
  };

  beforeAll(async () => {
    a = await TestApp.start();
    b = await TestApp.start();
    await listen(a);
    portB = await listen(b);
    admin = await a.key('ADMIN');
    editor = await keyNamed(a, 'EDITOR', 'Subscription editor');
    amina = await keyNamed(a, 'TRANSLATOR', `Amina ${unique()}`, { locales: ['ur'] });
    claire = await keyNamed(a, 'TRANSLATOR', 'Claire', { locales: ['fr'] });
    section = (await makeSection(a, admin)).slug;
  });
  afterAll(async () => {
    await Promise.all(clients.map((c) => Promise.resolve(c.dispose())));
    await a.close();
    await b.close();
  });

  const client = (connectionParams: Record<string, unknown> = {}) => {
    const c = createClient({ url: `ws://127.0.0.1:${portB}/graphql`, webSocketImpl: WebSocket, connectionParams, retryAttempts: 0 });
    clients.push(c);
    return c;
  };

  /** Subscribes on instance B and waits until Redis confirmed B's SUBSCRIBE to the channel. */
  async function subscribe(c: Client, query: string, variables: Record<string, unknown>, channel: string) {
    const pubsub = b.app.get(RedisPubSub);
    const before = pubsub.listenerCount(channel);
    const iterator = c.iterate<Record<string, any>>({ query, variables })[Symbol.asyncIterator]();
    const first = iterator.next();
    await subscribedInRedis(pubsub, channel, before);
    return { first: first as Promise<IteratorResult<Result>>, iterator };
  }

  const NEEDED = `subscription($locale: String!) { translationNeeded(locale: $locale) {
    locale reason article { id } source { locale title isOriginal } claimedBy } }`;
  const PUBLISHED = `subscription($locale: String, $section: String) { articlePublished(locale: $locale, section: $section) {
    id section { slug } translation { locale title isStale } } }`;

  it('translationNeeded fires on instance B when instance A creates an article', async () => {
    const { first, iterator } = await subscribe(client({ Authorization: `Bearer ${amina}` }), NEEDED, { locale: 'ur-PK' }, neededChannel('ur'));
    expect(a.app.get(RedisPubSub).listenerCount(neededChannel('ur'))).toBe(0); // nothing shared in memory
    const { id } = await makeArticle(a, editor, section, { title: 'A new article to translate' });
    const { value } = await first;
    expect(value.errors).toBeUndefined();
    expect(value.data!.translationNeeded).toEqual({
      locale: 'ur',
      reason: 'MISSING',
      article: { id },
      source: { locale: 'en', title: 'A new article to translate', isOriginal: true },
      claimedBy: null,
    });
    await iterator.return?.();
  });

  it('translationNeeded fires as STALE when the original of a published translation changes', async () => {
    const { id } = await makeArticle(a, editor, section, { title: 'Before the edit' });
    const saved = (await a.gql(SAVE, { key: amina, variables: { id, locale: 'ur', input: { title: 'ترمیم سے پہلے' } } })).data!.saveTranslation;
    await a.gql(SUBMIT, { key: amina, variables: { id, locale: 'ur', v: saved.version } });
    await a.gql(REVIEW, { key: editor, variables: { id, locale: 'ur', decision: 'APPROVE' } });

    const { first, iterator } = await subscribe(client({ Authorization: `Bearer ${amina}` }), NEEDED, { locale: 'ur' }, neededChannel('ur'));
    const edit = await a.gql(SAVE, { key: editor, variables: { id, locale: 'en', v: 1, input: { title: 'After the edit' } } });
    expect(edit.errors).toBeUndefined();
    const { value } = await first;
    expect(value.data!.translationNeeded).toMatchObject({ locale: 'ur', reason: 'STALE', article: { id }, source: { title: 'After the edit' } });
    await iterator.return?.();
  });

  it('articlePublished fires on B when A approves a translation, filtered by locale and section', async () => {
    const other = (await makeSection(a, admin)).slug;
    const { first, iterator } = await subscribe(client(), PUBLISHED, { locale: 'ur', section }, PUBLISHED_CHANNEL);
    const approve = async (sectionSlug: string, locale: string, title: string) => {
      const { id } = await makeArticle(a, editor, sectionSlug);
      const key = locale === 'ur' ? amina : claire;
      const saved = (await a.gql(SAVE, { key, variables: { id, locale, input: { title } } })).data!.saveTranslation;
      await a.gql(SUBMIT, { key, variables: { id, locale, v: saved.version } });
      const res = await a.gql(REVIEW, { key: editor, variables: { id, locale, decision: 'APPROVE' } });
      expect(res.errors).toBeUndefined();
      return id;
    };
    await approve(other, 'ur', 'دوسرا حصہ'); // another section: filtered out
    // An announcement whose article is gone by delivery is skipped, never a null for the non-null field.
    await a.app.get(RedisPubSub).publish(PUBLISHED_CHANNEL, { articleId: '00000000-0000-4000-8000-000000000000', locale: 'ur', sectionId: '00000000-0000-4000-8000-000000000000', sectionSlug: section });
    await approve(section, 'fr', 'Autre langue'); // another language: filtered out
    const id = await approve(section, 'ur', 'شائع شدہ');
    const { value } = await first;
    expect(value.errors).toBeUndefined();
    expect(value.data!.articlePublished).toEqual({ id, section: { slug: section }, translation: { locale: 'ur', title: 'شائع شدہ', isStale: false } });
    await iterator.return?.();
  });

  it('authenticates from connectionParams and answers in the negotiated language', async () => {
    const forbidden = client({ Authorization: `Bearer ${claire}`, 'Accept-Language': 'sv-SE' });
    const iterator = forbidden.iterate({ query: NEEDED, variables: { locale: 'ur' } })[Symbol.asyncIterator]();
    const { value } = (await iterator.next()) as IteratorResult<Result>;
    expect(value.errors![0].extensions!.code).toBe('FORBIDDEN');
    expect(value.errors![0].message).toMatch(/gäller inte språket ”ur”/);

    // Without connectionParams the upgrade request's Accept-Language decides.
    class FrenchSocket extends WebSocket {
      constructor(url: string, protocols?: string | string[]) {
        super(url, protocols, { headers: { 'Accept-Language': 'fr-CA,fr;q=0.9' } });
      }
    }
    const french = createClient({
      url: `ws://127.0.0.1:${portB}/graphql`,
      webSocketImpl: FrenchSocket,
      connectionParams: { Authorization: `Bearer ${claire}` },
      retryAttempts: 0,
    });
    clients.push(french);
    const fr = (await french.iterate({ query: NEEDED, variables: { locale: 'ur' } })[Symbol.asyncIterator]().next()) as IteratorResult<Result>;
    expect(fr.value.errors![0].extensions!.code).toBe('FORBIDDEN');
    expect(fr.value.errors![0].message).not.toBe(value.errors![0].message);
    expect(fr.value.errors![0].message).toContain('« ur »');

    const anonymous = client().iterate({ query: NEEDED, variables: { locale: 'ur' } })[Symbol.asyncIterator]();
    const anon = (await anonymous.next()) as IteratorResult<Result>;
    expect(anon.value.errors![0].extensions!.code).toBe('UNAUTHENTICATED');

    const badKey = client({ Authorization: 'Bearer nd_not-a-key' });
    await expect(badKey.iterate({ query: NEEDED, variables: { locale: 'ur' } })[Symbol.asyncIterator]().next()).rejects.toMatchObject({ code: 4403 });
  });

  it('unsubscribes from Redis when the client goes away', async () => {
    const pubsub = b.app.get(RedisPubSub);
    const channel = neededChannel('fr');
    const c = client({ Authorization: `Bearer ${claire}` });
    await subscribe(c, NEEDED, { locale: 'fr' }, channel);
    expect(pubsub.listenerCount(channel)).toBe(1);
    await c.dispose();
    await unsubscribedInRedis(pubsub, channel);
    expect(pubsub.listenerCount(channel)).toBe(0);
    const redis = b.app.get(RedisService).client;
    const [, subscribers] = (await redis.pubsub('NUMSUB', pubsub.channel(channel))) as [string, number];
    expect(Number(subscribers)).toBe(0);
  });

  it('applies the query limits to subscriptions too', async () => {
    const deep = `subscription { articlePublished { section { feeds { section { feeds { section { slug } } } } } } }`;
    const iterator = client().iterate({ query: deep })[Symbol.asyncIterator]();
    const error = await iterator.next().then(
      () => null,
      (errors: { message: string; extensions: Record<string, unknown> }[]) => errors[0],
    );
    expect(error?.extensions.code).toBe('GRAPHQL_VALIDATION_FAILED');
    expect(String(error?.extensions.detail)).toMatch(/depth/i);
  });
});
