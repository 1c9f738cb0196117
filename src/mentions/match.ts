import { escapeHtml } from '../common/html';
import { AhoCorasick } from './aho-corasick';
import { isSpacedWordUnit, normaliseForMatch, normaliseTerm, type NormalisedText } from '../common/text-fold';
import { closestWithin, wordUnits, type Hit } from './proximity';

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

export interface NearSpec {
  term: string;
  nearTerm: string;
  /** At most this many words (characters in Chinese) between the two. */
  within: number;
}

export interface WatchSpec {
  id: string;
  terms: readonly WatchTermSpec[];
  /** A hit inside an occurrence of an exclusion (whole words, case-insensitive) does not count. */
  excludes: readonly string[];
  /** An item containing any of these anywhere (whole words, case-insensitive) is no mention (-term). */
  excludeItemsWith?: readonly string[];
  /** Each of these must occur in the item as well as a term (AND). */
  allOf?: readonly string[];
  /** Each pair must occur within `within` words of each other, as well as a term (NEAR/n). */
  near?: readonly NearSpec[];
  /** Only items in these languages (locale codes); empty: any language. */
  locales?: readonly string[];
  /** Only items from these mention sources (ids); empty: any source, and items reported by hand. */
  sources?: readonly string[];
}

/** What is known of an item besides its text, for the watches' language and source filters. */
export interface ItemFacts {
  sourceId?: string | null;
  /** The item's language, asked only when a watch that filters by language matched its text. */
  locale?: () => string | null;
}

export interface WatchMatch {
  watchId: string;
  /** The watch's terms that matched, as the watch writes them, in the order they first occur. */
  matchedTerms: string[];
  /** The matched passages (terms, all-of terms, near pairs) in the ORIGINAL text, [start, end) in UTF-16 units, sorted, not overlapping. */
  spans: [number, number][];
}

/** What a pattern is to a watch: one of its terms, an exclusion, an item exclusion, an all-of term, or a side of a near pair. */
type Role = 'term' | 'exclude' | 'dropItem' | 'allOf' | 'nearTerm' | 'nearOther';

interface PatternUse {
  watch: number;
  role: Role;
  /** Index into the watch's list for that role. */
  index: number;
  boundaries: boolean;
}

interface View {
  automaton: AhoCorasick;
  uses: PatternUse[][];
}

interface RawHit {
  use: PatternUse;
  /** In the original text. */
  span: [number, number];
  /** In the case-folded normalised text (the view every role but CASE_SENSITIVE terms runs in). */
  at: Hit | null;
}

/** Is the (normalised) term usable: does it keep a letter or digit? */
export function termIsEmpty(text: string, mode: MatchMode = 'WORD'): boolean {
  return normaliseTerm(text, { caseFold: mode !== 'CASE_SENSITIVE' }) === '';
}

/**
 * All watches compiled into (at most) two automata: one over case-folded text for WORD, PHRASE,
 * SUBSTRING and every other list of a watch (exclusions, all-of and near terms), one over case-kept text
 * for CASE_SENSITIVE terms. A scan normalises the text once per automaton, runs it, checks word
 * boundaries per hit, then decides per watch (see `decide`).
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
    const addWords = (watch: number, role: Role, list: readonly string[]) =>
      list.forEach((text, index) => add(folded, normaliseTerm(text), { watch, role, index, boundaries: true }));
    watches.forEach((watch, w) => {
      watch.terms.forEach((term, t) => {
        const caseSensitive = term.mode === 'CASE_SENSITIVE';
        const pattern = normaliseTerm(term.text, { caseFold: !caseSensitive });
        add(caseSensitive ? exact : folded, pattern, { watch: w, role: 'term', index: t, boundaries: term.mode !== 'SUBSTRING' });
      });
      addWords(w, 'exclude', watch.excludes);
      addWords(w, 'dropItem', watch.excludeItemsWith ?? []);
      addWords(w, 'allOf', watch.allOf ?? []);
      addWords(w, 'nearTerm', (watch.near ?? []).map((n) => n.term));
      addWords(w, 'nearOther', (watch.near ?? []).map((n) => n.nearTerm));
    });
    this.folded = folded.size ? compile(folded) : null;
    this.exact = exact.size ? compile(exact) : null;
  }

  get watchCount(): number {
    return this.watches.length;
  }

  /** The watches that `text` (with what is known of its item) matches, each with its matched terms and passages. */
  scan(text: string, facts: ItemFacts = {}): WatchMatch[] {
    const byWatch = new Map<number, RawHit[]>();
    let foldedText: NormalisedText | null = null;
    for (const [view, caseFold] of [
      [this.folded, true],
      [this.exact, false],
    ] as const) {
      if (!view) continue;
      const norm = normaliseForMatch(text, { caseFold });
      if (caseFold) foldedText = norm;
      view.automaton.search(norm.text, (p, s, e) => {
        for (const use of view.uses[p]) {
          if (use.boundaries && !atWordBoundaries(norm, s, e)) continue;
          const hit: RawHit = { use, span: [norm.start[s], norm.end[e - 1]], at: caseFold ? [s, e] : null };
          const list = byWatch.get(use.watch);
          if (list) list.push(hit);
          else byWatch.set(use.watch, [hit]);
        }
      });
    }
    let units: Int32Array | null = null;
    const unitsOf = () => (units ??= wordUnits(foldedText?.text ?? ''));
    let locale: { value: string | null } | null = null;
    const itemLocale = () => (locale ??= { value: facts.locale?.() ?? null }).value;

    const matches: WatchMatch[] = [];
    for (const [w, hits] of [...byWatch].sort((a, b) => a[0] - b[0])) {
      const watch = this.watches[w];
      if (watch.sources?.length && !(facts.sourceId && watch.sources.includes(facts.sourceId))) continue;
      const decided = decide(watch, hits, unitsOf);
      if (!decided) continue;
      if (watch.locales?.length) {
        const code = itemLocale();
        if (!code || !watch.locales.includes(code)) continue;
      }
      const terms = decided.terms.sort((a, b) => a.span[0] - b.span[0] || b.span[1] - a.span[1]);
      const matchedTerms = [...new Set(terms.map((h) => watch.terms[h.use.index].text))];
      matches.push({ watchId: watch.id, matchedTerms, spans: mergeSpans(decided.marked) });
    }
    return matches;
  }
}

/**
 * Does a watch take an item, given every hit of its patterns in the item's text? Null when not; else its
 * term hits and the passages to mark. In order: an item exclusion anywhere drops the item; hits inside an
 * exclusion's occurrence do not count (terms, all-of and near terms alike); then a term must remain,
 * every all-of term must occur, and every near pair must occur close enough.
 */
function decide(watch: WatchSpec, hits: readonly RawHit[], unitsOf: () => Int32Array): { terms: RawHit[]; marked: [number, number][] } | null {
  if (hits.some((h) => h.use.role === 'dropItem')) return null;
  const excluded = hits.filter((h) => h.use.role === 'exclude').map((h) => h.span);
  const counted = new Map<string, RawHit[]>();
  for (const hit of hits) {
    if (hit.use.role === 'exclude' || excluded.some((x) => x[0] <= hit.span[0] && hit.span[1] <= x[1])) continue;
    const key = hit.use.role === 'term' ? 'term' : `${hit.use.role}:${hit.use.index}`;
    const list = counted.get(key);
    if (list) list.push(hit);
    else counted.set(key, [hit]);
  }
  const terms = counted.get('term');
  if (!terms) return null;
  const marked = terms.map((h) => h.span);

  for (let i = 0; i < (watch.allOf?.length ?? 0); i++) {
    const found = counted.get(`allOf:${i}`);
    if (!found) return null;
    marked.push(...found.map((h) => h.span));
  }

  const near = watch.near ?? [];
  for (let i = 0; i < near.length; i++) {
    const one = counted.get(`nearTerm:${i}`);
    const other = counted.get(`nearOther:${i}`);
    if (!one || !other) return null;
    const spanAt = new Map(one.concat(other).map((h) => [h.at!, h.span]));
    const pair = closestWithin(one.map((h) => h.at!), other.map((h) => h.at!), unitsOf(), near[i].within);
    if (!pair) return null;
    marked.push(spanAt.get(pair[0])!, spanAt.get(pair[1])!);
  }
  return { terms, marked };
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
