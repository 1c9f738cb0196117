import { decodeHTML } from 'entities';
import { foldForSearch } from './text-fold';

/**
 * What full-text search indexes for one translation, computed in Node (in batch, by every writer of
 * translations) so that PostgreSQL only runs to_tsvector on it in the same statement as the write:
 *
 * - the text search configuration of the language (its stemmer);
 * - title, summary and body text (tags stripped, entities decoded), folded by foldForSearch (NFKC, case,
 *   Urdu/Arabic letter variants, harakat, Chinese traditional -> simplified);
 * - words with Latin accents are followed by their accent-free spelling, stemmed too: a query typed
 *   without accents finds them, and an accented query still finds its inflections (stemming the
 *   accent-free form alone would not: Spanish "revolución" and "revoluciones" share a stem only with
 *   their accents);
 * - Swedish definite forms in -an (skolan) are followed by the form the stemmer relates (skola);
 * - for Chinese (written without spaces) each Han run becomes its overlapping bigrams plus its last
 *   character alone, so a word inside longer text matches as a phrase of bigrams and a single character
 *   as a prefix (chineseTsquery builds the query side).
 *
 * The database function search_vector_from(config, title, summary, body) weighs them A, B, C.
 */
export interface SearchSource {
  locale: string;
  title: string;
  summary: string | null;
  bodyHtml: string | null;
}

export interface SearchText {
  config: string;
  title: string;
  summary: string;
  body: string;
}

/** The text search configuration per language (PostgreSQL's Snowball stemmers; 'simple' without one). */
export const SEARCH_CONFIGS: Readonly<Record<string, string>> = {
  en: 'english',
  fr: 'french',
  es: 'spanish',
  sv: 'swedish',
  ur: 'simple',
  zh: 'simple',
};
/** For a language we have no stemmer for: words as they are. */
export const FALLBACK_CONFIG = 'simple';
/** Languages written without spaces between words, indexed as Han bigrams. */
export const BIGRAM_LOCALES: ReadonlySet<string> = new Set(['zh']);

export const searchConfigOf = (locale: string): string => SEARCH_CONFIGS[locale] ?? FALLBACK_CONFIG;

const HAN_RUN = /[\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff]+|(?:[\ud840-\ud87f][\udc00-\udfff])+/g;

/** Each Han run as its overlapping bigrams and its last character alone, separated by spaces. */
export function hanBigrams(text: string): string {
  return text.replace(HAN_RUN, (run) => {
    const chars = [...run];
    const grams: string[] = [];
    for (let i = 0; i + 1 < chars.length; i++) grams.push(chars[i] + chars[i + 1]);
    grams.push(chars[chars.length - 1]);
    return ` ${grams.join(' ')} `;
  });
}

/** The visible text of sanitised HTML: tags become spaces, entities are decoded. */
export function htmlText(html: string | null): string {
  if (!html) return '';
  return decodeHTML(html.replace(/<[^>]*>/g, ' '));
}

const HAS_ACCENT = /[\u00c0-\u024f\u1e00-\u1eff]/;
const WORD = /[\p{L}\p{M}]+/gu;

/** The accent-free spelling of each word with a Latin accent (and other additions, see above), space-separated. */
export function extraForms(folded: string, locale: string): string {
  const swedish = locale === 'sv';
  if (!swedish && !HAS_ACCENT.test(folded)) return '';
  const extra: string[] = [];
  for (const [word] of folded.matchAll(WORD)) {
    if (HAS_ACCENT.test(word)) {
      const plain = word.normalize('NFD').replace(/[\u0300-\u036f]/g, '');
      if (plain !== word) extra.push(plain);
    }
    if (swedish && word.length >= 5 && word.endsWith('an')) extra.push(word.slice(0, -1));
  }
  return extra.join(' ');
}

function fieldText(text: string, locale: string, bigrams: boolean): string {
  const folded = foldForSearch(text);
  if (bigrams) return hanBigrams(folded);
  const extra = extraForms(folded, locale);
  return extra ? `${folded}\n${extra}` : folded;
}

/** The search text of one translation (see SearchText). */
export function searchTextOf(source: SearchSource): SearchText {
  const bigrams = BIGRAM_LOCALES.has(source.locale);
  return {
    config: searchConfigOf(source.locale),
    title: fieldText(source.title, source.locale, bigrams),
    summary: fieldText(source.summary ?? '', source.locale, bigrams),
    body: fieldText(htmlText(source.bodyHtml), source.locale, bigrams),
  };
}

/** The search texts of a batch, as the four parallel arrays an unnest upsert takes. */
export function searchTextColumns(sources: readonly SearchSource[]): { configs: string[]; titles: string[]; summaries: string[]; bodies: string[] } {
  const out = { configs: [] as string[], titles: [] as string[], summaries: [] as string[], bodies: [] as string[] };
  for (const source of sources) {
    const t = searchTextOf(source);
    out.configs.push(t.config);
    out.titles.push(t.title);
    out.summaries.push(t.summary);
    out.bodies.push(t.body);
  }
  return out;
}

/** A query folded the way the indexed text was (its operators, quotes and "-" kept). */
export const searchQueryText = (query: string): string => foldForSearch(query);

const HAN_ONLY = /^[\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff\u{20000}-\u{2ffff}]+$/u;
const lexeme = (word: string) => `'${word.replace(/\\/g, '\\\\').replace(/'/g, "''")}'`;

/** One Han run: a single character is a prefix of the bigrams; longer runs are the phrase of their bigrams or, ranked lower, their two-character pieces in any order. */
function hanRunQuery(run: string): string {
  const chars = [...run];
  if (chars.length === 1) return `${lexeme(chars[0])}:*`;
  if (chars.length === 2) return lexeme(run);
  const grams: string[] = [];
  for (let i = 0; i + 1 < chars.length; i++) grams.push(lexeme(chars[i] + chars[i + 1]));
  const pieces: string[] = [];
  for (let i = 0; i < chars.length; i += 2) pieces.push(i + 1 < chars.length ? lexeme(chars[i] + chars[i + 1]) : `${lexeme(chars[i])}:*`);
  return `( ${grams.join(' <-> ')} | ${pieces.join(' & ')} )`;
}

/** One query word (or quoted phrase): its Han runs and other words, all required. */
function termQuery(term: string): string | null {
  const parts: string[] = [];
  for (const piece of term.replace(HAN_RUN, ' $& ').split(/[^\p{L}\p{N}\p{M}]+/u)) {
    if (!piece) continue;
    parts.push(HAN_ONLY.test(piece) ? hanRunQuery(piece) : lexeme(piece));
  }
  if (!parts.length) return null;
  return parts.length === 1 ? parts[0] : `( ${parts.join(' & ')} )`;
}

/**
 * The tsquery (as text) of a folded query for Chinese text indexed as bigrams, with the syntax of
 * websearch_to_tsquery: words are all required, "quoted text" is one term, -word excludes, `or`
 * between two terms accepts either. '' when nothing is left to search for.
 */
export function chineseTsquery(folded: string): string {
  const tokens = folded.match(/-?"[^"]*"?|\S+/g) ?? [];
  const clauses: string[] = [];
  let orNext = false;
  for (const token of tokens) {
    if (token === 'or' && clauses.length) {
      orNext = true;
      continue;
    }
    const negated = token.startsWith('-') && token.length > 1;
    const expr = termQuery((negated ? token.slice(1) : token).replace(/"/g, ' '));
    if (!expr) continue;
    const clause = negated ? `!${expr}` : expr;
    if (orNext) clauses.push(`( ${clauses.pop()!} | ${clause} )`);
    else clauses.push(clause);
    orNext = false;
  }
  return clauses.join(' & ');
}
