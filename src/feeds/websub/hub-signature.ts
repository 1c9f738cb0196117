import { timingSafeEqual, webcrypto } from 'node:crypto';

/** The algorithms WebSub allows in X-Hub-Signature (section 8), with their Web Crypto names. */
const ALGORITHMS: Record<string, { name: string; hexLength: number }> = {
  sha1: { name: 'SHA-1', hexLength: 40 },
  sha256: { name: 'SHA-256', hexLength: 64 },
  sha384: { name: 'SHA-384', hexLength: 96 },
  sha512: { name: 'SHA-512', hexLength: 128 },
};

/**
 * Checks a content distribution's `X-Hub-Signature: <method>=<hex HMAC of the raw body>` against the
 * subscription's secret. The HMAC is computed with Web Crypto (on Node's thread pool, so a large body does
 * not hold the API's event loop) and compared in constant time. Any other form, an unknown method or no
 * secret is simply not valid: the caller answers every refusal alike.
 */
export async function hubSignatureValid(header: string | string[] | undefined, body: Buffer, secret: string | null): Promise<boolean> {
  if (!secret || typeof header !== 'string') return false;
  const match = /^([A-Za-z0-9]+)=([0-9a-fA-F]+)$/.exec(header.trim());
  const algorithm = match ? ALGORITHMS[match[1].toLowerCase()] : undefined;
  if (!match || !algorithm || match[2].length !== algorithm.hexLength) return false;
  const key = await webcrypto.subtle.importKey('raw', Buffer.from(secret, 'utf8'), { name: 'HMAC', hash: algorithm.name }, false, ['sign']);
  const expected = Buffer.from(await webcrypto.subtle.sign('HMAC', key, body));
  const given = Buffer.from(match[2].toLowerCase(), 'hex');
  return given.length === expected.length && timingSafeEqual(given, expected);
}
