import { createHash } from 'node:crypto';

/** A strong ETag for a response body. */
export function etagOf(body: string): string {
  return `"${createHash('sha256').update(body).digest('base64url').slice(0, 27)}"`;
}

/**
 * RFC 9110 conditional GET: If-None-Match decides when present (weak comparison, lists and "*");
 * else If-Modified-Since against Last-Modified, at one-second precision.
 */
export function isNotModified(
  headers: { 'if-none-match'?: string; 'if-modified-since'?: string },
  etag: string,
  lastModified: Date | null,
): boolean {
  const inm = headers['if-none-match'];
  if (inm !== undefined) {
    const opaque = (tag: string) => tag.trim().replace(/^W\//, '');
    return inm.trim() === '*' || inm.split(',').some((tag) => opaque(tag) === opaque(etag));
  }
  const ims = headers['if-modified-since'];
  if (ims === undefined || lastModified === null) return false;
  const since = Date.parse(ims);
  return Number.isFinite(since) && Math.floor(lastModified.getTime() / 1000) <= Math.floor(since / 1000);
}
