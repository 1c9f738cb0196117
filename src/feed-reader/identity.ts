import { createHash } from 'node:crypto';

/** Query parameters that only track the reader; they never make two links different articles. */
const TRACKING_EXACT = new Set([
  'fbclid', 'gclid', 'gclsrc', 'dclid', 'gbraid', 'wbraid', 'msclkid', 'yclid', 'twclid', 'ttclid', 'igshid', 'li_fat_id',
  'mc_cid', 'mc_eid', '_hsenc', '_hsmi', '__hstc', '__hssc', '__hsfp', 'hsctatracking', 'mkt_tok', 'oly_anon_id',
  'oly_enc_id', 'vero_id', 'vero_conv', '_ga', '_gl', 'ref_src', 'ref_url', 'cmpid', 'spm', 'wt_mc', 'at_medium',
  'at_campaign', 'ncid', 's_cid', 'sr_share',
]);
const TRACKING_PREFIXES = ['utm_', 'pk_', 'mtm_', 'ga_', 'hmb_'];

export function isTrackingParam(name: string): boolean {
  const lower = name.toLowerCase();
  return TRACKING_EXACT.has(lower) || TRACKING_PREFIXES.some((p) => lower.startsWith(p));
}

/**
 * The canonical form of an item link, used for identities and translation linking: http(s) only,
 * tracking parameters and the fragment removed, host lower-cased, default port dropped. Null when the
 * value is not an absolute http(s) URL.
 */
export function canonicalLink(value: string | null | undefined): string | null {
  if (!value) return null;
  let url: URL;
  try {
    url = new URL(value.trim());
  } catch {
    return null;
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') return null;
  url.hash = '';
  const kept = [...url.searchParams.entries()].filter(([name]) => !isTrackingParam(name));
  url.search = '';
  for (const [name, v] of kept) url.searchParams.append(name, v);
  return url.toString();
}

export const sha256 = (text: string | Buffer) => createHash('sha256').update(text).digest('hex');

export interface IdentityInput {
  guid: string | null;
  /** Already canonical (see canonicalLink). */
  link: string | null;
  /** Text that identifies the item when it has neither guid nor link (title, summary, body). */
  content: string;
}

export interface Identities {
  identities: string[];
  /** Some guid was used for different items in this document: guids alone are not trusted for this feed. */
  guidsUnstable: boolean;
}

const cleanGuid = (guid: string | null) => (guid && guid.trim() ? guid.trim() : null);

/**
 * The identity of each item within its section: the guid when the feed keeps guids stable, else the
 * canonical link, else a hash of its content. A feed that repeats one guid for different items (a
 * different link, or no link and different content) falls back to guid + link for every item, also when
 * `knownUnstable` says an earlier document did so.
 */
export function itemIdentities(items: readonly IdentityInput[], knownUnstable = false): Identities {
  const watch = new GuidWatch(knownUnstable);
  for (const item of items) watch.see(item);
  const unstable = watch.unstable;
  const identities = items.map((item) => {
    const guid = cleanGuid(item.guid);
    if (guid && !unstable) return `guid:${guid}`;
    if (guid && item.link) return `guid+link:${guid} ${item.link}`;
    if (item.link) return `link:${item.link}`;
    return `hash:${sha256(`${guid ?? ''}\n${item.content}`)}`;
  });
  return { identities, guidsUnstable: unstable };
}

/** Watches a document's guids, also when it is read in parts: unstable once one guid names two different items. */
export class GuidWatch {
  private readonly seen = new Map<string, string>();

  constructor(public unstable = false) {}

  see(item: IdentityInput): void {
    const guid = cleanGuid(item.guid);
    if (!guid || this.unstable) return;
    const what = item.link ?? `#${sha256(item.content)}`;
    const before = this.seen.get(guid);
    if (before !== undefined && before !== what) this.unstable = true;
    this.seen.set(guid, what);
  }
}
