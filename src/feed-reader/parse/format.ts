import type { FeedFormat } from '../feed.types';
import { decodeFeedBytes } from './encoding';
import { skipProlog, type XmlElement } from './xml-tree';

/** The format of a decoded document, or null when it is not a feed newsdesk reads. */
export function detectFormat(root: XmlElement | Record<string, unknown>): FeedFormat | null {
  if (!isXml(root)) {
    const version = typeof root.version === 'string' ? root.version : '';
    return /jsonfeed\.org\/version\//.test(version) || (Array.isArray(root.items) && typeof root.title === 'string') ? 'JSON_FEED' : null;
  }
  const local = root.local.toLowerCase();
  if (local === 'rss') return 'RSS';
  if (local === 'rdf') return 'RDF';
  if (local === 'feed' || local === 'entry') return 'ATOM';
  if (local === 'channel') return 'RSS';
  return null;
}

/**
 * A cheap look at a body's format without parsing it (for answering a push quickly, or choosing an icon):
 * the JSON Feed version, or the name of the first XML element. Null when it is neither.
 */
export function sniffFormat(body: Buffer, contentType?: string | null): FeedFormat | null {
  const head = decodeFeedBytes(body.subarray(0, 4096), contentType).text.replace(/^\uFEFF/, '').trimStart();
  if (head.startsWith('{')) return /"version"\s*:\s*"https?:\/\/jsonfeed\.org\/version\//.test(head) ? 'JSON_FEED' : null;
  const start = skipProlog(head);
  const m = start < 0 ? null : /^<([A-Za-z_][\w.:-]{0,100})/.exec(head.slice(start, start + 120));
  if (!m) return null;
  const local = m[1].slice(m[1].indexOf(':') + 1).toLowerCase();
  return local === 'rss' || local === 'channel' ? 'RSS' : local === 'rdf' ? 'RDF' : local === 'feed' || local === 'entry' ? 'ATOM' : null;
}

const isXml = (v: unknown): v is XmlElement => typeof v === 'object' && v !== null && 'children' in v && 'attrs' in v;

