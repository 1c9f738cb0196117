import { createClient, type Client } from 'graphql-ws';
import type { AddressInfo } from 'node:net';
import WebSocket from 'ws';
import { RedisPubSub } from '../../src/redis/redis-pubsub';
import { changedChannel } from '../../src/translations/translation-events';
import { subscribedInRedis } from '../support/subscribed';
import { TestApp } from '../support/test-app';
import { CLAIM, keyNamed, makeArticle, makeSection, RELEASE, REVIEW, SAVE, SUBMIT, unique } from './support';

type Result = { data?: Record<string, any> | null; errors?: { message: string; extensions?: Record<string, unknown> }[] };

const VIEWER = `{ viewer { name role locales section { slug } email locale } }`;
const REVIEW_QUEUE = `query($locale: String, $section: String, $first: Int, $after: String) {
  reviewQueue(locale: $locale, section: $section, first: $first, after: $after) {
    totalCount pageInfo { hasNextPage endCursor }
    edges { node { locale reason status article { id } source { title } translation { title status version } } } } }`;
const CHANGED = `subscription($locale: String!) { translationTaskChanged(locale: $locale) { change articleId locale by } }`;

/** The operations the desk page is built on: who am I, what waits for review, and what changed on other desks. */
describe('desk page operations: viewer, reviewQueue, translationTaskChanged', () => {
  let a: TestApp;
  let b: TestApp;
  let portB: number;
  const clients: Client[] = [];
  let admin: string;
  let editor: string;
  let amina: string;
  let aminaName: string;
  let section: string;

  beforeAll(async () => {
    a = await TestApp.start();
    b = await TestApp.start();
    await b.app.listen(0, '127.0.0.1');
    portB = (b.app.getHttpServer().address() as AddressInfo).port;
    admin = await a.key('ADMIN');
    editor = await keyNamed(a, 'EDITOR', 'Desk editor');
    aminaName = `Amina ${unique()}`;
    amina = await keyNamed(a, 'TRANSLATOR', aminaName, { locales: ['ur', 'fr'] });
    section = (await makeSection(a, admin)).slug;
  });
  afterAll(async () => {
    await Promise.all(clients.map((c) => Promise.resolve(c.dispose())));
    await a.close();
    await b.close();
  });

  it('viewer tells a key its own name, role and locales, and is null without a key', async () => {
    const res = await a.gql(VIEWER, { key: amina });
    expect(res.errors).toBeUndefined();
    expect(res.data!.viewer).toEqual({ name: aminaName, role: 'TRANSLATOR', locales: ['ur', 'fr'], section: null, email: null, locale: null });
    const publisher = await keyNamed(a, 'PUBLISHER', 'Section publisher', { section });
    expect((await a.gql(VIEWER, { key: publisher })).data!.viewer).toMatchObject({ role: 'PUBLISHER', locales: [], section: { slug: section } });
    expect((await a.gql(VIEWER)).data!.viewer).toBeNull();
    expect((await a.gql(VIEWER, { key: 'nd_not-a-key' })).errors![0].extensions.code).toBe('UNAUTHENTICATED');
  });

  it('reviewQueue lists submitted work (new and revisions) oldest first, for editors only', async () => {
    const own = (await makeSection(a, admin)).slug;
    const submit = async (locale: string, title: string) => {
      const { id } = await makeArticle(a, editor, own);
      const saved = (await a.gql(SAVE, { key: amina, variables: { id, locale, input: { title } } })).data!.saveTranslation;
      expect((await a.gql(SUBMIT, { key: amina, variables: { id, locale, v: saved.version } })).errors).toBeUndefined();
      return id;
    };
    const first = await submit('ur', 'پہلا');
    const second = await submit('fr', 'Deuxième');
    // A revision of a published translation is reviewed too (a STALE task submitted again).
    const revised = await submit('ur', 'پرانا');
    await a.gql(REVIEW, { key: editor, variables: { id: revised, locale: 'ur', decision: 'APPROVE' } });
    expect((await a.gql(SAVE, { key: editor, variables: { id: revised, locale: 'en', v: 1, input: { title: 'Changed original' } } })).errors).toBeUndefined();
    const claimed = (await a.gql(CLAIM, { key: amina, variables: { id: revised, locale: 'ur' } })).data!.claimTranslation;
    const resaved = (await a.gql(SAVE, { key: amina, variables: { id: revised, locale: 'ur', v: claimed.version, input: { title: 'نیا' } } })).data!.saveTranslation;
    expect((await a.gql(SUBMIT, { key: amina, variables: { id: revised, locale: 'ur', v: resaved.version } })).errors).toBeUndefined();
    // Work in progress is not for review.
    const { id: unsent } = await makeArticle(a, editor, own);
    await a.gql(SAVE, { key: amina, variables: { id: unsent, locale: 'ur', input: { title: 'ابھی نہیں' } } });

    const all = await a.gql(REVIEW_QUEUE, { key: editor, variables: { section: own } });
    expect(all.errors).toBeUndefined();
    expect(all.data!.reviewQueue.totalCount).toBe(3);
    expect(all.data!.reviewQueue.edges.map((e: any) => [e.node.article.id, e.node.locale, e.node.reason, e.node.status, e.node.translation.title])).toEqual([
      [first, 'ur', 'MISSING', 'SUBMITTED', 'پہلا'],
      [second, 'fr', 'MISSING', 'SUBMITTED', 'Deuxième'],
      [revised, 'ur', 'STALE', 'SUBMITTED', 'نیا'],
    ]);

    const urdu = await a.gql(REVIEW_QUEUE, { key: editor, variables: { section: own, locale: 'ur', first: 1 } });
    expect(urdu.data!.reviewQueue.edges.map((e: any) => e.node.article.id)).toEqual([first]);
    expect(urdu.data!.reviewQueue.pageInfo.hasNextPage).toBe(true);
    const next = await a.gql(REVIEW_QUEUE, { key: editor, variables: { section: own, locale: 'ur', first: 1, after: urdu.data!.reviewQueue.pageInfo.endCursor } });
    expect(next.data!.reviewQueue.edges.map((e: any) => e.node.article.id)).toEqual([revised]);
    expect(next.data!.reviewQueue.pageInfo.hasNextPage).toBe(false);

    await a.gql(REVIEW, { key: editor, variables: { id: first, locale: 'ur', decision: 'REJECT', comment: 'Body too' } });
    const after = await a.gql(REVIEW_QUEUE, { key: editor, variables: { section: own } });
    expect(after.data!.reviewQueue.edges.map((e: any) => e.node.article.id)).toEqual([second, revised]);

    expect((await a.gql(REVIEW_QUEUE, { key: amina })).errors![0].extensions.code).toBe('FORBIDDEN');
    expect((await a.gql(REVIEW_QUEUE, { key: editor, variables: { after: 'forged.cursor' } })).errors![0].extensions.code).toBe('BAD_USER_INPUT');
  });

  const client = (connectionParams: Record<string, unknown>) => {
    const c = createClient({ url: `ws://127.0.0.1:${portB}/graphql`, webSocketImpl: WebSocket, connectionParams, retryAttempts: 0 });
    clients.push(c);
    return c;
  };

  it('translationTaskChanged tells desks on another API process of every step, in order, with who took it', async () => {
    const pubsub = b.app.get(RedisPubSub);
    const before = pubsub.listenerCount(changedChannel('ur'));
    const iterator = client({ Authorization: `Bearer ${amina}` }).iterate<Record<string, any>>({ query: CHANGED, variables: { locale: 'ur' } })[Symbol.asyncIterator]();
    const firstEvent = iterator.next();
    await subscribedInRedis(pubsub, changedChannel('ur'), before);
    expect(a.app.get(RedisPubSub).listenerCount(changedChannel('ur'))).toBe(0);

    const { id } = await makeArticle(a, editor, section);
    const claimed = (await a.gql(CLAIM, { key: amina, variables: { id, locale: 'ur' } })).data!.claimTranslation;
    await a.gql(CLAIM, { key: amina, variables: { id, locale: 'ur' } }); // renewing one's own claim is no news
    await a.gql(RELEASE, { key: amina, variables: { id, locale: 'ur' } });
    const saved = (await a.gql(SAVE, { key: amina, variables: { id, locale: 'ur', v: claimed.version, input: { title: 'مسودہ' } } })).data!.saveTranslation;
    await a.gql(SAVE, { key: amina, variables: { id, locale: 'ur', v: saved.version, input: { title: 'مسودہ دوم' } } }); // still held: no news
    await a.gql(SUBMIT, { key: amina, variables: { id, locale: 'ur', v: saved.version + 1 } });
    await a.gql(REVIEW, { key: editor, variables: { id, locale: 'ur', decision: 'REJECT', comment: 'Again' } });
    await a.gql(SAVE, { key: amina, variables: { id, locale: 'fr', input: { title: 'Autre langue' } } }); // another locale: not heard

    const events: Result[] = [((await firstEvent) as IteratorResult<Result>).value];
    for (let i = 0; i < 4; i++) events.push(((await iterator.next()) as IteratorResult<Result>).value);
    expect(events.map((e) => e.errors)).toEqual([undefined, undefined, undefined, undefined, undefined]);
    expect(events.map((e) => e.data!.translationTaskChanged)).toEqual([
      { change: 'CLAIMED', articleId: id, locale: 'ur', by: aminaName },
      { change: 'RELEASED', articleId: id, locale: 'ur', by: aminaName },
      { change: 'CLAIMED', articleId: id, locale: 'ur', by: aminaName },
      { change: 'SUBMITTED', articleId: id, locale: 'ur', by: aminaName },
      { change: 'REJECTED', articleId: id, locale: 'ur', by: 'Desk editor' },
    ]);
    await iterator.return?.();
  });

  it('translationTaskChanged is for translators of that locale and editors', async () => {
    const claire = await keyNamed(a, 'TRANSLATOR', 'Claire', { locales: ['fr'] });
    const denied = (await client({ Authorization: `Bearer ${claire}` }).iterate({ query: CHANGED, variables: { locale: 'ur' } })[Symbol.asyncIterator]().next()) as IteratorResult<Result>;
    expect(denied.value.errors![0].extensions!.code).toBe('FORBIDDEN');
    const anonymous = (await client({}).iterate({ query: CHANGED, variables: { locale: 'ur' } })[Symbol.asyncIterator]().next()) as IteratorResult<Result>;
    expect(anonymous.value.errors![0].extensions!.code).toBe('UNAUTHENTICATED');
  });
});
