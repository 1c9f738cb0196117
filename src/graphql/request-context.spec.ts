import DataLoader from 'dataloader';
import { foundRows } from './request-context';

describe('foundRows', () => {
  it('leaves out the rows not found, and throws a failed batch instead of answering an empty list', async () => {
    const rows = new DataLoader<string, { id: string } | null>(async (ids) => ids.map((id) => (id === 'gone' ? null : { id })));
    expect(foundRows(await rows.loadMany(['a', 'gone', 'b']))).toEqual([{ id: 'a' }, { id: 'b' }]);
    const outage = new DataLoader<string, { id: string } | null>(async () => {
      throw new Error('timeout exceeded when trying to connect');
    });
    const results = await outage.loadMany(['a', 'b']);
    expect(() => foundRows(results)).toThrow('timeout exceeded when trying to connect');
  });
});
