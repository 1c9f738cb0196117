import { FeedParseError } from './feed-parse-error';

/**
 * A small, safe XML tree for feeds, built on htmlparser2's tokenizer in XML mode.
 *
 * Safety: the DOCTYPE (with any internal subset) is cut out before tokenizing, so no entity is ever
 * declared; references are decoded in one linear pass that knows only XML's predefined entities, numeric
 * references and the fixed HTML named entities (which old RSS 0.91 feeds use): a DTD-declared entity
 * (billion laughs, external entities) stays literal text. Depth is capped. Element and attribute names
 * live in Maps and arrays, never as object keys, so `<__proto__>` and `<constructor>` are ordinary names.
 */
export interface XmlElement {
  /** "prefix:local" with a canonical prefix for known namespaces (atom, dc, content, ...), else the local name. */
  name: string;
  local: string;
  attrs: Map<string, string>;
  children: (XmlElement | string)[];
  /** The xml:base in scope (already absolute when it could be resolved). */
  base: string | null;
  /** The xml:lang in scope. */
  lang: string | null;
}

export interface XmlLimits {
  maxDepth: number;
}

/** The index just after a DOCTYPE declaration starting at `start` (internal subset included), or -1. */
function doctypeEnd(text: string, start: number): number {
  let quote: string | null = null;
  let inSubset = false;
  for (let i = start + 9; i < text.length; i++) {
    const c = text[i];
    if (quote) {
      if (c === quote) quote = null;
    } else if (inSubset && text.startsWith('<!--', i)) {
      const end = text.indexOf('-->', i + 4);
      if (end < 0) return -1;
      i = end + 2;
    } else if (c === '"' || c === "'") {
      quote = c;
    } else if (c === '[') {
      inSubset = true;
    } else if (c === ']') {
      inSubset = false;
    } else if (c === '>' && !inSubset) {
      return i + 1;
    }
  }
  return -1;
}

/**
 * Walks the prolog (whitespace, processing instructions, comments, DOCTYPE) in one linear pass, with
 * indexOf only, so no input makes it backtrack. Calls `onDoctype` for a DOCTYPE; returns where the first
 * element (or whatever is not prolog) starts, or -1 when the prolog does not end.
 */
export function skipProlog(text: string, onDoctype?: (start: number, end: number) => void): number {
  let i = 0;
  while (i < text.length) {
    const c = text.charCodeAt(i);
    if (c === 0x20 || c === 0x09 || c === 0x0a || c === 0x0d || c === 0xfeff) {
      i++;
    } else if (text.startsWith('<?', i)) {
      const end = text.indexOf('?>', i + 2);
      if (end < 0) return -1;
      i = end + 2;
    } else if (text.startsWith('<!--', i)) {
      const end = text.indexOf('-->', i + 4);
      if (end < 0) return -1;
      i = end + 3;
    } else if (text.startsWith('<!', i) && text.slice(i + 2, i + 9).toUpperCase() === 'DOCTYPE') {
      const end = doctypeEnd(text, i);
      if (end < 0) return -1;
      onDoctype?.(i, end);
      i = end;
    } else {
      return i;
    }
  }
  return i;
}

/** Removes the DOCTYPE declaration (and its internal subset) from the prolog. */
export function stripDoctype(text: string): string {
  let cut: [number, number] | null = null;
  const end = skipProlog(text, (start, stop) => (cut ??= [start, stop]));
  if (end < 0 && text.search(/<!DOCTYPE/i) >= 0) throw new FeedParseError('MALFORMED', { reason: 'unterminated DOCTYPE' });
  return cut ? text.slice(0, cut[0]) + text.slice(cut[1]) : text;
}

const NONE: XmlElement[] = [];

/** Child elements with one of the given names, in document order. */
export function childrenNamed(el: XmlElement, ...names: string[]): XmlElement[] {
  let out: XmlElement[] | null = null;
  const children = el.children;
  for (let i = 0; i < children.length; i++) {
    const c = children[i];
    if (typeof c !== 'string' && names.includes(c.name)) (out ??= []).push(c);
  }
  return out ?? NONE;
}

/** The first child with the first of the names that occurs. */
export function child(el: XmlElement, ...names: string[]): XmlElement | undefined {
  const children = el.children;
  let best: XmlElement | undefined;
  let rank = names.length;
  for (let i = 0; i < children.length; i++) {
    const c = children[i];
    if (typeof c === 'string') continue;
    const r = names.indexOf(c.name);
    if (r >= 0 && r < rank) {
      best = c;
      rank = r;
      if (r === 0) break;
    }
  }
  return best;
}

/** All text below an element, in document order. */
export function textOf(el: XmlElement): string {
  if (el.children.length === 1 && typeof el.children[0] === 'string') return el.children[0];
  let out = '';
  for (const c of el.children) out += typeof c === 'string' ? c : textOf(c);
  return out;
}

const VOID = new Set(['br', 'img', 'hr', 'input', 'meta', 'link', 'area', 'col', 'embed', 'source', 'track', 'wbr', 'base', 'param']);
const escapeText = (s: string) => s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
const escapeAttr = (s: string) => escapeText(s).replace(/"/g, '&quot;');

/** Re-serialises the children of an element as HTML (for Atom type="xhtml" content and inline XHTML bodies). */
export function innerXml(el: XmlElement): string {
  let out = '';
  for (const c of el.children) {
    if (typeof c === 'string') out += escapeText(c);
    else {
      const tag = c.local.toLowerCase();
      out += `<${tag}`;
      for (const [k, v] of c.attrs) if (!k.includes(':')) out += ` ${k}="${escapeAttr(v)}"`;
      out += VOID.has(tag) ? '>' : `>${innerXml(c)}</${tag}>`;
    }
  }
  return out;
}
