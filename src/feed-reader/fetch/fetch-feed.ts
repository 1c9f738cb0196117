import { lookup as dnsLookup, type LookupAddress } from 'node:dns';
import http, { type IncomingMessage } from 'node:http';
import https from 'node:https';
import { isIP, type Socket } from 'node:net';
import zlib from 'node:zlib';
import type { AppConfig } from '../../config/app-config';
import type { FetchRequest, FetchResult } from '../feed.types';
import { Allowlist, refusalFor } from './address-guard';
import { FetchError } from './fetch-error';
import { defaultHostQueue, type HostQueue } from './host-queue';

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
  /** One request at a time per host; the process-wide queue unless given. */
  hostQueue?: HostQueue;
}

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
  hostQueue: HostQueue;
}

function settings(options: FetchOptions): Settings {
  return {
    allowlist: options.allowlist instanceof Allowlist ? options.allowlist : new Allowlist(options.allowlist ?? []),
    maxBytes: options.maxBytes ?? FETCH_DEFAULTS.maxBytes,
    connectTimeoutMs: options.connectTimeoutMs ?? FETCH_DEFAULTS.connectTimeoutMs,
    totalTimeoutMs: options.totalTimeoutMs ?? FETCH_DEFAULTS.totalTimeoutMs,
    userAgent: options.userAgent ?? FETCH_DEFAULTS.userAgent,
    maxRedirects: options.maxRedirects ?? FETCH_DEFAULTS.maxRedirects,
    hostQueue: options.hostQueue ?? defaultHostQueue,
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
 * connect timeout and a total deadline, the body capped after decompression, at most `maxRedirects`
 * redirects, conditional GET, one request at a time per host. Throws FetchError.
 */
export async function fetchFeed(request: FetchRequest, options: FetchOptions = {}): Promise<FetchResult> {
  const s = settings(options);
  let url = parseFetchUrl(request.url);
  const seen = new Set<string>([url.href]);
  let deadline: number | null = null;
  for (let redirects = 0; ; redirects++) {
    const hop = await s.hostQueue.run(url.host, () => {
      deadline ??= Date.now() + s.totalTimeoutMs;
      return fetchOnce(url, request, s, deadline);
    });
    if (hop.kind === 'done') return hop.result;
    const next = parseFetchUrl(hop.location, url);
    if (seen.has(next.href)) throw new FetchError('REDIRECT_LOOP', { url: next.href.slice(0, 300) });
    if (redirects + 1 > s.maxRedirects) throw new FetchError('TOO_MANY_REDIRECTS', { max: s.maxRedirects });
    seen.add(next.href);
    url = next;
  }
}

function guardedLookup(hostname: string, allowlist: Allowlist) {
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
    req.on('response', (res) => {
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
      readBody(res, s.maxBytes).then(
        (body) => finish(null, { kind: 'done', result: { ...common, kind: 'ok', body } }),
        (err) => {
          res.destroy();
          finish(err);
        },
      );
    });
    req.end();
  });
}

function toFetchError(err: unknown, url: URL): FetchError {
  if (err instanceof FetchError) return err;
  const e = err as NodeJS.ErrnoException;
  if (e?.cause instanceof FetchError) return e.cause;
  return new FetchError('NETWORK', { host: url.host, reason: e?.code ?? e?.message ?? 'error' }, { cause: err });
}

function header(res: IncomingMessage, name: string): string | null {
  const v = res.headers[name];
  if (Array.isArray(v)) return v[0] ?? null;
  return v ?? null;
}

/** Reads the body through the declared decoder, failing as soon as the decoded size passes the cap. */
function readBody(res: IncomingMessage, maxBytes: number): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const declared = Number(res.headers['content-length']);
    if (Number.isFinite(declared) && declared > maxBytes) {
      return reject(new FetchError('TOO_LARGE', { max: maxBytes }));
    }
    const encoding = (header(res, 'content-encoding') ?? 'identity').trim().toLowerCase();
    let decoder: zlib.Gunzip | zlib.Inflate | zlib.BrotliDecompress | zlib.InflateRaw | null = null;
    let pending: NodeJS.ReadableStream = res;
    const chunks: Buffer[] = [];
    let size = 0;
    let rawSize = 0;
    let done = false;
    const fail = (err: unknown) => {
      if (done) return;
      done = true;
      decoder?.destroy();
      res.destroy();
      reject(err);
    };
    const onData = (chunk: Buffer) => {
      if (done) return;
      size += chunk.length;
      if (size > maxBytes) return fail(new FetchError('TOO_LARGE', { max: maxBytes }));
      chunks.push(chunk);
    };
    const onEnd = () => {
      if (done) return;
      done = true;
      resolve(Buffer.concat(chunks, size));
    };
    res.on('data', (c: Buffer) => {
      rawSize += c.length;
      if (rawSize > maxBytes) fail(new FetchError('TOO_LARGE', { max: maxBytes }));
    });
    res.on('error', fail);
    res.on('aborted', () => fail(new FetchError('NETWORK', { reason: 'aborted' })));
    if (encoding === 'identity' || encoding === '') {
      pending = res;
    } else if (encoding === 'gzip' || encoding === 'x-gzip') {
      decoder = zlib.createGunzip();
    } else if (encoding === 'br') {
      decoder = zlib.createBrotliDecompress();
    } else if (encoding === 'deflate') {
      // "deflate" is zlib-wrapped by the spec, raw deflate by some servers: look at the first bytes.
      return sniffDeflate(res, maxBytes).then(
        (d) => {
          decoder = d.decoder;
          wire(d.decoder, d.first);
        },
        fail,
      );
    } else {
      return fail(new FetchError('BAD_CONTENT_ENCODING', { encoding }));
    }
    wire(decoder, null);

    function wire(d: typeof decoder, first: Buffer | null) {
      if (d) {
        d.on('data', onData);
        d.on('end', onEnd);
        d.on('error', (err: Error) => fail(new FetchError('BAD_CONTENT_ENCODING', { encoding, reason: err.message.slice(0, 100) })));
        if (first) d.write(first);
        res.pipe(d);
      } else {
        pending.on('data', onData);
        pending.on('end', onEnd);
      }
    }
  });
}

function sniffDeflate(res: IncomingMessage, maxBytes: number): Promise<{ decoder: zlib.Inflate | zlib.InflateRaw; first: Buffer }> {
  return new Promise((resolve, reject) => {
    const onData = (chunk: Buffer) => {
      res.pause();
      res.off('data', onData);
      res.off('end', onEnd);
      const zlibWrapped = chunk.length >= 2 && (chunk[0] & 0x0f) === 8 && ((chunk[0] << 8) | chunk[1]) % 31 === 0;
      resolve({ decoder: zlibWrapped ? zlib.createInflate() : zlib.createInflateRaw(), first: chunk });
    };
    const onEnd = () => reject(new FetchError('BAD_CONTENT_ENCODING', { encoding: 'deflate', reason: 'empty' }));
    res.on('data', onData);
    res.on('end', onEnd);
    void maxBytes;
  });
}

/** Cache-Control max-age (no-store/no-cache: 0), else Expires minus the server's Date (or now). */
export function maxAgeOf(res: { headers: IncomingMessage['headers'] }): number | null {
  const cc = String(res.headers['cache-control'] ?? '').toLowerCase();
  if (/\b(no-store|no-cache)\b/.test(cc)) return 0;
  const m = /(?:^|[,\s])max-age\s*=\s*"?(\d+)/.exec(cc);
  if (m) return Math.min(Number(m[1]), 365 * 86400);
  const expires = res.headers.expires;
  if (expires) {
    const at = Date.parse(expires);
    if (Number.isNaN(at)) return 0;
    const now = res.headers.date ? Date.parse(res.headers.date) : NaN;
    return Math.max(0, Math.round((at - (Number.isNaN(now) ? Date.now() : now)) / 1000));
  }
  return null;
}

/** Retry-After as seconds from now (delta-seconds or an HTTP date), or null. */
export function retryAfterOf(res: { headers: IncomingMessage['headers'] }): number | null {
  const value = String(res.headers['retry-after'] ?? '').trim();
  if (!value) return null;
  if (/^\d+$/.test(value)) return Math.min(Number(value), 7 * 86400);
  const at = Date.parse(value);
  if (Number.isNaN(at)) return null;
  return Math.max(0, Math.min(Math.round((at - Date.now()) / 1000), 7 * 86400));
}
