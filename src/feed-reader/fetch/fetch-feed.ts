import { lookup as dnsLookup, type LookupAddress } from 'node:dns';
import http, { type IncomingMessage } from 'node:http';
import https from 'node:https';
import { isIP, type Socket } from 'node:net';
import type { AppConfig } from '../../config/app-config';
import type { FetchRequest, FetchResult } from '../feed.types';
import { Allowlist, refusalFor } from './address-guard';
import { FetchError } from './fetch-error';
import { header, maxAgeOf, readBody, retryAfterOf } from './http-body';
import { acquireHostSlot, type HostSlot, type HostSlots, LocalHostSlots } from './host-slots';

export interface FetchOptions {
  /** FETCH_ALLOWLIST entries (hosts, IPs, CIDRs) or a parsed Allowlist; empty by default. */
  allowlist?: readonly string[] | Allowlist;
  /** Largest body, counted after decompression (default 10 MB). */
  maxBytes?: number;
  connectTimeoutMs?: number;
  /** Deadline for the whole fetch: every redirect hop and the body. */
  totalTimeoutMs?: number;
  userAgent?: string;
  /** At most this many redirects are followed (default 5). */
  maxRedirects?: number;
  /** At most so many requests at a time per host: the process-wide slots (two per host) unless given. */
  hostSlots?: HostSlots;
  /**
   * How long to wait for a host's slot before the first request (default: the total timeout). 0: never
   * wait, throw HostBusyError (a worker then releases its job instead of holding a slot while waiting).
   */
  hostWaitMs?: number;
}

export { maxAgeOf, retryAfterOf } from './http-body';

export const FETCH_DEFAULTS = {
  maxBytes: 10 * 1024 * 1024,
  connectTimeoutMs: 10_000,
  totalTimeoutMs: 30_000,
  userAgent: 'newsdesk/0.1 (feed fetcher; +https://newsdesk.invalid/bot)',
  maxRedirects: 5,
} as const;

/** FetchOptions from the validated configuration (FETCH_* variables). */
export function fetchOptionsFromConfig(config: AppConfig): FetchOptions {
  const f = config.fetch;
  return {
    allowlist: new Allowlist(f.allowlist),
    maxBytes: f.maxBytes,
    connectTimeoutMs: f.connectTimeoutMs,
    totalTimeoutMs: f.totalTimeoutMs,
    userAgent: f.userAgent,
    hostSlots: f.perHostConcurrency === defaultHostSlots.limit ? defaultHostSlots : new LocalHostSlots(f.perHostConcurrency),
  };
}

const ACCEPT =
  'application/rss+xml, application/atom+xml, application/feed+json, application/rdf+xml;q=0.9, ' +
  'application/xml;q=0.9, text/xml;q=0.9, application/json;q=0.8, */*;q=0.5';

interface Settings {
  allowlist: Allowlist;
  maxBytes: number;
  connectTimeoutMs: number;
  totalTimeoutMs: number;
  userAgent: string;
  maxRedirects: number;
  hostSlots: HostSlots;
  hostWaitMs: number;
}

/** The slots fetchFeed uses unless given others: FETCH_PER_HOST_CONCURRENCY's default, in this process. */
export const defaultHostSlots = new LocalHostSlots(2);

/** A slot is held at most this much longer than the fetch deadline (a dead holder's slot comes free). */
const SLOT_MARGIN_MS = 5_000;

function settings(options: FetchOptions): Settings {
  return {
    allowlist: options.allowlist instanceof Allowlist ? options.allowlist : new Allowlist(options.allowlist ?? []),
    maxBytes: options.maxBytes ?? FETCH_DEFAULTS.maxBytes,
    connectTimeoutMs: options.connectTimeoutMs ?? FETCH_DEFAULTS.connectTimeoutMs,
    totalTimeoutMs: options.totalTimeoutMs ?? FETCH_DEFAULTS.totalTimeoutMs,
    userAgent: options.userAgent ?? FETCH_DEFAULTS.userAgent,
    maxRedirects: options.maxRedirects ?? FETCH_DEFAULTS.maxRedirects,
    hostSlots: options.hostSlots ?? defaultHostSlots,
    hostWaitMs: options.hostWaitMs ?? options.totalTimeoutMs ?? FETCH_DEFAULTS.totalTimeoutMs,
  };
}

/** http(s) URLs only; the WHATWG parser also normalises odd IPv4 spellings (0x7f.1, 2130706433). */
export function parseFetchUrl(raw: string, base?: URL): URL {
  let url: URL;
  try {
    url = new URL(raw, base);
  } catch {
    throw new FetchError('BAD_URL', { url: String(raw).slice(0, 300) });
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') {
    throw new FetchError('UNSUPPORTED_SCHEME', { scheme: url.protocol.replace(/:$/, ''), url: url.href.slice(0, 300) });
  }
  if (url.username || url.password) throw new FetchError('BAD_URL', { url: `${url.protocol}//${url.host}` });
  return url;
}

type Hop =
  | { kind: 'redirect'; status: number; location: string }
  | { kind: 'done'; result: FetchResult };

/**
 * GETs a feed safely: http(s) only, the private-network guard on the address actually dialled at every hop,
 * connect timeout and a total deadline that starts with the first request (never while waiting for a
 * host), the body capped after decompression, at most `maxRedirects` redirects, conditional GET, at most
 * the host's limit of requests at a time to one host. Throws FetchError, or HostBusyError before any
 * request when the first host stays busy for `hostWaitMs`.
 */
export async function fetchFeed(request: FetchRequest, options: FetchOptions = {}): Promise<FetchResult> {
  const s = settings(options);
  let url = parseFetchUrl(request.url);
  const seen = new Set<string>([url.href]);
  const hold = s.totalTimeoutMs + SLOT_MARGIN_MS;
  let slot: HostSlot = await acquireHostSlot(s.hostSlots, url.host, hold, s.hostWaitMs);
  const deadline = Date.now() + s.totalTimeoutMs;
  try {
    for (let redirects = 0; ; redirects++) {
      if (slot.host !== url.host.toLowerCase()) {
        await slot.release();
        // A redirect to another host: wait for its slot within the deadline that is already running.
        slot = await acquireHostSlot(s.hostSlots, url.host, hold, Math.max(0, deadline - Date.now())).catch(() => {
          throw new FetchError('TIMEOUT', { ms: s.totalTimeoutMs });
        });
      }
      const hop = await fetchOnce(url, request, s, deadline);
      if (hop.kind === 'done') return hop.result;
      const next = parseFetchUrl(hop.location, url);
      if (seen.has(next.href)) throw new FetchError('REDIRECT_LOOP', { url: next.href.slice(0, 300) });
      if (redirects + 1 > s.maxRedirects) throw new FetchError('TOO_MANY_REDIRECTS', { max: s.maxRedirects });
      seen.add(next.href);
      url = next;
    }
  } finally {
    await slot.release().catch(() => undefined); // a hold that cannot be released ends by itself
  }
}

/** A DNS lookup for `hostname` that refuses (as BLOCKED_ADDRESS) a name resolving to any address the guard refuses. */
export function guardedLookup(hostname: string, allowlist: Allowlist) {
  return (
    host: string,
    opts: { family?: number; all?: boolean; hints?: number },
    callback: (err: Error | null, address?: string | LookupAddress[], family?: number) => void,
  ) => {
    dnsLookup(host, { family: opts.family ?? 0, hints: opts.hints, all: true }, (err, addresses) => {
      if (err) return callback(new FetchError('DNS', { host: hostname, reason: err.code ?? 'lookup' }, { cause: err }));
      if (!addresses.length) return callback(new FetchError('DNS', { host: hostname, reason: 'no address' }));
      // A name that resolves to any refused address is refused as a whole.
      for (const a of addresses) {
        const reason = refusalFor(a.address, hostname, allowlist);
        if (reason) return callback(new FetchError('BLOCKED_ADDRESS', { host: hostname, address: a.address, range: reason }));
      }
      if (opts.all) callback(null, addresses);
      else callback(null, addresses[0].address, addresses[0].family);
    });
  };
}

function fetchOnce(url: URL, request: FetchRequest, s: Settings, deadline: number): Promise<Hop> {
  const hostname = url.hostname.replace(/^\[(.*)\]$/, '$1');
  if (isIP(hostname)) {
    const reason = refusalFor(hostname, hostname, s.allowlist);
    if (reason) return Promise.reject(new FetchError('BLOCKED_ADDRESS', { host: hostname, address: hostname, range: reason }));
  }
  const remaining = deadline - Date.now();
  if (remaining <= 0) return Promise.reject(new FetchError('TIMEOUT', { ms: s.totalTimeoutMs }));

  const headers: Record<string, string> = {
    'user-agent': s.userAgent,
    accept: ACCEPT,
    'accept-encoding': 'gzip, deflate, br',
  };
  if (request.etag) headers['if-none-match'] = request.etag;
  if (request.lastModified) headers['if-modified-since'] = request.lastModified;

  return new Promise<Hop>((resolve, reject) => {
    let settled = false;
    const timers: NodeJS.Timeout[] = [];
    const finish = (err: unknown, hop?: Hop) => {
      if (settled) return;
      settled = true;
      timers.forEach(clearTimeout);
      if (err) {
        req.destroy();
        reject(toFetchError(err, url));
      } else resolve(hop!);
    };
    const mod = url.protocol === 'https:' ? https : http;
    const req = mod.request({
      protocol: url.protocol,
      hostname,
      port: url.port || undefined,
      path: `${url.pathname}${url.search}`,
      method: 'GET',
      headers,
      agent: false,
      lookup: guardedLookup(hostname, s.allowlist) as never,
      servername: isIP(hostname) ? undefined : hostname,
    });
    timers.push(setTimeout(() => finish(new FetchError('TIMEOUT', { ms: s.totalTimeoutMs })), remaining));
    timers.push(
      setTimeout(() => finish(new FetchError('CONNECT_TIMEOUT', { ms: s.connectTimeoutMs })), Math.min(s.connectTimeoutMs, remaining)),
    );
    req.on('socket', (socket: Socket) => {
      // The connect timeout covers TCP and, for https, the TLS handshake.
      socket.once(url.protocol === 'https:' ? 'secureConnect' : 'connect', () => clearTimeout(timers[1]));
      socket.once('connect', () => {
        // Belt and braces: the peer we are actually connected to must pass the guard too.
        const peer = socket.remoteAddress;
        const reason = peer ? refusalFor(peer, hostname, s.allowlist) : 'unknown';
        if (reason) finish(new FetchError('BLOCKED_ADDRESS', { host: hostname, address: peer ?? '', range: reason }));
      });
    });
    req.on('error', (err) => finish(err));
    req.on('response', (res) => onResponse(res, url, request, s.maxBytes, finish));
    req.end();
  });
}

/** The answer to one request: a redirect hop, a 304, an HTTP error, or the body read under the cap. */
function onResponse(res: IncomingMessage, url: URL, request: FetchRequest, maxBytes: number, finish: (err: unknown, hop?: Hop) => void): void {
  const status = res.statusCode ?? 0;
  if ([301, 302, 303, 307, 308].includes(status)) {
    const location = res.headers.location;
    res.resume();
    if (!location) return finish(new FetchError('HTTP_STATUS', { status }, { httpStatus: status }));
    return finish(null, { kind: 'redirect', status, location });
  }
  const common = {
    finalUrl: url.href,
    httpStatus: status,
    contentType: header(res, 'content-type'),
    etag: header(res, 'etag'),
    lastModified: header(res, 'last-modified'),
    maxAgeSeconds: maxAgeOf(res),
    link: linkHeader(res),
  };
  if (status === 304) {
    res.resume();
    return finish(null, {
      kind: 'done',
      result: {
        ...common,
        kind: 'not-modified',
        etag: common.etag ?? request.etag ?? null,
        lastModified: common.lastModified ?? request.lastModified ?? null,
      },
    });
  }
  if (status < 200 || status >= 300) {
    res.resume();
    const retryAfterSeconds = status === 429 || status === 503 ? retryAfterOf(res) : null;
    return finish(new FetchError('HTTP_STATUS', { status }, { httpStatus: status, retryAfterSeconds }));
  }
  readBody(res, maxBytes).then(
    (body) => finish(null, { kind: 'done', result: { ...common, kind: 'ok', body } }),
    (err) => {
      res.destroy();
      finish(err);
    },
  );

}

/** Every Link header of the answer as one list (a server may send several). */
function linkHeader(res: IncomingMessage): string | null {
  const v = res.headers.link;
  return Array.isArray(v) ? v.join(', ') || null : (v ?? null);
}

function toFetchError(err: unknown, url: URL): FetchError {
  if (err instanceof FetchError) return err;
  const e = err as NodeJS.ErrnoException;
  if (e?.cause instanceof FetchError) return e.cause;
  return new FetchError('NETWORK', { host: url.host, reason: e?.code ?? e?.message ?? 'error' }, { cause: err });
}
