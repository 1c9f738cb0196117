import { htmlToText } from '../../common/html';
import { paragraphs, type TextParts } from '../../common/segments';

export type CheckSeverity = 'WARNING' | 'ERROR';

/** One finding: a code for programs, an i18next key and its values for people (translated by the caller). */
export interface CheckFinding {
  code: string;
  severity: CheckSeverity;
  params: Record<string, unknown>;
}

export interface GlossaryPair {
  source: string;
  target: string;
}

const finding = (code: string, params: Record<string, unknown> = {}, severity: CheckSeverity = 'WARNING'): CheckFinding => ({ code, severity, params });

/** Each link of the source (by address) must still be in the translation. */
export function checkLinks(source: TextParts, target: TextParts): CheckFinding[] {
  const have = new Set(hrefs(target.bodyHtml));
  return [...new Set(hrefs(source.bodyHtml))].filter((url) => !have.has(url)).map((url) => finding('MISSING_LINK', { url }));
}

function hrefs(html: string | null): string[] {
  return [...(html ?? '').matchAll(/<a\b[^>]*\bhref\s*=\s*("([^"]*)"|'([^']*)')/gi)].map((m) => (m[2] ?? m[3]).replace(/&amp;/g, '&').trim());
}

/**
 * Numbers of the source must be in the translation. Digits of any script count (Urdu ۲۰۲۶ is 2026) and
 * separators are ignored (1,000 = 1 000 = 1.000), since languages write them differently.
 */
export function checkNumbers(source: TextParts, target: TextParts): CheckFinding[] {
  const want = numbersOf(plain(source));
  const have = numbersOf(plain(target));
  const missing: CheckFinding[] = [];
  for (const [digits, { count, written }] of want) {
    if ((have.get(digits)?.count ?? 0) < count) missing.push(finding('MISSING_NUMBER', { number: written }));
  }
  return missing;
}

/** Numbers by their digits, with how often they occur and how the text first wrote them (for the message). */
function numbersOf(text: string): Map<string, { count: number; written: string }> {
  const counts = new Map<string, { count: number; written: string }>();
  // A space groups thousands (French "1 200") only before exactly three digits; "2 3" stays two numbers.
  for (const m of text.matchAll(/\p{Nd}+(?:(?:[.,'\u00a0\u202f\u066b\u066c]|\s(?=\p{Nd}{3}(?!\p{Nd})))\p{Nd}+)*/gu)) {
    const digits = [...m[0]].filter((c) => /\p{Nd}/u.test(c)).map(asciiDigit).join('');
    const seen = counts.get(digits);
    counts.set(digits, { count: (seen?.count ?? 0) + 1, written: seen?.written ?? m[0] });
  }
  return counts;
}

/** The value of any Unicode decimal digit: decimal digits come in runs of ten starting at a code point ending in 0 or 6. */
function asciiDigit(c: string): string {
  if (/[0-9]/.test(c)) return c;
  const code = c.codePointAt(0)!;
  for (let zero = code; zero > code - 10; zero--) {
    if (!/\p{Nd}/u.test(String.fromCodePoint(zero - 1))) return String(code - zero);
  }
  return c;
}

/** Markup kept: as many links, emphasis, list items, headings and quotes as the source (b counts as strong, i as em). */
const MARKUP: Record<string, RegExp> = {
  a: /<a\b/gi,
  strong: /<(?:strong|b)\b/gi,
  em: /<(?:em|i)\b/gi,
  li: /<li\b/gi,
  heading: /<h[1-6]\b/gi,
  blockquote: /<blockquote\b/gi,
};

export function checkMarkup(source: TextParts, target: TextParts): CheckFinding[] {
  return Object.entries(MARKUP).flatMap(([tag, pattern]) => {
    const expected = (source.bodyHtml ?? '').match(pattern)?.length ?? 0;
    const found = (target.bodyHtml ?? '').match(pattern)?.length ?? 0;
    return expected === found ? [] : [finding('MARKUP_CHANGED', { tag, expected, found })];
  });
}

/** Characters per unit of meaning, roughly: Chinese says in one character what alphabets say in about three. */
const DENSITY: Record<string, number> = { zh: 0.35 };
export const LENGTH_BOUNDS = { min: 0.5, max: 2 };
const LENGTH_MIN_SOURCE = 40;

/** The translation's length within reason: between half and twice what the source's length leads one to expect. */
export function checkLength(source: TextParts, target: TextParts, sourceLocale: string, targetLocale: string): CheckFinding[] {
  const from = [...plain(source)].length;
  const to = [...plain(target)].length;
  if (from < LENGTH_MIN_SOURCE || to === 0) return [];
  const expected = (from * (DENSITY[targetLocale] ?? 1)) / (DENSITY[sourceLocale] ?? 1);
  const ratio = to / expected;
  if (ratio < LENGTH_BOUNDS.min) return [finding('TOO_SHORT', { percent: Math.round(ratio * 100) })];
  if (ratio > LENGTH_BOUNDS.max) return [finding('TOO_LONG', { percent: Math.round(ratio * 100) })];
  return [];
}

/**
 * Paragraphs: each paragraph of the source needs one in the translation (an empty or missing one is an
 * ERROR: text would be lost), and a paragraph identical to the source's is probably not translated yet
 * (short ones and ones without letters, such as names or figures, are left alone). The title too.
 */
export function checkParagraphs(source: TextParts, target: TextParts): CheckFinding[] {
  const out: CheckFinding[] = [];
  if (looksUntranslated(htmlToText(source.title), htmlToText(target.title))) out.push(finding('UNTRANSLATED_TITLE'));
  const from = paragraphs(source.bodyHtml);
  const to = paragraphs(target.bodyHtml);
  if (to.length < from.length) out.push(finding('EMPTY_PARAGRAPHS', { count: from.length - to.length }, 'ERROR'));
  from.forEach((text, i) => {
    if (i < to.length && looksUntranslated(text, to[i])) out.push(finding('UNTRANSLATED_PARAGRAPH', { position: i + 1 }));
  });
  return out;
}

function looksUntranslated(source: string, target: string): boolean {
  return source.length >= 20 && /\p{L}/u.test(source) && source.toLocaleLowerCase() === target.toLocaleLowerCase();
}

/** A glossary term found in the source must appear, as the glossary renders it, in the translation. */
export function checkGlossary(source: TextParts, target: TextParts, terms: GlossaryPair[]): CheckFinding[] {
  const from = plain(source).toLocaleLowerCase();
  const to = plain(target).toLocaleLowerCase();
  return terms
    .filter((term) => containsTerm(from, term.source.toLocaleLowerCase()) && !to.includes(term.target.toLocaleLowerCase()))
    .map((term) => finding('GLOSSARY_TERM_MISSING', { source: term.source, target: term.target }));
}

/** Whole words in alphabetic scripts ("UN" is not in "until"); anywhere in scripts written without spaces. */
function containsTerm(text: string, term: string): boolean {
  if (!/^[\p{L}\p{N}]/u.test(term) || /[\p{Script=Han}]/u.test(term)) return text.includes(term);
  const escaped = term.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
  return new RegExp(`(?<![\\p{L}\\p{N}])${escaped}(?![\\p{L}\\p{N}])`, 'u').test(text);
}

function plain(text: TextParts): string {
  return [text.title, text.summary ?? '', htmlToText(text.bodyHtml ?? '')].join('\n');
}

/** Every check, in the order a translator would fix things: missing text first. */
export function runChecks(
  source: TextParts,
  target: TextParts,
  locales: { source: string; target: string },
  terms: GlossaryPair[],
): CheckFinding[] {
  return [
    ...checkParagraphs(source, target),
    ...checkLinks(source, target),
    ...checkNumbers(source, target),
    ...checkMarkup(source, target),
    ...checkGlossary(source, target, terms),
    ...checkLength(source, target, locales.source, locales.target),
  ];
}
