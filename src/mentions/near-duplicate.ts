import { normaliseTerm } from '../common/text-fold';

/**
 * Near-duplicate detection for grouping one story republished by several outlets: MinHash over shingles
 * of the normalised text (three-word shingles; for Chinese, whose words are not spaced, three-character
 * shingles), and locality-sensitive hashing bands so that candidates are found with an index lookup.
 *
 * 64 hash functions in 16 bands of 4 rows: two texts whose shingle sets have a Jaccard similarity of
 * 0.5 share a band with probability ~0.64, at 0.7 ~0.99, at 0.2 ~0.03. Candidates are then confirmed
 * with the signatures' estimated similarity (SAME_STORY_SIMILARITY).
 */
export const SIGNATURE_SIZE = 64;
export const BANDS = 16;
const ROWS = SIGNATURE_SIZE / BANDS;
export const SAME_STORY_SIMILARITY = 0.5;

const SEEDS = Array.from({ length: SIGNATURE_SIZE }, (_, i) => mix32(0x9e3779b9 ^ Math.imul(i + 1, 0x85ebca6b)));

function mix32(x: number): number {
  x = Math.imul(x ^ (x >>> 16), 0x7feb352d);
  x = Math.imul(x ^ (x >>> 15), 0x846ca68b);
  return (x ^ (x >>> 16)) >>> 0;
}

function hashString(s: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < s.length; i++) h = Math.imul(h ^ s.charCodeAt(i), 0x01000193);
  return mix32(h);
}

/** The tokens of a text: its words, and each Han/kana character on its own. */
export function tokens(text: string): string[] {
  const normalised = normaliseTerm(text);
  const out: string[] = [];
  for (const word of normalised.split(' ')) {
    if (!word) continue;
    if (/[\p{Script=Han}\p{Script=Hiragana}\p{Script=Katakana}]/u.test(word)) {
      let latin = '';
      for (const ch of word) {
        if (/[\p{Script=Han}\p{Script=Hiragana}\p{Script=Katakana}]/u.test(ch)) {
          if (latin) out.push(latin);
          latin = '';
          out.push(ch);
        } else latin += ch;
      }
      if (latin) out.push(latin);
    } else out.push(word);
  }
  return out;
}

export function shingles(text: string, size = 3): Set<string> {
  const t = tokens(text);
  const set = new Set<string>();
  if (t.length < size) {
    if (t.length) set.add(t.join(' '));
    return set;
  }
  for (let i = 0; i + size <= t.length; i++) set.add(t.slice(i, i + size).join(' '));
  return set;
}

/** The MinHash signature (SIGNATURE_SIZE signed 32-bit integers, as PostgreSQL int[] stores them). */
export function minhash(text: string): number[] {
  const signature = new Array<number>(SIGNATURE_SIZE).fill(0xffffffff);
  for (const shingle of shingles(text)) {
    const h = hashString(shingle);
    for (let i = 0; i < SIGNATURE_SIZE; i++) {
      const v = mix32(h ^ SEEDS[i]);
      if (v < signature[i]) signature[i] = v;
    }
  }
  return signature.map((v) => v | 0);
}

/** The LSH band keys of a signature, each tagged with its band number so bands never collide. */
export function lshBands(signature: readonly number[]): number[] {
  const bands: number[] = [];
  for (let b = 0; b < BANDS; b++) {
    let h = 0x811c9dc5 ^ b;
    for (let r = 0; r < ROWS; r++) h = mix32(Math.imul(h ^ signature[b * ROWS + r], 0x01000193));
    bands.push(b * 0x4000000 + (h >>> 6)); // band number in the top bits, below 2^30
  }
  return bands;
}

/** Estimated Jaccard similarity of the texts behind two signatures. */
export function similarity(a: readonly number[], b: readonly number[]): number {
  if (a.length !== SIGNATURE_SIZE || b.length !== SIGNATURE_SIZE) return 0;
  let same = 0;
  for (let i = 0; i < SIGNATURE_SIZE; i++) if (a[i] === b[i]) same++;
  return same / SIGNATURE_SIZE;
}
