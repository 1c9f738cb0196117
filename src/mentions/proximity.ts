import { isSpacedWordUnit } from '../common/text-fold';

/**
 * Word positions for NEAR/n over a normalised text (see text-fold.ts: words of spaced scripts separated
 * by single spaces, Chinese characters side by side). A word of a spaced script (Latin, Arabic...) is one
 * unit; so is every character of a script written without spaces (Chinese), since its words have no
 * visible boundaries: "within 5" means five words in French or Urdu, five characters in Chinese.
 *
 * `unitOf[i]` is the unit of the i-th UTF-16 unit of the text (a space belongs to the unit before it).
 */
export function wordUnits(text: string): Int32Array {
  const unitOf = new Int32Array(text.length);
  let unit = -1;
  let inSpacedWord = false;
  for (let i = 0; i < text.length; i++) {
    const cu = text.charCodeAt(i);
    if (cu === 32) {
      inSpacedWord = false;
    } else if (cu >= 0xdc00 && cu <= 0xdfff && i > 0 && isHighSurrogate(text.charCodeAt(i - 1))) {
      // the second half of an astral character (a rare Chinese character): the same unit
    } else if (isSpacedWordUnit(cu)) {
      if (!inSpacedWord) unit++;
      inSpacedWord = true;
    } else {
      unit++;
      inSpacedWord = false;
    }
    unitOf[i] = Math.max(unit, 0);
  }
  return unitOf;
}

const isHighSurrogate = (cu: number) => cu >= 0xd800 && cu <= 0xdbff;

/** A hit in the normalised text, [start, end) in UTF-16 units. */
export type Hit = readonly [start: number, end: number];

/**
 * The closest pair of non-overlapping hits, one from `a` and one from `b` in either order, with at most
 * `within` units (words, or Chinese characters) between them; null when there is none. Hits need not be
 * sorted. Cost: O((|a| + |b|) log) whatever the text, so a hostile text full of hits stays cheap.
 */
export function closestWithin(a: readonly Hit[], b: readonly Hit[], unitOf: Int32Array, within: number): [Hit, Hit] | null {
  const best = { gap: Infinity, pair: null as [Hit, Hit] | null };
  const consider = (before: readonly Hit[], after: readonly Hit[], flip: boolean) => {
    const byEnd = [...before].sort((x, y) => x[1] - y[1]);
    for (const later of after) {
      // The hit of `before` that ends last at or before `later` starts: the nearest one on its left.
      const k = lastEndingBy(byEnd, later[0]);
      if (k < 0) continue;
      const earlier = byEnd[k];
      const gap = unitOf[later[0]] - unitOf[earlier[1] - 1] - 1;
      if (gap <= within && gap < best.gap) {
        best.gap = gap;
        best.pair = flip ? [later, earlier] : [earlier, later];
      }
    }
  };
  consider(a, b, false);
  consider(b, a, true);
  return best.pair;
}

function lastEndingBy(byEnd: readonly Hit[], position: number): number {
  let lo = 0;
  let hi = byEnd.length - 1;
  let found = -1;
  while (lo <= hi) {
    const mid = (lo + hi) >> 1;
    if (byEnd[mid][1] <= position) {
      found = mid;
      lo = mid + 1;
    } else hi = mid - 1;
  }
  return found;
}
