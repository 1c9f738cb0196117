import http from 'node:http';
import https from 'node:https';
import { isIP, type Socket } from 'node:net';
import { Allowlist, refusalFor } from './address-guard';
import { FetchError } from './fetch-error';
import { guardedLookup, parseFetchUrl } from './fetch-feed';

export interface PostOptions {
  allowlist: Allowlist;
  /** Deadline for connecting, sending and the answer's status line and headers. */
  timeoutMs: number;
  userAgent: string;
}

/**
 * POSTs `body` to `url` under the same private-network guard as fetching feeds (http(s) only, no
 * credentials, every address dialled checked, the connected peer checked again), follows no redirect, and
 * answers the HTTP status as soon as the headers arrive: the answer's body is never read. Throws
 * FetchError (BLOCKED_ADDRESS, DNS, TIMEOUT, NETWORK, BAD_URL ...).
 */
export async function postGuarded(rawUrl: string, body: string, headers: Record<string, string>, options: PostOptions): Promise<{ status: number }> {
  const url = parseFetchUrl(rawUrl);
  const hostname = url.hostname.replace(/^\[(.*)\]$/, '$1');
  if (isIP(hostname)) {
    const reason = refusalFor(hostname, hostname, options.allowlist);
    if (reason) throw new FetchError('BLOCKED_ADDRESS', { host: hostname, address: hostname, range: reason });
  }
  return new Promise((resolve, reject) => {
    let settled = false;
    const finish = (error: unknown, status?: number) => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      req.destroy();
      if (error) reject(toFetchError(error, url));
      else resolve({ status: status! });
    };
    const mod = url.protocol === 'https:' ? https : http;
    const payload = Buffer.from(body, 'utf8');
    const req = mod.request({
      protocol: url.protocol,
      hostname,
      port: url.port || undefined,
      path: `${url.pathname}${url.search}`,
      method: 'POST',
      headers: { ...headers, 'user-agent': options.userAgent, 'content-length': String(payload.length) },
      agent: false,
      lookup: guardedLookup(hostname, options.allowlist) as never,
      servername: isIP(hostname) ? undefined : hostname,
    });
    const timer = setTimeout(() => finish(new FetchError('TIMEOUT', { ms: options.timeoutMs })), options.timeoutMs);
    req.on('socket', (socket: Socket) => {
      socket.once('connect', () => {
        const peer = socket.remoteAddress;
        const reason = peer ? refusalFor(peer, hostname, options.allowlist) : 'unknown';
        if (reason) finish(new FetchError('BLOCKED_ADDRESS', { host: hostname, address: peer ?? '', range: reason }));
      });
    });
    req.on('error', (error) => finish(error));
    req.on('response', (res) => finish(null, res.statusCode ?? 0));
    req.end(payload);
  });
}

function toFetchError(error: unknown, url: URL): FetchError {
  if (error instanceof FetchError) return error;
  const e = error as NodeJS.ErrnoException;
  if (e?.cause instanceof FetchError) return e.cause;
  return new FetchError('NETWORK', { host: url.host, reason: e?.code ?? 'error' }, { cause: error });
}
