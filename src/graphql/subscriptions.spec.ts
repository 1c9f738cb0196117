import { loadEach } from './subscriptions';

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
