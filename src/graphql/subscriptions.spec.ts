import { GraphQLInt, GraphQLObjectType, GraphQLSchema, parse, subscribe, type ExecutionResult } from 'graphql';
import { RequestLoaders, type RequestContext } from './request-context';
import { loadEach, subscribeWithEventLoaders } from './subscriptions';

async function* events<T>(...values: T[]): AsyncGenerator<T> {
  for (const value of values) yield value;
}

describe('loadEach', () => {
  it('delivers loaded values in order and skips events whose row is gone', async () => {
    const rows = new Map([
      ['a', { id: 'a' }],
      ['c', { id: 'c' }],
    ]);
    const loaded = loadEach(events('a', 'b', 'c', 'd'), async (id) => rows.get(id) ?? null);
    const seen: unknown[] = [];
    for await (const row of loaded) seen.push(row);
    expect(seen).toEqual([{ id: 'a' }, { id: 'c' }]);
  });

  it('closes the source when the subscriber leaves', async () => {
    const source = events(1, 2, 3);
    const loaded = loadEach(source, async (n) => n);
    expect(await loaded.next()).toEqual({ value: 1, done: false });
    await loaded.return!();
    expect(await source.next()).toEqual({ value: undefined, done: true });
  });
});

describe('subscribeWithEventLoaders', () => {
  // A field that answers from the request's loaders, as every loader-backed field does: the first value it was asked for.
  const schema = new GraphQLSchema({
    query: new GraphQLObjectType({ name: 'Query', fields: { ok: { type: GraphQLInt } } }),
    subscription: new GraphQLObjectType({
      name: 'Subscription',
      fields: {
        tick: {
          type: GraphQLInt,
          subscribe: () => events(1, 2, 3),
          resolve: (n: number, _args: unknown, ctx: RequestContext) => ctx.loaders.get(() => n, 'tick'),
        },
      },
    }),
  });
  const context = (): RequestContext => ({ locale: 'en', principal: null, authFailed: false, loaders: new RequestLoaders() });
  const ticks = async (stream: unknown) => {
    const out: unknown[] = [];
    for await (const result of stream as AsyncIterable<ExecutionResult>) out.push(result.data?.tick);
    return out;
  };

  it('runs each event with loaders of its own (graphql-js alone shares the operation\'s loaders across events)', async () => {
    const document = parse('subscription { tick }');
    expect(await ticks(await subscribe({ schema, document, contextValue: context() }))).toEqual([1, 1, 1]);
    expect(await ticks(await subscribeWithEventLoaders({ schema, document, contextValue: context() }))).toEqual([1, 2, 3]);
  });

  it('answers errors of the operation itself as graphql-js does, and closes the source when the subscriber leaves', async () => {
    const unknown = await subscribeWithEventLoaders({ schema, document: parse('subscription { nope }'), contextValue: context() });
    expect((unknown as ExecutionResult).errors?.[0].message).toMatch(/nope/);
    const stream = (await subscribeWithEventLoaders({ schema, document: parse('subscription { tick }'), contextValue: context() })) as AsyncIterableIterator<ExecutionResult>;
    expect((await stream.next()).value.data).toEqual({ tick: 1 });
    expect(await stream.return!()).toEqual({ value: undefined, done: true });
    expect(await stream.next()).toEqual({ value: undefined, done: true });
  });
});
