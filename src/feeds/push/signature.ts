import { createHmac, timingSafeEqual, webcrypto } from 'node:crypto';

export type SignatureCheck = 'valid' | 'missing' | 'unsupported-algorithm' | 'malformed' | 'mismatch';

/** "sha256=<hex HMAC-SHA256 of the raw body>" (GitHub's X-Hub-Signature-256). */
export function signBody(body: Buffer | string, secret: string): string {
  return `sha256=${createHmac('sha256', secret).update(body).digest('hex')}`;
}

/**
 * HMAC-SHA256 of the body with Web Crypto: Node computes it on its thread pool, so a 5 MB push does not
 * hold the API's event loop (other requests, /health) while it is hashed once per secret.
 */
async function hmacOffLoop(secret: string, body: Buffer): Promise<Buffer> {
  const key = await webcrypto.subtle.importKey('raw', Buffer.from(secret, 'utf8'), { name: 'HMAC', hash: 'SHA-256' }, false, ['sign']);
  return Buffer.from(await webcrypto.subtle.sign('HMAC', key, body));
}

/** The HMAC the header claims, or why it cannot be checked. */
function claimedHmac(header: string | string[] | undefined): Buffer | Exclude<SignatureCheck, 'valid' | 'mismatch'> {
  if (header === undefined || header === '') return 'missing';
  if (Array.isArray(header)) return 'malformed';
  const match = /^([A-Za-z0-9-]+)=(.*)$/.exec(header.trim());
  if (!match) return 'malformed';
  if (match[1].toLowerCase() !== 'sha256') return 'unsupported-algorithm';
  if (!/^[0-9a-fA-F]{64}$/.test(match[2])) return 'malformed';
  return Buffer.from(match[2].toLowerCase(), 'hex');
}

/**
 * Checks X-Hub-Signature-256 against the body's HMACs under each active secret (computed as the body
 * arrived), in constant time after a length check, every one of them (no early exit, so timing does not
 * tell which matched). Only sha256 is accepted.
 */
export function checkSignature(header: string | string[] | undefined, expected: readonly Buffer[]): SignatureCheck {
  const given = claimedHmac(header);
  if (!Buffer.isBuffer(given)) return given;
  let ok = false;
  for (const e of expected) if (e.length === given.length && timingSafeEqual(e, given)) ok = true;
  return ok ? 'valid' : 'mismatch';
}

/**
 * Verifies X-Hub-Signature-256 against each secret in turn (current first, then the previous one during
 * its overlap window), the HMACs computed off the event loop (see checkSignature).
 */
export async function verifySignature(header: string | string[] | undefined, body: Buffer, secrets: readonly string[]): Promise<SignatureCheck> {
  const given = claimedHmac(header);
  if (!Buffer.isBuffer(given)) return given;
  return checkSignature(header, await Promise.all(secrets.map((secret) => hmacOffLoop(secret, body))));
}
