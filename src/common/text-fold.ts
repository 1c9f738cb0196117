import * as OpenCC from 'opencc-js';

/**
 * The text that matching and search run on (mentions' watch terms and scanned pages, search text and
 * queries), with a map back to the original. Ground floor: mentions and search both import it.
 *
 * Folding, applied the same way to watch terms and to scanned text:
 * - Unicode NFKC (which also folds full-width Latin, digits and punctuation: "（ＩＭＴ）" -> "(IMT)");
 * - case folding (unless `caseFold` is false, for CASE_SENSITIVE terms);
 * - Arabic-script variants used in Urdu: yeh U+064A/U+0649 -> U+06CC, kaf U+0643 -> U+06A9,
 *   heh U+0647 -> U+06C1; Arabic vowel marks (harakat) and tatweel are dropped;
 * - Chinese traditional -> simplified, character by character with OpenCC's tables (the same character
 *   always folds the same way, whatever surrounds it, so a term and a text fold alike);
 * - invisible format characters (ZWNJ, soft hyphen, bidi marks) are dropped;
 * - every run of characters that are not letters, marks or digits (spaces, punctuation, symbols)
 *   becomes one space; no space at either end.
 *
 * `start[i]`/`end[i]` give, for the i-th UTF-16 unit of `text`, the span of the original text that
 * produced it, so a match found in `text` can be marked in the original.
 */
export interface NormalisedText {
  original: string;
  text: string;
  start: Int32Array;
  end: Int32Array;
}

export interface NormaliseOptions {
  caseFold?: boolean;
}

// Character classes of the BMP, computed once: bit 1 = letter, mark or digit; bit 2 = combining mark;
// bit 4 = a script written without spaces between words (Han, kana, Thai...); bit 8 = Han.
const WORD = 1;
const MARK = 2;
const UNSPACED = 4;
const HAN = 8;
const FORMAT = 16;

const CLASSES = buildClasses();

function buildClasses(): Uint8Array {
  const classes = new Uint8Array(0x10000);
  const word = /[\p{L}\p{M}\p{N}]/u;
  const mark = /\p{M}/u;
  const format = /\p{Cf}/u;
  const unspaced = /[\p{Script=Han}\p{Script=Hiragana}\p{Script=Katakana}\p{Script=Thai}\p{Script=Lao}\p{Script=Khmer}\p{Script=Myanmar}]/u;
  const han = /\p{Script=Han}/u;
  for (let cu = 0; cu < 0x10000; cu++) {
    if (cu >= 0xd800 && cu <= 0xdfff) continue;
    const ch = String.fromCharCode(cu);
    let c = 0;
    if (cu < 0x80) {
      if ((cu >= 48 && cu <= 57) || (cu >= 65 && cu <= 90) || (cu >= 97 && cu <= 122)) c = WORD;
    } else {
      if (word.test(ch)) c |= WORD;
      if (mark.test(ch)) c |= MARK;
      if (format.test(ch)) c |= FORMAT;
      if (unspaced.test(ch)) c |= UNSPACED;
      if (han.test(ch)) c |= HAN;
    }
    classes[cu] = c;
  }
  return classes;
}

/**
 * True when the UTF-16 unit is part of a word of a script that separates words with spaces (Latin,
 * Arabic, Cyrillic...). Han, kana, Thai and the like are not: a Latin word next to a Chinese character
 * ends there. Surrogates (astral characters, almost all Han extension blocks here) are not either.
 */
export function isSpacedWordUnit(cu: number): boolean {
  return (CLASSES[cu] & (WORD | UNSPACED)) === WORD;
}

// Traditional -> simplified, one character at a time, cached. OpenCC's converters work on strings; a
// single character converts through its character table, which is what we want for folding.
let toSimplified: ((text: string) => string) | null = null;
const hanCache = new Map<number, string>();

function simplifier(): (text: string) => string {
  if (!toSimplified) toSimplified = OpenCC.Converter({ from: 't', to: 'cn' }) as (text: string) => string;
  return toSimplified;
}

function foldHan(cp: number, ch: string): string {
  const cached = hanCache.get(cp);
  if (cached !== undefined) return cached;
  const converted = simplifier()(ch);
  // Keep a one-character answer only: a multi-character one would make folding depend on context.
  const folded = [...converted].length === 1 ? converted : ch;
  hanCache.set(cp, folded);
  return folded;
}

const ARABIC_FOLDS: Record<number, number> = {
  0x064a: 0x06cc, // ARABIC LETTER YEH -> FARSI YEH (Urdu choti ye)
  0x0649: 0x06cc, // ALEF MAKSURA -> FARSI YEH
  0x0643: 0x06a9, // ARABIC LETTER KAF -> KEHEH (Urdu kaf)
  0x0647: 0x06c1, // ARABIC LETTER HEH -> HEH GOAL (Urdu choti he)
  0x0629: 0x06c3, // TEH MARBUTA -> TEH MARBUTA GOAL (the Urdu form)
  0x0622: 0x0627, // ALEF WITH MADDA ABOVE -> ALEF (keyboards and writers differ)
  0x0623: 0x0627, // ALEF WITH HAMZA ABOVE -> ALEF
  0x0625: 0x0627, // ALEF WITH HAMZA BELOW -> ALEF
  0x0671: 0x0627, // ALEF WASLA -> ALEF
};
// Arabic-Indic and extended (Urdu/Persian) digits -> ASCII digits, so "۲۰۲۴" finds "2024".
for (let d = 0; d < 10; d++) {
  ARABIC_FOLDS[0x0660 + d] = 0x30 + d;
  ARABIC_FOLDS[0x06f0 + d] = 0x30 + d;
}

const isArabicVowelMark = (cp: number) => (cp >= 0x064b && cp <= 0x065f) || cp === 0x0670 || cp === 0x0640;

/** Folds one cluster (a character and its combining marks). Spaces stand for any non-word character. */
function foldCluster(cluster: string, caseFold: boolean): string {
  let s = cluster.normalize('NFKC');
  if (caseFold) s = s.toLowerCase().replace(/ß/g, 'ss').replace(/ς/g, 'σ');
  let out = '';
  for (const ch of s) {
    let cp = ch.codePointAt(0)!;
    if (isArabicVowelMark(cp)) continue;
    const folded = ARABIC_FOLDS[cp];
    if (folded !== undefined) cp = folded;
    const cls = cp < 0x10000 ? CLASSES[cp] : classOfAstral(ch);
    if (cls & FORMAT) continue;
    if (!(cls & WORD)) {
      out += ' ';
      continue;
    }
    out += cls & HAN ? foldHan(cp, String.fromCodePoint(cp)) : String.fromCodePoint(cp);
  }
  return out;
}

function classOfAstral(ch: string): number {
  if (/\p{Script=Han}/u.test(ch)) return WORD | UNSPACED | HAN;
  if (/[\p{L}\p{N}]/u.test(ch)) return WORD;
  return 0;
}

const caches = { folded: new Map<string, string>(), exact: new Map<string, string>() };
const CACHE_LIMIT = 50_000;

function cachedFold(cluster: string, caseFold: boolean): string {
  const cache = caseFold ? caches.folded : caches.exact;
  let folded = cache.get(cluster);
  if (folded === undefined) {
    folded = foldCluster(cluster, caseFold);
    if (cache.size >= CACHE_LIMIT) cache.clear();
    cache.set(cluster, folded);
  }
  return folded;
}

/** Normalises `input` for matching (see NormalisedText). */
export function normaliseForMatch(input: string, options: NormaliseOptions = {}): NormalisedText {
  const caseFold = options.caseFold !== false;
  const n = input.length;
  let capacity = n + 16;
  let codes = new Uint16Array(capacity);
  let start = new Int32Array(capacity);
  let end = new Int32Array(capacity);
  let len = 0;
  let lastSpace = true; // no leading space

  const push = (code: number, from: number, to: number) => {
    if (code === 32) {
      if (lastSpace) return;
      lastSpace = true;
    } else lastSpace = false;
    if (len === capacity) {
      capacity *= 2;
      const c2 = new Uint16Array(capacity);
      c2.set(codes);
      codes = c2;
      const s2 = new Int32Array(capacity);
      s2.set(start);
      start = s2;
      const e2 = new Int32Array(capacity);
      e2.set(end);
      end = e2;
    }
    codes[len] = code;
    start[len] = from;
    end[len] = to;
    len++;
  };

  let i = 0;
  while (i < n) {
    const cu = input.charCodeAt(i);
    // Fast path: ASCII not followed by a combining mark.
    if (cu < 0x80 && (i + 1 >= n || input.charCodeAt(i + 1) < 0x300 || !(CLASSES[input.charCodeAt(i + 1)] & MARK))) {
      if (CLASSES[cu] & WORD) push(caseFold && cu >= 65 && cu <= 90 ? cu + 32 : cu, i, i + 1);
      else push(32, i, i + 1);
      i++;
      continue;
    }
    // A cluster: one code point and the combining marks after it.
    let j = i + (cu >= 0xd800 && cu <= 0xdbff && i + 1 < n ? 2 : 1);
    while (j < n) {
      const next = input.charCodeAt(j);
      if (next >= 0xd800 && next <= 0xdfff) break;
      if (!(CLASSES[next] & MARK)) break;
      j++;
    }
    const cluster = input.slice(i, j);
    // Han characters: skip NFKC and case, which leave them alone (compatibility ideographs excepted).
    const folded = j === i + 1 && CLASSES[cu] & HAN && !(cu >= 0xf900 && cu <= 0xfaff) ? foldHan(cu, cluster) : cachedFold(cluster, caseFold);
    for (let k = 0; k < folded.length; k++) push(folded.charCodeAt(k), i, j);
    i = j;
  }
  if (len > 0 && codes[len - 1] === 32) len--;

  let text = '';
  for (let k = 0; k < len; k += 8192) text += String.fromCharCode(...codes.subarray(k, Math.min(len, k + 8192)));
  return { original: input, text, start: start.subarray(0, len), end: end.subarray(0, len) };
}

/** The folded form of a term or exclusion; '' when it has no letters or digits. */
export function normaliseTerm(term: string, options: NormaliseOptions = {}): string {
  return normaliseForMatch(term, options).text;
}

/** The original span [from, to) behind the normalised span [s, e). */
export function originalSpan(n: NormalisedText, s: number, e: number): [number, number] {
  return [n.start[s], n.end[e - 1]];
}

// Characters foldForSearch changes after NFKC and lower case: the Arabic-script variants, harakat,
// tatweel and digits of ARABIC_FOLDS, Han characters, invisible format characters.
const ARABIC_CHANGED = '\\u0622\\u0623\\u0625\\u0629\\u0640\\u0643\\u0647\\u0649\\u064a-\\u065f\\u0660-\\u0669\\u0670\\u0671\\u06f0-\\u06f9';
const FORMAT_CHARS = '\\u00ad\\u200b-\\u200f\\u202a-\\u202e\\u2060-\\u2064\\ufeff';
// Combining marks (harakat) and format characters are matched one code point at a time, on purpose.
// eslint-disable-next-line no-misleading-character-class
const NEEDS_SCRIPT_FOLD = new RegExp(`[${ARABIC_CHANGED}${FORMAT_CHARS}\\u3400-\\u4dbf\\u4e00-\\u9fff\\uf900-\\ufaff\\ud840-\\ud87f]`);
// eslint-disable-next-line no-misleading-character-class -- as above
const SCRIPT_FOLD = new RegExp(`[${ARABIC_CHANGED}${FORMAT_CHARS}]|[\\u3400-\\u4dbf\\u4e00-\\u9fff\\uf900-\\ufaff]|[\\ud840-\\ud87f][\\udc00-\\udfff]`, 'g');

function foldScriptChar(ch: string): string {
  const cp = ch.codePointAt(0)!;
  if (cp >= 0x0600 && cp < 0x0700) {
    if (isArabicVowelMark(cp)) return '';
    const folded = ARABIC_FOLDS[cp];
    return folded === undefined ? ch : String.fromCharCode(folded);
  }
  if (cp >= 0x3400) return foldHan(cp, ch);
  return ''; // invisible format characters (soft hyphen, zero-width and bidi marks)
}

/**
 * The same folding as normaliseForMatch (NFKC, case, Urdu/Arabic letter variants and harakat, Chinese
 * traditional -> simplified, invisible format characters dropped) but keeping every other character as
 * it is: search text and search queries go through it, so punctuation, quotes and "-" keep their meaning
 * for the text search parser. Latin accents are folded by the database's text search configurations.
 */
export function foldForSearch(input: string): string {
  // ASCII needs neither NFKC nor the script folds (the common case for en/fr/es/sv titles and words).
  // eslint-disable-next-line no-control-regex -- the whole ASCII range, control characters included
  let s = /^[\x00-\x7f]*$/.test(input) ? input : input.normalize('NFKC');
  s = s.toLowerCase();
  if (NEEDS_SCRIPT_FOLD.test(s)) s = s.replace(SCRIPT_FOLD, foldScriptChar);
  return s;
}

const HAN_CHAR = /[\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff]|[\ud840-\ud87f][\udc00-\udfff]/g;

/** Chinese traditional -> simplified only, and only where the length stays the same (positions are kept). */
export function foldHanChars(text: string): string {
  return text.replace(HAN_CHAR, (ch) => {
    const folded = foldHan(ch.codePointAt(0)!, ch);
    return folded.length === ch.length ? folded : ch;
  });
}
