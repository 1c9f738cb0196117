/**
 * A subscription's events, each loaded into what the field returns. An event whose row is gone by the
 * time it is delivered (deleted between announcement and delivery, or never there) is skipped, so a
 * non-null subscription field never resolves null.
 */
export function loadEach<T, U>(source: AsyncIterableIterator<T>, load: (event: T) => Promise<U | null | undefined>): AsyncIterableIterator<U> {
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
