import { createHash, randomBytes } from 'node:crypto';

/** A new API key: "nd_" + 256 random bits. Only its hash is stored. */
export function generateApiKey(): string {
  return `nd_${randomBytes(32).toString('base64url')}`;
}

export function hashApiKey(key: string): string {
  return createHash('sha256').update(key, 'utf8').digest('hex');
}

/** Reads "Authorization: Bearer <key>"; undefined when absent, null when malformed. */
export function bearerToken(header: string | undefined): string | null | undefined {
  if (header === undefined || header === '') return undefined;
  const match = /^Bearer\s+(\S+)\s*$/i.exec(header);
  return match ? match[1] : null;
}
