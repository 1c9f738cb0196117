import { decodeHTMLStrict } from 'entities';
import { Tokenizer, type TokenizerCallbacks } from 'htmlparser2';
import { FeedParseError } from './feed-parse-error';
import type { XmlElement, XmlLimits } from './xml-tree';

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

/** What the tokenizer's callbacks fill: the root, whether it closed, and the first failure. */
export interface TreeState {
  root: XmlElement | null;
  rootClosed: boolean;
  failure: FeedParseError | null;
}

/**
 * The XML tree builder: htmlparser2's tokenizer calls these methods (it is their `Callbacks`), and they
 * build the tree of XmlElements, resolving namespaces, xml:base and xml:lang, and handing out the
 * elements the detach rule picks. Split from one closure into methods; bench/xml-tree.bench.ts measured
 * the two shapes (ARCHITECTURE.md).
 */
class TreeBuilder implements TokenizerCallbacks {
  readonly state: TreeState = { root: null, rootClosed: false, failure: null };
  tokenizer!: Tokenizer;
  private readonly stack: XmlElement[] = [];
  private readonly rawNames: string[] = [];
  private readonly scopes: Map<string, string>[] = [new Map([['xml', 'http://www.w3.org/XML/1998/namespace']])];
  private readonly scopeDepths: number[] = [0];
  /** Resolved element names per namespace scope: feeds repeat a few dozen names thousands of times. */
  private readonly nameCache = new Map<Map<string, string>, Map<string, { name: string; local: string }>>();
  private tagName = '';
  private attribs: [string, string][] = [];
  private attrName = '';
  private attrValue = '';

  constructor(
    private readonly source: string,
    private readonly limits: XmlLimits,
    private readonly documentBase: string | null,
    private readonly detach: DetachRule | null,
    private readonly detached: DetachedElement[],
  ) {}

  onopentagname(start: number, end: number): void {
    this.tagName = this.source.slice(start, end);
    this.attribs = [];
  }
  onattribname(start: number, end: number): void {
    this.attrName = this.source.slice(start, end);
    this.attrValue = '';
  }
  onattribdata(start: number, end: number): void {
    this.attrValue += this.source.slice(start, end);
  }
  onattribentity(): void {
    // entities are not decoded by the tokenizer (decodeEntities: false)
  }
  onattribend(): void {
    this.attribs.push([this.attrName, this.attrValue]);
  }
  onopentagend(): void {
    this.open();
  }
  onselfclosingtag(): void {
    const depth = this.stack.length;
    this.open();
    if (!this.state.failure && this.stack.length > depth) this.close(depth);
  }
  onclosetag(start: number, end: number): void {
    if (this.state.failure) return;
    const name = this.source.slice(start, end);
    for (let i = this.rawNames.length - 1; i >= 0; i--) {
      if (this.rawNames[i] === name) return this.close(i);
    }
  }
  ontext(start: number, end: number): void {
    this.addText(decode(this.source.slice(start, end)), false);
  }
  ontextentity(): void {
    // not used without entity decoding
  }
  oncdata(start: number, end: number, offset: number): void {
    this.addText(this.source.slice(start, end - offset), true);
  }
  oncomment(): void {}
  ondeclaration(): void {}
  onprocessinginstruction(): void {}
  onend(): void {}

  private open(): void {
    if (this.state.failure) return;
    if (this.stack.length >= this.limits.maxDepth) {
      this.state.failure = new FeedParseError('TOO_DEEP', { max: this.limits.maxDepth });
      this.tokenizer.pause();
      return;
    }
    const attrs = this.attribs.length ? new Map<string, string>() : NO_ATTRIBUTES;
    let declarations: Map<string, string> | null = null;
    for (const [key, rawValue] of this.attribs) {
      const value = decode(rawValue);
      if (key === 'xmlns' || key.startsWith('xmlns:')) {
        declarations ??= new Map(this.scopes[this.scopes.length - 1]);
        declarations.set(key === 'xmlns' ? '' : key.slice(6), value.trim());
      } else if (!attrs.has(key)) attrs.set(key, value);
    }
    if (declarations) {
      this.scopes.push(declarations);
      this.scopeDepths.push(this.stack.length + 1);
    }
    const { name, local } = this.resolveName(this.scopes[this.scopes.length - 1]);
    const parent = this.stack.length ? this.stack[this.stack.length - 1] : null;
    const xmlBase = attrs.get('xml:base');
    const xmlLang = attrs.get('xml:lang');
    const element: XmlElement = {
      name,
      local,
      attrs,
      children: [],
      base: xmlBase !== undefined ? resolveBase(xmlBase.trim(), parent?.base ?? this.documentBase) : (parent?.base ?? null),
      lang: xmlLang !== undefined ? xmlLang.trim() || null : (parent?.lang ?? null),
    };
    if (parent) parent.children.push(element);
    else if (!this.state.root) this.state.root = element;
    else return; // a second top-level element: ignored
    this.stack.push(element);
    this.rawNames.push(this.tagName);
  }

  /** The current tag's name with its namespace's canonical prefix, cached per scope. */
  private resolveName(scope: Map<string, string>): { name: string; local: string } {
    let names = this.nameCache.get(scope);
    if (!names) this.nameCache.set(scope, (names = new Map<string, { name: string; local: string }>()));
    const tagName = this.tagName;
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
    return resolved;
  }

  private close(depth: number): void {
    const { stack, detach } = this;
    while (stack.length > depth) {
      const el = stack.pop()!;
      this.rawNames.pop();
      const parent = stack[stack.length - 1];
      // The element just closed is its parent's last child: handing it out is a pop, not a search.
      if (detach && parent && detach(el, parent, stack.length + 1) && parent.children[parent.children.length - 1] === el) {
        parent.children.pop();
        this.detached.push({ element: el, parent });
      }
      if (this.scopeDepths[this.scopeDepths.length - 1] === stack.length + 1 && this.scopes.length > 1) {
        this.scopes.pop();
        this.scopeDepths.pop();
      }
    }
    if (depth === 0 && this.state.root) this.state.rootClosed = true;
  }

  private addText(value: string, verbatim: boolean): void {
    if (this.state.failure || !this.stack.length || !value) return;
    const parent = this.stack[this.stack.length - 1];
    // Whitespace between elements carries nothing in a feed; inside XHTML content it separates words.
    if (!verbatim && value.charCodeAt(0) <= 32 && !WORD.test(value) && !parent.name.startsWith('xhtml:') && this.stack.length < 5 && parent.local !== 'div') return;
    parent.children.push(value);
  }
}

/** The tokenizer and the parse state its callbacks fill. */
export function buildTokenizer(source: string, limits: XmlLimits, documentBase: string | null, detach: DetachRule | null, detached: DetachedElement[]) {
  const builder = new TreeBuilder(source, limits, documentBase, detach, detached);
  builder.tokenizer = new Tokenizer({ xmlMode: true, decodeEntities: false }, builder);
  return { tokenizer: builder.tokenizer, state: builder.state };
}
