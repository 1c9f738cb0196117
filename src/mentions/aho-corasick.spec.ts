import { AhoCorasick } from './aho-corasick';

/** Every occurrence of every pattern, found the slow way. */
function naive(patterns: string[], text: string): string[] {
  const hits: string[] = [];
  patterns.forEach((p, i) => {
    for (let at = text.indexOf(p); at >= 0; at = text.indexOf(p, at + 1)) hits.push(`${i}@${at}-${at + p.length}`);
  });
  return hits.sort();
}

function fast(patterns: string[], text: string): string[] {
  const hits: string[] = [];
  new AhoCorasick(patterns).search(text, (p, s, e) => hits.push(`${p}@${s}-${e}`));
  return hits.sort();
}

describe('AhoCorasick', () => {
  it('finds overlapping and nested patterns (the classic he/she/his/hers case)', () => {
    const patterns = ['he', 'she', 'his', 'hers'];
    expect(fast(patterns, 'ushers')).toEqual(naive(patterns, 'ushers'));
    expect(fast(patterns, 'ushers')).toEqual(['0@2-4', '1@1-4', '3@2-6']);
  });

  it('handles non-ASCII patterns (Chinese, Urdu, accents)', () => {
    const patterns = ['国际马克思主义倾向', '马克思', 'طلبہ', 'revolución', 'imt'];
    const text = '国际马克思主义倾向 imt طلبہ یونین la revolución imt马克思';
    expect(fast(patterns, text)).toEqual(naive(patterns, text));
  });

  it('agrees with a naive search on random texts over a small alphabet', () => {
    let seed = 42;
    const rand = (n: number) => {
      seed = (seed * 1103515245 + 12345) & 0x7fffffff;
      return seed % n;
    };
    const alphabet = ['a', 'b', 'c', 'é', '马', ' '];
    const word = (len: number) => Array.from({ length: len }, () => alphabet[rand(alphabet.length)]).join('');
    for (let round = 0; round < 50; round++) {
      const patterns = [...new Set(Array.from({ length: 1 + rand(12) }, () => word(1 + rand(4))))];
      const text = word(200);
      expect(fast(patterns, text)).toEqual(naive(patterns, text));
    }
  });

  it('refuses an empty pattern', () => {
    expect(() => new AhoCorasick([''])).toThrow();
  });
});
