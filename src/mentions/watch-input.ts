import { badInput } from '../common/errors';
import { cleanText, isUuid } from '../common/text';
import { MATCH_MODES, termIsEmpty, type MatchMode } from './match';
import type { StoredNearTerm, StoredWatchTerm } from './watch.entity';

/**
 * The rules of a watch's fields, shared by createWatch and updateWatch: each function cleans one field
 * (NFC, trimmed, duplicates dropped) or throws a translated BAD_USER_INPUT naming what is wrong and where.
 */
export const WATCH_LIMITS = { name: 200, terms: 100, termLength: 200, words: 100, near: 20, within: 100, locales: 20, sources: 100 } as const;

export interface TermInput {
  text?: string | null;
  locale?: string | null;
  mode?: string | null;
}

export interface NearInput {
  term?: string | null;
  nearTerm?: string | null;
  within?: number | null;
}

/** The lists of words a watch keeps besides its terms, by their GraphQL names. */
export type WordList = 'excludes' | 'excludeItemsWith' | 'allOf';

export function cleanName(raw: string | null | undefined): string {
  const name = cleanText(raw ?? '');
  if (!name) throw badInput('mentions:errors.nameEmpty');
  if ([...name].length > WATCH_LIMITS.name) throw badInput('mentions:errors.nameTooLong', { max: WATCH_LIMITS.name });
  return name;
}

/** `locale` resolves a language tag to a served locale code, or throws (LocaleRegistry.require). */
export function cleanTerms(raw: readonly TermInput[] | null | undefined, locale: (tag: string) => string): StoredWatchTerm[] {
  if (!raw?.length) throw badInput('mentions:errors.noTerms');
  if (raw.length > WATCH_LIMITS.terms) throw badInput('mentions:errors.tooManyTerms', { max: WATCH_LIMITS.terms });
  return raw.map((term, index) => {
    const mode = (term.mode ?? 'WORD') as MatchMode;
    if (!MATCH_MODES.includes(mode)) throw badInput('mentions:errors.unknownMode', { mode: String(term.mode), modes: MATCH_MODES.join(', ') });
    const text = cleanText(term.text ?? '');
    if (!text || termIsEmpty(text, mode)) throw badInput('mentions:errors.emptyTerm', { position: index + 1 });
    if ([...text].length > WATCH_LIMITS.termLength) throw badInput('mentions:errors.termTooLong', { position: index + 1, max: WATCH_LIMITS.termLength });
    return { text, locale: term.locale ? locale(term.locale) : null, mode };
  });
}

/** Exclusions, item exclusions or all-of terms: whole words, each with a letter or digit. */
export function cleanWords(raw: readonly (string | null)[] | null | undefined, list: WordList): string[] {
  const words = (raw ?? []).map((value, index) => {
    const text = cleanText(value ?? '');
    if (!text || termIsEmpty(text)) {
      throw list === 'excludes' ? badInput('mentions:errors.emptyExclude', { position: index + 1 }) : badInput('mentions:errors.emptyWord', { list, position: index + 1 });
    }
    if ([...text].length > WATCH_LIMITS.termLength) throw badInput('mentions:errors.wordTooLong', { list, position: index + 1, max: WATCH_LIMITS.termLength });
    return text;
  });
  if (words.length > WATCH_LIMITS.words) {
    throw list === 'excludes' ? badInput('mentions:errors.tooManyExcludes', { max: WATCH_LIMITS.words }) : badInput('mentions:errors.tooManyWords', { list, max: WATCH_LIMITS.words });
  }
  return [...new Set(words)];
}

/** NEAR/n pairs: two terms with a letter or digit each, and 1 <= within <= WATCH_LIMITS.within. */
export function cleanNear(raw: readonly NearInput[] | null | undefined): StoredNearTerm[] {
  const pairs = raw ?? [];
  if (pairs.length > WATCH_LIMITS.near) throw badInput('mentions:errors.tooManyNear', { max: WATCH_LIMITS.near });
  const seen = new Set<string>();
  const cleaned: StoredNearTerm[] = [];
  pairs.forEach((pair, index) => {
    const position = index + 1;
    const term = cleanText(pair.term ?? '');
    const nearTerm = cleanText(pair.nearTerm ?? '');
    if (!term || !nearTerm || termIsEmpty(term) || termIsEmpty(nearTerm)) throw badInput('mentions:errors.nearEmpty', { position });
    if ([...term].length > WATCH_LIMITS.termLength || [...nearTerm].length > WATCH_LIMITS.termLength) {
      throw badInput('mentions:errors.nearTooLong', { position, max: WATCH_LIMITS.termLength });
    }
    const within = pair.within;
    if (typeof within !== 'number' || !Number.isInteger(within) || within < 1 || within > WATCH_LIMITS.within) {
      throw badInput('mentions:errors.nearWithin', { position, within: String(within), limit: WATCH_LIMITS.within });
    }
    const key = JSON.stringify([term, nearTerm, within]);
    if (!seen.has(key)) cleaned.push({ term, nearTerm, within });
    seen.add(key);
  });
  return cleaned;
}

/** Item languages: each a served locale ("zh-TW" is "zh"), no duplicates. */
export function cleanLocales(raw: readonly (string | null)[] | null | undefined, locale: (tag: string) => string): string[] {
  const list = raw ?? [];
  if (list.length > WATCH_LIMITS.locales) throw badInput('mentions:errors.tooManyLocales', { max: WATCH_LIMITS.locales });
  return [...new Set(list.map((tag) => locale(tag ?? '')))];
}

/** Mention source ids, no duplicates; an id that is not one is no source (whether the others exist is the repository's to say). */
export function cleanSourceIds(raw: readonly (string | null)[] | null | undefined): string[] {
  const list = raw ?? [];
  if (list.length > WATCH_LIMITS.sources) throw badInput('mentions:errors.tooManySources', { max: WATCH_LIMITS.sources });
  for (const id of list) if (!id || !isUuid(id)) throw badInput('mentions:errors.sourceNotFound', { id: String(id) });
  return [...new Set(list.map((id) => id!.toLowerCase()))];
}
