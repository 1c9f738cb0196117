import { createHmac, timingSafeEqual } from 'node:crypto';

export type SignatureCheck = 'valid' | 'missing' | 'unsupported-algorithm' | 'malformed' | 'mismatch';

/** "sha256=<hex HMAC-SHA256 of the raw body>" (GitHub's X-Hub-Signature-256). */
export function signBody(body: Buffer | string, secret: string): string {
  return `sha256=${createHmac('sha256', secret).update(body).digest('hex')}`;
}

/**
 * Verifies X-Hub-Signature-256 against each secret in turn (current first, then the previous one during
 * its overlap window), comparing in constant time after a length check. Only sha256 is accepted.
 */
export function verifySignature(header: string | string[] | undefined, body: Buffer, secrets: readonly string[]): SignatureCheck {
  if (header === undefined || header === '') return 'missing';
  if (Array.isArray(header)) return 'malformed';
  const match = /^([A-Za-z0-9-]+)=(.*)$/.exec(header.trim());
  if (!match) return 'malformed';
  if (match[1].toLowerCase() !== 'sha256') return 'unsupported-algorithm';
  if (!/^[0-9a-fA-F]{64}$/.test(match[2])) return 'malformed';
  const given = Buffer.from(match[2].toLowerCase(), 'hex');
  let ok = false;
  for (const secret of secrets) {
    const expected = createHmac('sha256', secret).update(body).digest();
    // Every secret is checked (no early exit), so timing does not tell which one matched.
    if (expected.length === given.length && timingSafeEqual(expected, given)) ok = true;
  }
  return ok ? 'valid' : 'mismatch';
}
