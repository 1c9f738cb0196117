/**
 * The XML tree builder as it was before issue 10 split it (one closure, `buildTokenizer`, 145 lines), kept
 * verbatim only so that bench/xml-tree.bench.ts can race it against the split one in src
 * (src/feed-reader/parse/xml-tree-builder.ts). Not used by newsdesk.
 */
import { decodeHTMLStrict } from 'entities';
import { Tokenizer } from 'htmlparser2';
import { FeedParseError } from '../../src/feed-reader/parse/feed-parse-error';

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

/** Namespace URI -> newsdesk's prefix ('' for the plain RSS names). A Map: URIs come from the document. */
const NAMESPACES = new Map<string, string>([
  ['http://www.w3.org/2005/Atom', 'atom'],
  ['http://purl.org/atom/ns#', 'atom'],
  ['http://purl.org/dc/elements/1.1/', 'dc'],
  ['http://purl.org/dc/terms/', 'dcterms'],
  ['http://purl.org/rss/1.0/modules/content/', 'content'],
  ['http://www.w3.org/1999/02/22-rdf-syntax-ns#', 'rdf'],
  ['http://search.yahoo.com/mrss/', 'media'],
  ['http://search.yahoo.com/mrss', 'media'],
  ['http://www.itunes.com/dtds/podcast-1.0.dtd', 'itunes'],
  ['http://www.w3.org/1999/xhtml', 'xhtml'],
  // RSS 1.0 / 0.90 / namespaced RSS 2.0 elements are plain RSS names.
  ['http://purl.org/rss/1.0/', ''],
  ['http://my.netscape.com/rdf/simple/0.9/', ''],
  ['http://backend.userland.com/rss2', ''],
  ['http://blogs.law.harvard.edu/tech/rss', ''],
]);

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

/**
 * One linear pass over the references in a text (entities' strict HTML decoder): XML's five, numeric
 * references and HTML's fixed named entities; anything else (a DTD-declared entity) stays as written.
 */
const decode = (s: string) => (s.includes('&') ? decodeHTMLStrict(s) : s);

function resolveBase(value: string, parent: string | null): string {
  try {
    return new URL(value, parent ?? undefined).href;
  } catch {
    return parent ?? value;
  }
}

const WORD = /\S/;
/** Shared by every element without attributes (never written to). */
const NO_ATTRIBUTES: Map<string, string> = new Map();

/**
 * Says whether an element that just closed is handed out (and removed from its parent) rather than kept in
 * the tree: feed items, so that a large document never holds all of its items at once. `depth` is the
 * element's own depth (the root is 1).
 */
export type DetachRule = (el: XmlElement, parent: XmlElement, depth: number) => boolean;

export interface DetachedElement {
  element: XmlElement;
  parent: XmlElement;
}

/** The tokenizer and the parse state its callbacks fill (the XML tree builder's one tight closure). */
export function buildTokenizer(source: string, limits: XmlLimits, documentBase: string | null, detach: DetachRule | null, detached: DetachedElement[]) {
  const stack: XmlElement[] = [];
  const rawNames: string[] = [];
  const scopes: Map<string, string>[] = [new Map([['xml', 'http://www.w3.org/XML/1998/namespace']])];
  const scopeDepths: number[] = [0];
  /** Resolved element names per namespace scope: feeds repeat a few dozen names thousands of times. */
  const nameCache = new Map<Map<string, string>, Map<string, { name: string; local: string }>>();
  const state: { root: XmlElement | null; rootClosed: boolean; failure: FeedParseError | null } = { root: null, rootClosed: false, failure: null };

  let tagName = '';
  let attribs: [string, string][] = [];
  let attrName = '';
  let attrValue = '';

  const open = () => {
    if (state.failure) return;
    if (stack.length >= limits.maxDepth) {
      state.failure = new FeedParseError('TOO_DEEP', { max: limits.maxDepth });
      tokenizer.pause();
      return;
    }
    const attrs = attribs.length ? new Map<string, string>() : NO_ATTRIBUTES;
    let declarations: Map<string, string> | null = null;
    for (const [key, rawValue] of attribs) {
      const value = decode(rawValue);
      if (key === 'xmlns' || key.startsWith('xmlns:')) {
        declarations ??= new Map(scopes[scopes.length - 1]);
        declarations.set(key === 'xmlns' ? '' : key.slice(6), value.trim());
      } else if (!attrs.has(key)) attrs.set(key, value);
    }
    if (declarations) {
      scopes.push(declarations);
      scopeDepths.push(stack.length + 1);
    }
    const scope = scopes[scopes.length - 1];
    let names = nameCache.get(scope);
    if (!names) nameCache.set(scope, (names = new Map<string, { name: string; local: string }>()));
    let resolved = names.get(tagName);
    if (!resolved) {
      const colon = tagName.indexOf(':');
      const prefix = colon > 0 ? tagName.slice(0, colon) : '';
      const local = colon > 0 ? tagName.slice(colon + 1) : tagName;
      const uri = scope.get(prefix);
      const canonical = uri !== undefined ? NAMESPACES.get(uri) : undefined;
      const name =
        canonical !== undefined ? (canonical ? `${canonical}:${local}` : local) : prefix ? `${prefix.toLowerCase()}:${local}` : local;
      resolved = { name, local };
      if (names.size < 1000) names.set(tagName, resolved);
    }
    const { name, local } = resolved;
    const parent = stack.length ? stack[stack.length - 1] : null;
    const xmlBase = attrs.get('xml:base');
    const xmlLang = attrs.get('xml:lang');
    const element: XmlElement = {
      name,
      local,
      attrs,
      children: [],
      base: xmlBase !== undefined ? resolveBase(xmlBase.trim(), parent?.base ?? documentBase) : (parent?.base ?? null),
      lang: xmlLang !== undefined ? xmlLang.trim() || null : (parent?.lang ?? null),
    };
    if (parent) parent.children.push(element);
    else if (!state.root) state.root = element;
    else return; // a second top-level element: ignored
    stack.push(element);
    rawNames.push(tagName);
  };

  const close = (depth: number) => {
    while (stack.length > depth) {
      const el = stack.pop()!;
      rawNames.pop();
      const parent = stack[stack.length - 1];
      // The element just closed is its parent's last child: handing it out is a pop, not a search.
      if (detach && parent && detach(el, parent, stack.length + 1) && parent.children[parent.children.length - 1] === el) {
        parent.children.pop();
        detached.push({ element: el, parent });
      }
      if (scopeDepths[scopeDepths.length - 1] === stack.length + 1 && scopes.length > 1) {
        scopes.pop();
        scopeDepths.pop();
      }
    }
    if (depth === 0 && state.root) state.rootClosed = true;
  };

  const addText = (value: string, verbatim: boolean) => {
    if (state.failure || !stack.length || !value) return;
    const parent = stack[stack.length - 1];
    // Whitespace between elements carries nothing in a feed; inside XHTML content it separates words.
    if (!verbatim && value.charCodeAt(0) <= 32 && !WORD.test(value) && !parent.name.startsWith('xhtml:') && stack.length < 5 && parent.local !== 'div') return;
    parent.children.push(value);
  };

  const tokenizer = new Tokenizer(
    { xmlMode: true, decodeEntities: false },
    {
      onopentagname(start, end) {
        tagName = source.slice(start, end);
        attribs = [];
      },
      onattribname(start, end) {
        attrName = source.slice(start, end);
        attrValue = '';
      },
      onattribdata(start, end) {
        attrValue += source.slice(start, end);
      },
      onattribentity() {
        // entities are not decoded by the tokenizer (decodeEntities: false)
      },
      onattribend() {
        attribs.push([attrName, attrValue]);
      },
      onopentagend() {
        open();
      },
      onselfclosingtag() {
        const depth = stack.length;
        open();
        if (!state.failure && stack.length > depth) close(depth);
      },
      onclosetag(start, end) {
        if (state.failure) return;
        const name = source.slice(start, end);
        for (let i = rawNames.length - 1; i >= 0; i--) {
          if (rawNames[i] === name) return close(i);
        }
      },
      ontext(start, end) {
        addText(decode(source.slice(start, end)), false);
      },
      ontextentity() {
        // not used without entity decoding
      },
      oncdata(start, end, offset) {
        addText(source.slice(start, end - offset), true);
      },
      oncomment() {},
      ondeclaration() {},
      onprocessinginstruction() {},
      onend() {},
    },
  );
  return { tokenizer, state };
}

