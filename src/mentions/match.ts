import { escapeHtml } from '../common/html';
import { AhoCorasick } from './aho-corasick';
import { isSpacedWordUnit, normaliseForMatch, normaliseTerm, type NormalisedText } from '../common/text-fold';

export const MATCH_MODES = ['WORD', 'PHRASE', 'SUBSTRING', 'CASE_SENSITIVE'] as const;
export type MatchMode = (typeof MATCH_MODES)[number];

/**
 * - WORD: whole words, case-insensitive ("IMT" matches "imt", "(IMT)", "IMT's", "（ＩＭＴ）" and "IMT" next
 *   to Chinese characters, never "Imtiaz" or "SIMTEK"). A term in a script without spaces between words
 *   (Chinese) matches wherever it occurs, since its words have no visible boundaries.
 * - PHRASE: several words in this order, with any spaces or punctuation between them, whole words at
 *   both ends, case-insensitive.
 * - SUBSTRING: anywhere, even inside a word, case-insensitive (the natural mode for Chinese).
 * - CASE_SENSITIVE: whole words like WORD, but the case must be as written.
 * Every mode folds width, Unicode compatibility forms, Urdu letter variants and traditional/simplified
 * Chinese (see normalise.ts).
 */
export interface WatchTermSpec {
  text: string;
  mode: MatchMode;
}

export interface WatchSpec {
  id: string;
  terms: readonly WatchTermSpec[];
  /** A hit inside an occurrence of an exclusion (whole words, case-insensitive) does not count. */
  excludes: readonly string[];
}

export interface WatchMatch {
  watchId: string;
  /** The watch's terms that matched, as the watch writes them, in the order they first occur. */
  matchedTerms: string[];
  /** The matched passages in the ORIGINAL text, [start, end) in UTF-16 units, sorted, not overlapping. */
  spans: [number, number][];
}

interface PatternUse {
  watch: number;
  /** Index into the watch's terms, or -1 for an exclusion. */
  term: number;
  boundaries: boolean;
}

interface View {
  automaton: AhoCorasick;
  uses: PatternUse[][];
}

/** Is the (normalised) term usable: does it keep a letter or digit? */
export function termIsEmpty(text: string, mode: MatchMode = 'WORD'): boolean {
  return normaliseTerm(text, { caseFold: mode !== 'CASE_SENSITIVE' }) === '';
}

/**
 * All watches compiled into (at most) two automata: one over case-folded text for WORD, PHRASE,
 * SUBSTRING and exclusions, one over case-kept text for CASE_SENSITIVE terms. A scan normalises the text
 * once per automaton, runs it, then checks word boundaries per hit.
 */
export class MentionMatcher {
  private readonly folded: View | null;
  private readonly exact: View | null;

  constructor(private readonly watches: readonly WatchSpec[]) {
    const folded = new Map<string, PatternUse[]>();
    const exact = new Map<string, PatternUse[]>();
    const add = (map: Map<string, PatternUse[]>, pattern: string, use: PatternUse) => {
      if (!pattern) return;
      const uses = map.get(pattern);
      if (uses) uses.push(use);
      else map.set(pattern, [use]);
    };
    watches.forEach((watch, w) => {
      watch.terms.forEach((term, t) => {
        const caseSensitive = term.mode === 'CASE_SENSITIVE';
        const pattern = normaliseTerm(term.text, { caseFold: !caseSensitive });
        add(caseSensitive ? exact : folded, pattern, { watch: w, term: t, boundaries: term.mode !== 'SUBSTRING' });
      });
      for (const exclude of watch.excludes) add(folded, normaliseTerm(exclude), { watch: w, term: -1, boundaries: true });
    });
    this.folded = folded.size ? compile(folded) : null;
    this.exact = exact.size ? compile(exact) : null;
  }

  get watchCount(): number {
    return this.watches.length;
  }

  /** The watches that `text` matches, each with its matched terms and passages. */
  scan(text: string): WatchMatch[] {
    const hits: { watch: number; term: number; span: [number, number] }[] = [];
    const excluded: { watch: number; span: [number, number] }[] = [];
    for (const [view, caseFold] of [
      [this.folded, true],
      [this.exact, false],
    ] as const) {
      if (!view) continue;
      const norm = normaliseForMatch(text, { caseFold });
      view.automaton.search(norm.text, (p, s, e) => {
        for (const use of view.uses[p]) {
          if (use.boundaries && !atWordBoundaries(norm, s, e)) continue;
          const span: [number, number] = [norm.start[s], norm.end[e - 1]];
          if (use.term < 0) excluded.push({ watch: use.watch, span });
          else hits.push({ watch: use.watch, term: use.term, span });
        }
      });
    }
    if (!hits.length) return [];

    const byWatch = new Map<number, { term: number; span: [number, number] }[]>();
    for (const hit of hits) {
      const covered = excluded.some((x) => x.watch === hit.watch && x.span[0] <= hit.span[0] && hit.span[1] <= x.span[1]);
      if (covered) continue;
      const list = byWatch.get(hit.watch);
      if (list) list.push(hit);
      else byWatch.set(hit.watch, [hit]);
    }
    const matches: WatchMatch[] = [];
    for (const [w, list] of [...byWatch].sort((a, b) => a[0] - b[0])) {
      list.sort((a, b) => a.span[0] - b.span[0] || b.span[1] - a.span[1]);
      const watch = this.watches[w];
      const matchedTerms = [...new Set(list.map((h) => watch.terms[h.term].text))];
      matches.push({ watchId: watch.id, matchedTerms, spans: mergeSpans(list.map((h) => h.span)) });
    }
    return matches;
  }
}

function compile(map: Map<string, PatternUse[]>): View {
  const patterns = [...map.keys()];
  return { automaton: new AhoCorasick(patterns), uses: patterns.map((p) => map.get(p)!) };
}

/**
 * A hit is a whole word when it does not continue a word of a spaced script on either side. Only ends
 * that are themselves letters of such a script need the check: a Chinese character next to anything is
 * a boundary, since Chinese puts no spaces between words.
 */
function atWordBoundaries(norm: NormalisedText, s: number, e: number): boolean {
  const text = norm.text;
  if (s > 0 && isSpacedWordUnit(text.charCodeAt(s)) && isSpacedWordUnit(text.charCodeAt(s - 1))) return false;
  if (e < text.length && isSpacedWordUnit(text.charCodeAt(e - 1)) && isSpacedWordUnit(text.charCodeAt(e))) return false;
  return true;
}

export function mergeSpans(spans: [number, number][]): [number, number][] {
  const sorted = [...spans].sort((a, b) => a[0] - b[0] || a[1] - b[1]);
  const merged: [number, number][] = [];
  for (const span of sorted) {
    const last = merged[merged.length - 1];
    if (last && span[0] <= last[1]) last[1] = Math.max(last[1], span[1]);
    else merged.push([span[0], span[1]]);
  }
  return merged;
}


/**
 * The passage around the first match, in the ORIGINAL text, with every match inside it wrapped in
 * <mark> and everything else HTML-escaped; white space is collapsed and cut ends show "…".
 */
export function buildExcerpt(original: string, spans: readonly [number, number][], context = 80): string {
  if (!spans.length) {
    const plain = original.replace(/\s+/g, ' ').trim();
    return escapeHtml([...plain].length > context * 2 ? [...plain].slice(0, context * 2).join('') + '…' : plain);
  }
  let from = Math.max(0, spans[0][0] - context);
  let to = Math.min(original.length, spans[0][1] + context);
  // Prefer to cut at white space near the window's edges, and never inside a surrogate pair.
  const spaceAfterFrom = original.slice(from, spans[0][0]).search(/\s/);
  if (from > 0 && spaceAfterFrom >= 0 && spaceAfterFrom < 20) from += spaceAfterFrom + 1;
  const tail = original.slice(spans[0][1], to);
  const lastSpace = tail.search(/\s\S*$/);
  if (to < original.length && lastSpace >= 0 && tail.length - lastSpace < 20) to = spans[0][1] + lastSpace;
  if (from > 0 && /[\udc00-\udfff]/.test(original[from])) from--;
  if (to < original.length && /[\udc00-\udfff]/.test(original[to])) to++;

  const plain = (s: string) => escapeHtml(s.replace(/\s+/g, ' '));
  let out = from > 0 ? '…' : '';
  let at = from;
  for (const [s, e] of spans) {
    if (e <= from || s >= to) continue;
    const ms = Math.max(s, from);
    const me = Math.min(e, to);
    out += plain(original.slice(at, ms)) + '<mark>' + plain(original.slice(ms, me)) + '</mark>';
    at = me;
  }
  out += plain(original.slice(at, to));
  if (to < original.length) out += '…';
  return out.trim();
}
