import { createClient, type Client } from 'graphql-ws';
import type { AddressInfo } from 'node:net';
import WebSocket from 'ws';
import { MENTION_FOUND_CHANNEL } from '../../src/mentions/mention-events';
import { RedisPubSub } from '../../src/redis/redis-pubsub';
import { unique } from '../support/factories';
import { subscribedInRedis } from '../support/subscribed';
import { TestApp } from '../support/test-app';

type Result = { data?: Record<string, any> | null; errors?: { message: string }[] };

/**
 * One subscription operation lives for many events; what each event shows is read when it is delivered.
 * (graphql-ws builds the context, and so the DataLoaders, once per operation: shared, a later event would
 * show rows cached for an earlier one.)
 */
describe('subscription events each read afresh', () => {
  let t: TestApp;
  let port: number;
  let editor: string;
  let client: Client;

  beforeAll(async () => {
    t = await TestApp.start();
    await t.app.listen(0, '127.0.0.1');
    port = (t.app.getHttpServer().address() as AddressInfo).port;
    editor = await t.key('EDITOR');
    client = createClient({ url: `ws://127.0.0.1:${port}/graphql`, webSocketImpl: WebSocket, connectionParams: { Authorization: `Bearer ${editor}` }, retryAttempts: 0 });
  });
  afterAll(async () => {
    await client.dispose();
    await t.close();
  });

  it("mentionFound: a watch renamed between two mentions shows its new name in the second event", async () => {
    const term = `Delta${unique()}`;
    const created = await t.gql(`mutation($input: CreateWatchInput!) { createWatch(input: $input) { id } }`, {
      key: editor,
      variables: { input: { name: 'Before the rename', terms: [{ text: term }] } },
    });
    const watch: string = created.data!.createWatch.id;
    const pubsub = t.app.get(RedisPubSub);
    const before = pubsub.listenerCount(MENTION_FOUND_CHANNEL);
    const FOUND = `subscription($w: ID) { mentionFound(watch: $w) { url watch { name } } }`;
    const iterator = client.iterate<Record<string, any>>({ query: FOUND, variables: { w: watch } })[Symbol.asyncIterator]();
    const first = iterator.next() as Promise<IteratorResult<Result>>;
    await subscribedInRedis(pubsub, MENTION_FOUND_CHANNEL, before);
    const report = (n: string, text: string) =>
      t.gql(`mutation($input: ReportMentionInput!) { reportMention(input: $input) { id } }`, {
        key: editor,
        variables: { input: { url: `https://fresh.example/${n}`, text, sourceName: 'Fresh', watch } },
      });

    await report('one', `Morning: the council met ${term} about the harbour budget.`);
    expect((await first).value).toEqual({ data: { mentionFound: { url: 'https://fresh.example/one', watch: { name: 'Before the rename' } } } });
    await t.dataSource.query(`UPDATE watches SET name = 'After the rename' WHERE id = $1`, [watch]);
    const second = iterator.next() as Promise<IteratorResult<Result>>;
    await report('two', `Evening: a football club signed ${term} for three seasons.`);
    expect((await second).value).toEqual({ data: { mentionFound: { url: 'https://fresh.example/two', watch: { name: 'After the rename' } } } });
    await iterator.return!();
  });
});
