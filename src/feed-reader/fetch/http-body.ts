import type { IncomingMessage } from 'node:http';
import zlib from 'node:zlib';
import { FetchError } from './fetch-error';

/** Reading an HTTP answer: headers, freshness hints, and the body under a cap counted after decompression. */

export function header(res: IncomingMessage, name: string): string | null {
  const v = res.headers[name];
  if (Array.isArray(v)) return v[0] ?? null;
  return v ?? null;
}

/** Reads the body through the declared decoder, failing as soon as the decoded size passes the cap. */
export function readBody(res: IncomingMessage, maxBytes: number): Promise<Buffer> {
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
      reject(err instanceof Error ? err : new Error(String(err)));
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
      // The executor returns nothing: errors reach `fail` (and so reject), never an unhandled promise.
      void sniffDeflate(res, maxBytes).then(
        (d) => {
          decoder = d.decoder;
          wire(d.decoder, d.first);
        },
        fail,
      );
      return;
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
