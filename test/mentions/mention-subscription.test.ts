import { createClient, type Client } from 'graphql-ws';
import type { AddressInfo } from 'node:net';
import WebSocket from 'ws';
import { MENTION_FOUND_CHANNEL } from '../../src/mentions/mention-events';
import { RedisPubSub } from '../../src/redis/redis-pubsub';
import { unique } from '../support/factories';
import { subscribedInRedis } from '../support/subscribed';
import { TestApp } from '../support/test-app';

type Result = { data?: Record<string, any> | null; errors?: { message: string; extensions?: Record<string, unknown> }[] };

const FOUND = `subscription($watch: ID) { mentionFound(watch: $watch) { id url matchedTerms excerpt watch { id name } } }`;

describe('mentionFound over graphql-ws', () => {
  let t: TestApp;
  let port: number;
  let editor: string;
  let translator: string;
  const clients: Client[] = [];

  beforeAll(async () => {
    t = await TestApp.start();
    await t.app.listen(0, '127.0.0.1');
    port = (t.app.getHttpServer().address() as AddressInfo).port;
    editor = await t.key('EDITOR');
    translator = await t.key('TRANSLATOR', { locales: ['fr'] });
  });
  afterAll(async () => {
    await Promise.all(clients.map((c) => Promise.resolve(c.dispose())));
    await t.close();
  });

  const client = (key?: string) => {
    const c = createClient({
      url: `ws://127.0.0.1:${port}/graphql`,
      webSocketImpl: WebSocket,
      connectionParams: key ? { Authorization: `Bearer ${key}` } : {},
      retryAttempts: 0,
    });
    clients.push(c);
    return c;
  };

  const createWatch = async (term: string) => {
    const res = await t.gql(`mutation($input: CreateWatchInput!) { createWatch(input: $input) { id name } }`, {
      key: editor,
      variables: { input: { name: `Sub ${term}`, terms: [{ text: term }] } },
    });
    return res.data!.createWatch as { id: string; name: string };
  };

  it('an editor hears the new mentions of the watch it subscribed to, and only those', async () => {
    const mine = await createWatch(`Alpha${unique()}`);
    const other = await createWatch(`Beta${unique()}`);
    const pubsub = t.app.get(RedisPubSub);
    const before = pubsub.listenerCount(MENTION_FOUND_CHANNEL);
    const iterator = client(editor).iterate<Record<string, any>>({ query: FOUND, variables: { watch: mine.id } })[Symbol.asyncIterator]();
    const first = iterator.next() as Promise<IteratorResult<Result>>;
    await subscribedInRedis(pubsub, MENTION_FOUND_CHANNEL, before);

    const report = (watch: { id: string; name: string }, n: string) =>
      t.gql(`mutation($input: ReportMentionInput!) { reportMention(input: $input) { id } }`, {
        key: editor,
        variables: { input: { url: `https://sub.example/${n}`, text: `News: ${watch.name.slice(4)} <b>here</b>`, sourceName: 'Sub', watch: watch.id } },
      });
    await report(other, unique());
    const reported = await report(mine, unique());
    const { value } = await first;
    expect(value.errors).toBeUndefined();
    expect(value.data!.mentionFound).toMatchObject({
      id: reported.data!.reportMention.id,
      matchedTerms: [mine.name.slice(4)],
      watch: { id: mine.id },
    });
    expect(value.data!.mentionFound.excerpt).toContain('&lt;b&gt;here&lt;/b&gt;');
    await iterator.return!();
  });

  it('skips a mention that is gone by delivery instead of answering null for the non-null field', async () => {
    const mine = await createWatch(`Gamma${unique()}`);
    const pubsub = t.app.get(RedisPubSub);
    const before = pubsub.listenerCount(MENTION_FOUND_CHANNEL);
    const iterator = client(editor).iterate<Record<string, any>>({ query: FOUND, variables: { watch: mine.id } })[Symbol.asyncIterator]();
    const first = iterator.next() as Promise<IteratorResult<Result>>;
    await subscribedInRedis(pubsub, MENTION_FOUND_CHANNEL, before);
    // An announcement whose mention no longer exists (deleted, or never committed), then a real one.
    await pubsub.publish(MENTION_FOUND_CHANNEL, { mentionId: '00000000-0000-4000-8000-000000000000', watchId: mine.id });
    const reported = await t.gql(`mutation($input: ReportMentionInput!) { reportMention(input: $input) { id } }`, {
      key: editor,
      variables: { input: { url: `https://sub.example/${unique()}`, text: `News: ${mine.name.slice(4)}`, sourceName: 'Sub', watch: mine.id } },
    });
    const { value } = await first;
    expect(value.errors).toBeUndefined();
    expect(value.data!.mentionFound).toMatchObject({ id: reported.data!.reportMention.id, watch: { id: mine.id } });
    await iterator.return!();
  });

  it('refuses translators and anonymous callers, and an unknown watch', async () => {
    const forbidden = (await client(translator).iterate({ query: FOUND, variables: {} })[Symbol.asyncIterator]().next()) as IteratorResult<Result>;
    expect(forbidden.value.errors![0].extensions!.code).toBe('FORBIDDEN');
    const anonymous = (await client().iterate({ query: FOUND, variables: {} })[Symbol.asyncIterator]().next()) as IteratorResult<Result>;
    expect(anonymous.value.errors![0].extensions!.code).toBe('UNAUTHENTICATED');
    const iterator = client(editor).iterate({ query: FOUND, variables: { watch: '00000000-0000-4000-8000-000000000000' } })[Symbol.asyncIterator]();
    const unknown = (await iterator.next()) as IteratorResult<Result>;
    expect(unknown.value.errors![0].extensions!.code).toBe('NOT_FOUND');
  });
});
