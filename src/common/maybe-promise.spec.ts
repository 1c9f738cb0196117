import { mapMaybe } from './maybe-promise';

describe('mapMaybe', () => {
  it('maps a present value at once, not through a promise', () => {
    expect(mapMaybe(2, (n) => n * 3)).toBe(6);
  });

  it('maps a promised value once it resolves, and passes a rejection on', async () => {
    const mapped = mapMaybe(Promise.resolve(2), (n) => n * 3);
    expect(mapped).toBeInstanceOf(Promise);
    await expect(mapped).resolves.toBe(6);
    await expect(mapMaybe(Promise.reject(new Error('down')), (n: number) => n)).rejects.toThrow('down');
  });
});
