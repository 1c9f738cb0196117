import { createHash, randomBytes, timingSafeEqual } from 'node:crypto';

/**
 * The private token of a watch's Atom feed: 256 random bits, printable. Stored as its SHA-256 (what a request is
 * checked against, in constant time) and sealed with SECRET_KEY (only to show the feed's URL to editors).
 */
export const generateFeedToken = (): string => randomBytes(32).toString('base64url');

export const hashFeedToken = (token: string): Buffer => createHash('sha256').update(token, 'utf8').digest();

/** Whether `given` is the token whose hash is `stored` (null: none stored); the same work either way. */
export function feedTokenMatches(given: string | null | undefined, stored: Buffer | null): boolean {
  const expected = stored ?? UNMATCHABLE;
  const ok = timingSafeEqual(hashFeedToken(typeof given === 'string' ? given : ''), expected);
  return ok && stored !== null && !!given;
}

/** Compared against when a watch has no token, so unknown watches cost what wrong tokens cost. */
const UNMATCHABLE = createHash('sha256').update('newsdesk: no feed token').digest();
