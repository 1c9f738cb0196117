import type { ParsedFeed } from '../feed.types';
import { canonicalLink, GuidWatch } from '../identity';
import { parseAtom } from './atom';
import { FeedParseError } from './feed-parse-error';
import { detectFormat } from './format';
import { parseJsonFeed } from './json-feed';
import { openFeed, type ParseFeedOptions } from './parse-feed';
import { parseRss } from './rss';
import { XmlReader } from './xml-reader';
import type { XmlElement } from './xml-tree';
import type { DetachedElement, DetachRule } from './xml-tree-builder';

/** One slice of a document's items, with the feed's own fields as far as they were read. */
export interface FeedBatch {
  feed: ParsedFeed;
  /** The document has ended: `feed` carries its final title, language, ttl and link. */
  last: boolean;
}


/** Items of RSS (under the channel, or the root in RSS 1.0) and Atom entries (under the feed). */
const itemRule: DetachRule = (el, parent, depth) => {
  if (el.name === 'item') return depth === 2 || (depth === 3 && parent.local.toLowerCase() === 'channel');
  return (el.name === 'atom:entry' || el.name === 'entry') && depth === 2 && parent.local.toLowerCase() === 'feed';
};

/**
 * Parses a feed incrementally: items are handed out `size` at a time as the tokenizer reaches them, and
 * their XML is released once converted, so memory follows the batch size, not the document's length.
 * Each batch is read by the same format code as parseFeed (the tree so far with only that batch's items
 * in it), so the items are those parseFeed gives. The channel's own fields come from what was read so
 * far; the last batch (possibly empty) has the document's final ones. A document that turns out to be
 * malformed throws when that is reached, after the batches before it: callers that must not act on part
 * of a document read it through once first (see `scanFeed`). JSON Feed is parsed whole, then sliced.
 */
export function* feedBatches(body: Buffer, options: ParseFeedOptions, size: number): Generator<FeedBatch> {
  const { text, encoding, first, ctx, maxDepth } = openFeed(body, options);
  if (first === '{' || first === '[') {
    const whole = parseJsonFeed(text, encoding, ctx);
    for (let i = 0; i + size < whole.items.length; i += size) yield { feed: { ...whole, items: whole.items.slice(i, i + size) }, last: false };
    const rest = whole.items.length % size || (whole.items.length ? size : 0);
    yield { feed: { ...whole, items: whole.items.slice(whole.items.length - rest) }, last: true };
    return;
  }
  if (first !== '<') throw new FeedParseError('NOT_A_FEED', { found: 'text' });
  const reader = new XmlReader(text, { maxDepth }, ctx.baseUrl, itemRule);
  let more = true;
  while (more && !reader.root) more = reader.step();
  const format = reader.root ? detectFormat(reader.root) : null;
  if (reader.root && (!format || format === 'JSON_FEED')) throw new FeedParseError('NOT_A_FEED', { found: `<${reader.root.local}>` });
  const convert = (items: DetachedElement[]): ParsedFeed => {
    const root = withItems(reader.root!, items);
    return format === 'ATOM' ? parseAtom(root, encoding, ctx) : parseRss(root, format as 'RSS' | 'RDF', encoding, ctx);
  };
  while (more) {
    more = reader.step();
    while (reader.detached.length >= size && more) yield { feed: convert(reader.detached.splice(0, size)), last: false };
  }
  reader.finish();
  while (reader.detached.length > size) yield { feed: convert(reader.detached.splice(0, size)), last: false };
  yield { feed: convert(reader.detached.splice(0)), last: true };
}

/**
 * Reads a whole document once, keeping only each item's guid and link: whether its guids are stable (the
 * identity rule needs the whole document), and a parse error before anything is written. For documents
 * longer than one batch, before their batches are ingested.
 */
export function scanFeed(body: Buffer, options: ParseFeedOptions, size: number, knownUnstable = false): { guidsUnstable: boolean; items: number } {
  const watch = new GuidWatch(knownUnstable);
  let items = 0;
  for (const { feed } of feedBatches(body, options, size)) {
    items += feed.items.length;
    for (const item of feed.items) watch.see({ guid: item.guid, link: canonicalLink(item.link), content: `${item.title ?? ''}\n${item.summary ?? ''}` });
  }
  return { guidsUnstable: watch.unstable, items };
}

/**
 * A shallow copy of the tree read so far with these items put back under the parents they came from (the
 * root, or its channel), for the format code to read. Items still in the tree are the one being read
 * (an open element is in its parent from its start tag on): they are left out until they close.
 */
function withItems(root: XmlElement, items: DetachedElement[]): XmlElement {
  const byParent = new Map<XmlElement, XmlElement[]>();
  for (const { element, parent } of items) {
    const list = byParent.get(parent);
    if (list) list.push(element);
    else byParent.set(parent, [element]);
  }
  const copy = (el: XmlElement, depth: number): XmlElement => {
    const children: XmlElement['children'] = [];
    for (const c of el.children) {
      if (typeof c === 'string') children.push(c);
      else if (itemRule(c, el, depth + 1)) continue;
      else children.push(depth === 1 && c.local.toLowerCase() === 'channel' ? copy(c, 2) : c);
    }
    return { ...el, children: children.concat(byParent.get(el) ?? []) };
  };
  return copy(root, 1);
}
