import type { WebSubLinks } from './feed.types';
import { resolveUrl } from './parse/feed-helpers';

/**
 * WebSub discovery (W3C WebSub, section 4): a topic advertises its hubs and its own URL with rel="hub" and
 * rel="self", in HTTP Link headers (which take precedence) or in the document itself. Pure functions.
 */

/** The links of an RFC 8288 Link header: each `<target>` with the space-separated relation types of its rel. */
export function parseLinkHeader(value: string | null | undefined): { href: string; rels: string[] }[] {
  if (!value) return [];
  const out: { href: string; rels: string[] }[] = [];
  // <uri>; param=value; param="quoted, value", <uri2>; ...
  const link = /<([^>]*)>((?:\s*;\s*[A-Za-z0-9!#$&+.^_`|~*-]+\s*(?:=\s*(?:"(?:[^"\\]|\\.)*"|[^;,]*))?)*)/g;
  for (const match of value.matchAll(link)) {
    const params = match[2];
    const rel = /;\s*rel\s*=\s*(?:"((?:[^"\\]|\\.)*)"|([^;,\s]+))/i.exec(params);
    const rels = (rel?.[1] ?? rel?.[2] ?? '').toLowerCase().split(/\s+/).filter(Boolean);
    if (rels.length) out.push({ href: match[1].trim(), rels });
  }
  return out;
}

/** rel="hub" and rel="self" among links (each resolved against its own base, then `bases`); hubs in order, without repeats. */
export function webSubLinksOf(links: readonly { href: string; rels: readonly string[]; base?: string | null }[], ...bases: (string | null | undefined)[]): WebSubLinks {
  const hubs: string[] = [];
  let self: string | null = null;
  for (const l of links) {
    const url = resolveUrl(l.href, l.base, ...bases);
    if (!url) continue;
    if (l.rels.includes('hub') && !hubs.includes(url)) hubs.push(url);
    if (l.rels.includes('self') && self === null) self = url;
  }
  return { hubs, self };
}

/**
 * What a fetched feed advertises: the Link header's hubs and self when it names a hub, else the
 * document's; the topic falls back to the URL it was fetched from when neither names itself. Null when no
 * hub is advertised.
 */
export function discoverWebSub(linkHeader: string | null | undefined, document: WebSubLinks | undefined, fetchedUrl: string): { hub: string; topic: string } | null {
  const http = webSubLinksOf(parseLinkHeader(linkHeader), fetchedUrl);
  const hubs = http.hubs.length ? http.hubs : (document?.hubs ?? []);
  if (!hubs.length) return null;
  const topic = http.self ?? document?.self ?? fetchedUrl;
  return { hub: hubs[0], topic };
}
