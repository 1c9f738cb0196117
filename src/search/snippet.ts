import { escapeHtml } from '../common/html';
import { foldHanChars } from '../common/text-fold';

/**
 * Search snippets: text with the matches marked by <mark> and everything else HTML-escaped, so a
 * client can insert the snippet as HTML without trusting the article text.
 */

/** Private-use characters that ts_headline puts around matches (then turned into <mark> after escaping). */
export const MARK_START = '\uE000';
export const MARK_END = '\uE001';


export const hasMark = (headline: string): boolean => headline.includes(MARK_START);

/** ts_headline output (matches between MARK_START and MARK_END) as safe HTML; stray markers are dropped, marks always balance. */
export function headlineToHtml(headline: string): string {
  let out = '';
  let open = false;
  for (const part of headline.split(/([\uE000\uE001])/)) {
    if (part === MARK_START) {
      if (!open) out += '<mark>';
      open = true;
    } else if (part === MARK_END) {
      if (open) out += '</mark>';
      open = false;
    } else {
      out += escapeHtml(part);
    }
  }
  return (open ? out + '</mark>' : out).replace(/\s+/g, ' ').trim();
}

const HAN_RUN = /[\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff\u{20000}-\u{2ffff}]+/gu;

/** The pieces of a query to look for in text written without spaces: its Han runs and its other words. */
export function cjkTerms(query: string): string[] {
  const han = query.match(HAN_RUN) ?? [];
  const words = query
    .replace(HAN_RUN, ' ')
    .split(/[^\p{L}\p{N}]+/u)
    .filter(Boolean);
  return [...new Set([...han, ...words])].sort((a, b) => b.length - a.length);
}

const escapeRegExp = (s: string) => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

/**
 * A snippet of Chinese (or any unspaced) text around the first match of the query's terms, every match
 * in it marked. `radius` is how many characters are kept before the first match; `length` the window.
 */
export function cjkSnippet(text: string, query: string, length = 120, radius = 30): string {
  const clean = text.replace(/[\uE000\uE001]/g, '').replace(/\s+/g, ' ').trim();
  const terms = cjkTerms(query);
  const pattern = terms.length ? new RegExp(terms.map(escapeRegExp).join('|'), 'giu') : null;
  // Matches are found in the text with its Han characters folded like the query (same length, so the
  // positions are the original's): a traditional text is marked for a simplified query and back.
  const shadow = foldHanChars(clean);
  const first = pattern ? shadow.search(pattern) : -1;
  let start = first > radius ? first - radius : 0;
  let end = Math.min(clean.length, start + length);
  // Never cut a surrogate pair in half.
  if (/[\uDC00-\uDFFF]/.test(clean[start] ?? '')) start++;
  if (/[\uD800-\uDBFF]/.test(clean[end - 1] ?? '')) end--;
  const window = clean.slice(start, end);
  let out = '';
  let last = 0;
  if (pattern) {
    for (const match of shadow.slice(start, end).matchAll(pattern)) {
      out += escapeHtml(window.slice(last, match.index)) + `<mark>${escapeHtml(window.slice(match.index, match.index + match[0].length))}</mark>`;
      last = match.index + match[0].length;
    }
  }
  out += escapeHtml(window.slice(last));
  return `${start > 0 ? '… ' : ''}${out}${end < clean.length ? ' …' : ''}`;
}
