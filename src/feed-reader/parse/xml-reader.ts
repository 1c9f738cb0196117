import type { Tokenizer } from 'htmlparser2';
import { FeedParseError } from './feed-parse-error';
import { stripDoctype, type XmlElement, type XmlLimits } from './xml-tree';
import { buildTokenizer, type DetachedElement, type DetachRule } from './xml-tree-builder';

/** How many characters the tokenizer takes per step; steps end just before a '<', so no text is split. */
const STEP_CHARS = 64 * 1024;

/**
 * Builds the tree incrementally: `step()` tokenizes the next slice of the text; elements the detach rule
 * picks are collected in `detached` (drain it between steps) instead of staying in the tree.
 */
export class XmlReader {
  readonly detached: DetachedElement[] = [];
  private readonly source: string;
  private readonly tokenizer: Tokenizer;
  private position = 0;
  private state: { root: XmlElement | null; rootClosed: boolean; failure: FeedParseError | null };

  constructor(text: string, limits: XmlLimits, documentBase: string | null = null, detach?: DetachRule) {
    this.source = stripDoctype(text);
    const built = buildTokenizer(this.source, limits, documentBase, detach ?? null, this.detached);
    this.tokenizer = built.tokenizer;
    this.state = built.state;
  }

  /** The root element once its start tag was read (children arrive as steps go on). */
  get root(): XmlElement | null {
    return this.state.root;
  }

  /** The tokenizer's callbacks record a failure; a method call keeps TypeScript from narrowing it away. */
  private throwIfFailed(): void {
    const failure = this.state.failure;
    if (failure) throw failure;
  }

  /** Tokenizes the next slice; false once the whole text has been read (then call `finish`). */
  step(chars = STEP_CHARS): boolean {
    this.throwIfFailed();
    if (this.position >= this.source.length) return false;
    let end = this.position + chars;
    if (end < this.source.length) {
      const lt = this.source.indexOf('<', end);
      end = lt < 0 ? this.source.length : lt;
    } else end = this.source.length;
    this.tokenizer.write(this.source.slice(this.position, end));
    this.position = end;
    this.throwIfFailed();
    if (this.position >= this.source.length) this.tokenizer.end();
    this.throwIfFailed();
    return this.position < this.source.length;
  }

  /** Reads the rest and returns the root; throws FeedParseError for no root, a truncated document or excessive depth. */
  finish(): XmlElement {
    while (this.step(Number.MAX_SAFE_INTEGER));
    const { root, rootClosed } = this.state;
    if (!root) throw new FeedParseError('NOT_A_FEED', { found: 'no XML element' });
    if (!rootClosed) throw new FeedParseError('MALFORMED', { reason: 'the document ends before its root element is closed' });
    return root;
  }
}

/** Parses XML text into a tree; throws FeedParseError for no root, a truncated document or excessive depth. */
export function parseXml(text: string, limits: XmlLimits, documentBase: string | null = null): XmlElement {
  return new XmlReader(text, limits, documentBase).finish();
}
