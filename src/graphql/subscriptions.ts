import { createSourceEventStream, execute, type ExecutionArgs, type ExecutionResult } from 'graphql';
import { RequestLoaders, type RequestContext } from './request-context';

/**
 * A subscription's events, each loaded into what the field returns. An event whose row is gone by the
 * time it is delivered (deleted between announcement and delivery, or never there) is skipped, so a
 * non-null subscription field never resolves null. Ending the iterator ends the source at once.
 */
export function loadEach<T, U>(source: AsyncIterator<T>, load: (event: T) => Promise<U | null | undefined>): AsyncIterableIterator<U> {
  const done = (): IteratorResult<U> => ({ value: undefined, done: true });
  const iterator: AsyncIterableIterator<U> = {
    async next() {
      for (;;) {
        const event = await source.next();
        if (event.done) return done();
        const value = await load(event.value);
        if (value !== null && value !== undefined) return { value, done: false };
      }
    },
    async return() {
      await source.return?.();
      return done();
    },
    async throw(error: unknown) {
      await source.return?.();
      throw error;
    },
    [Symbol.asyncIterator]: () => iterator,
  };
  return iterator;
}

/**
 * graphql-js's subscribe(), except that every event is executed with DataLoaders of its own. graphql-ws
 * builds the context once per operation and a subscription operation lives for many events: sharing one
 * set of loaders, a later event would be answered with rows cached for an earlier one (a watch's old
 * name, an article's old text). Each event runs with a shallow copy of the context and new loaders.
 */
export async function subscribeWithEventLoaders(args: ExecutionArgs): Promise<AsyncIterableIterator<ExecutionResult> | ExecutionResult> {
  const stream = await createSourceEventStream(args);
  if (!isAsyncIterable(stream)) return stream;
  const context = args.contextValue as RequestContext;
  // loadEach's return() goes straight to the source, even while next() waits, so the pub/sub listener goes at once.
  return loadEach(stream[Symbol.asyncIterator](), async (event) =>
    execute({ ...args, rootValue: event, contextValue: { ...context, loaders: new RequestLoaders() } }),
  );
}

function isAsyncIterable(value: unknown): value is AsyncIterable<unknown> {
  return typeof (value as { [Symbol.asyncIterator]?: unknown })?.[Symbol.asyncIterator] === 'function';
}
