import { htmlToText } from './html';

/** The three parts of a text the desk works with. */
export interface TextParts {
  title: string;
  summary: string | null;
  bodyHtml: string | null;
}

/** Block elements: each one's text is a segment (paragraph) of its own. */
const BLOCK = /<\/?(?:p|h[1-6]|li|blockquote|div|pre|dt|dd|figcaption|caption|td|th|tr|ul|ol|dl|table|figure|hr|br\s*\/?\s*)\b[^>]*>/i;

/** Longer segments are cut here: the trigram index works on pieces of a paragraph's size. */
export const SEGMENT_MAX = 2000;

/**
 * The paragraphs of a body, as plain text (NFC, spaces collapsed), in order, empty ones left out: a break
 * at every block element (and at `<br>`, so two lines in one paragraph stay two segments).
 */
export function paragraphs(html: string | null | undefined): string[] {
  if (!html) return [];
  return html
    .split(new RegExp(BLOCK.source, 'gi'))
    .map((piece) => htmlToText(piece).normalize('NFC'))
    .filter((text) => text.length > 0)
    .map((text) => [...text].slice(0, SEGMENT_MAX).join(''));
}

/** Every segment of a text: the title, the summary, then the body's paragraphs. */
export function segmentsOf(text: TextParts): string[] {
  const head = [text.title, text.summary ?? ''].map((s) => htmlToText(s)).filter(Boolean);
  return [...head, ...paragraphs(text.bodyHtml)];
}

/**
 * Source and translated segments that belong together, for the translation memory: title with title,
 * summary with summary, and the body's paragraphs one by one when both have as many (a translation that
 * merged or split paragraphs cannot be paired safely, so its body is left out rather than mispaired).
 * Pairs whose two sides are equal (a name, a number) teach nothing and are left out too.
 */
export function alignSegments(source: TextParts, target: TextParts): { source: string; target: string }[] {
  const pairs: { source: string; target: string }[] = [];
  const add = (s: string | null, t: string | null) => {
    const a = s ? htmlToText(s) : '';
    const b = t ? htmlToText(t) : '';
    if (a && b && a !== b) pairs.push({ source: a, target: b });
  };
  add(source.title, target.title);
  add(source.summary, target.summary);
  const from = paragraphs(source.bodyHtml);
  const to = paragraphs(target.bodyHtml);
  if (from.length === to.length) from.forEach((s, i) => add(s, to[i]));
  return pairs;
}
