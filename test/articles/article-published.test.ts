import type { INestApplicationContext } from '@nestjs/common';
import { createClient, type Client } from 'graphql-ws';
import type { AddressInfo } from 'node:net';
import WebSocket from 'ws';
import { PUBLISHED_CHANNEL } from '../../src/articles';
import { FeedSource } from '../../src/feed-reader/feed-source';
import { IngestService } from '../../src/feeds/ingest.service';
import { RedisPubSub } from '../../src/redis/redis-pubsub';
import { startWorkerContext } from '../feeds/support/worker-context';
import { makeArticle, makeSection, type SectionFixture } from '../support/factories';
import { subscribedInRedis } from '../support/subscribed';
import { TestApp } from '../support/test-app';
import { SAVE } from '../translations/support';

type Result = { data?: Record<string, any> | null; errors?: { message: string }[] };

/**
 * `articlePublished` hears every publication (createArticle, ingestion in the worker, an edited original),
 * on every API process: two Nest apps on the same Redis, a graphql-ws client on each, and the worker module
 * as a third application.
 */
describe('articlePublished fires for every publication, on every API process', () => {
  let a: TestApp;
  let b: TestApp;
  let editor: string;
  let admin: string;
  const ports = new Map<TestApp, number>();
  const clients: Client[] = [];

  beforeAll(async () => {
    a = await TestApp.start();
    b = await TestApp.start();
    for (const t of [a, b]) {
      await t.app.listen(0, '127.0.0.1');
      ports.set(t, (t.app.getHttpServer().address() as AddressInfo).port);
    }
    admin = await a.key('ADMIN');
    editor = await a.key('EDITOR');
  });
  afterAll(async () => {
    await Promise.all(clients.map((c) => Promise.resolve(c.dispose())));
    await Promise.all([a.close(), b.close()]);
  });

  const PUBLISHED = `subscription($locale: String, $section: String) { articlePublished(locale: $locale, section: $section) {
    id section { slug } translation { locale title } } }`;

  /** A client on `t` subscribed to the section's publications in English, once Redis confirmed `t`'s SUBSCRIBE. */
  async function subscribe(t: TestApp, section: string) {
    const c = createClient({ url: `ws://127.0.0.1:${ports.get(t)}/graphql`, webSocketImpl: WebSocket, retryAttempts: 0 });
    clients.push(c);
    const pubsub = t.app.get(RedisPubSub);
    const before = pubsub.listenerCount(PUBLISHED_CHANNEL);
    const iterator = c.iterate<Record<string, any>>({ query: PUBLISHED, variables: { locale: 'en', section } })[Symbol.asyncIterator]();
    const next = async () => {
      const { value } = (await iterator.next()) as IteratorResult<Result>;
      expect(value.errors).toBeUndefined();
      return value.data!.articlePublished as { id: string; section: { slug: string }; translation: { locale: string; title: string } };
    };
    const first = next();
    await subscribedInRedis(pubsub, PUBLISHED_CHANNEL, before);
    return { first, next, close: () => iterator.return?.() };
  }

  const ingestInWorker = async (worker: INestApplicationContext, section: SectionFixture, doc: string) => {
    const fetchedAt = new Date();
    const parsed = worker.get(FeedSource).parse(Buffer.from(doc), { contentType: 'application/rss+xml', baseUrl: 'https://port.example/feed', fetchedAt });
    return worker.get(IngestService).ingest({ sectionId: section.id, sectionDefaultLocale: 'en', feedId: null, feedLocale: 'en', guidsUnstable: false }, parsed, fetchedAt);
  };

  it('hears createArticle on both APIs, in the subscribed locale only, and an edited original', async () => {
    const section = await makeSection(a, admin);
    const onA = await subscribe(a, section.slug);
    const onB = await subscribe(b, section.slug);
    await makeArticle(a, editor, section.slug, { locale: 'fr', title: 'Un article en français' }); // another locale: not heard
    const { id } = await makeArticle(a, editor, section.slug, { title: 'Harbour reopens' });
    const expected = { id, section: { slug: section.slug }, translation: { locale: 'en', title: 'Harbour reopens' } };
    expect(await onA.first).toEqual(expected);
    expect(await onB.first).toEqual(expected);

    const secondOnB = onB.next();
    const edit = await a.gql(SAVE, { key: editor, variables: { id, locale: 'en', v: 1, input: { title: 'Harbour reopens at dawn' } } });
    expect(edit.errors).toBeUndefined();
    expect(await secondOnB).toEqual({ ...expected, translation: { locale: 'en', title: 'Harbour reopens at dawn' } });
    await Promise.all([onA.close(), onB.close()]);
  });

  it('hears an item the worker ingested, once: ingesting the same document again publishes nothing', async () => {
    const section = await makeSection(a, admin);
    const onA = await subscribe(a, section.slug);
    const onB = await subscribe(b, section.slug);
    const doc = `<?xml version="1.0"?><rss version="2.0"><channel><title>Port</title><link>https://port.example/</link>
<item><guid>port-1</guid><title>Dock workers vote</title><link>https://port.example/dock</link><pubDate>Tue, 24 Nov 2026 08:00:00 GMT</pubDate></item></channel></rss>`;
    const worker = await startWorkerContext();
    try {
      expect((await ingestInWorker(worker, section, doc)).created).toBe(1);
      const heard = await onB.first;
      expect(heard).toMatchObject({ section: { slug: section.slug }, translation: { locale: 'en', title: 'Dock workers vote' } });
      expect(await onA.first).toEqual(heard);

      // Idempotent: the second ingestion changes nothing, so the next thing heard is the article created after it.
      const next = onB.next();
      expect((await ingestInWorker(worker, section, doc)).unchanged).toBe(1);
      const { id } = await makeArticle(a, editor, section.slug, { title: 'After the second poll' });
      expect(await next).toMatchObject({ id, translation: { title: 'After the second poll' } });
    } finally {
      await worker.close();
      await Promise.all([onA.close(), onB.close()]);
    }
  });
});
