import { coveragePercent, toCoverage } from './coverage';

describe('coverage math', () => {
  it('gives the published share with one decimal', () => {
    expect(coveragePercent(1, 3)).toBe(33.3);
    expect(coveragePercent(2, 3)).toBe(66.7);
    expect(coveragePercent(3, 3)).toBe(100);
    expect(coveragePercent(0, 7)).toBe(0);
    expect(coveragePercent(1, 8)).toBe(12.5);
  });

  it('is 0 for a section without articles', () => {
    expect(coveragePercent(0, 0)).toBe(0);
    expect(toCoverage('ur', { total: 0, published: 0, inProgress: 0, stale: 0, missing: 0 }).percent).toBe(0);
  });

  it('keeps the counts and adds the percent', () => {
    expect(toCoverage('fr', { total: 10, published: 4, inProgress: 3, stale: 1, missing: 2 })).toEqual({
      locale: 'fr',
      total: 10,
      published: 4,
      inProgress: 3,
      stale: 1,
      missing: 2,
      percent: 40,
    });
  });

  it('refuses buckets that do not partition the total', () => {
    expect(() => toCoverage('sv', { total: 10, published: 4, inProgress: 3, stale: 1, missing: 1 })).toThrow(/do not add up/);
  });
});
