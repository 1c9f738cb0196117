import { createHash, randomBytes } from 'node:crypto';

/** A new API key: "nd_" + 256 random bits. Only its hash is stored. */
export function generateApiKey(): string {
  return `nd_${randomBytes(32).toString('base64url')}`;
}

export function hashApiKey(key: string): string {
  return createHash('sha256').update(key, 'utf8').digest('hex');
}
