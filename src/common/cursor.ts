import { createHmac, timingSafeEqual } from 'node:crypto';
import { badInput } from './errors';
import { isUuid } from './text';

/**
 * Opaque, signed pagination cursors. The payload is the keyset position (e.g. [publishedAt, id]),
 * so a cursor stays valid while rows are inserted; the signature tells issued cursors from forged ones.
 */
export class CursorCodec {
  constructor(private readonly secret: string) {}

  encode(kind: string, position: unknown[]): string {
    const body = Buffer.from(JSON.stringify([kind, ...position])).toString('base64url');
    return `${body}.${this.sign(body)}`;
  }

  /** Returns the position, or throws BAD_USER_INPUT for a cursor newsdesk did not issue for this list. */
  decode(kind: string, cursor: string, valid: (position: unknown[]) => boolean = () => true): unknown[] {
    const [body, signature, extra] = cursor.split('.');
    if (!body || !signature || extra !== undefined || !this.verify(body, signature)) throw invalidCursor();
    let parsed: unknown;
    try {
      parsed = JSON.parse(Buffer.from(body, 'base64url').toString('utf8'));
    } catch {
      throw invalidCursor();
    }
    if (!Array.isArray(parsed) || parsed[0] !== kind || !valid(parsed.slice(1))) throw invalidCursor();
    return parsed.slice(1);
  }

  /** The position of a keyset list ordered by (a text key such as a timestamp, a row id); null without a cursor. */
  decodeKeyset(kind: string, cursor: string | null | undefined): [string, string] | null {
    if (!cursor) return null;
    return this.decode(kind, cursor, isKeyset) as [string, string];
  }

  private sign(body: string): string {
    return createHmac('sha256', this.secret).update(body).digest('base64url').slice(0, 22);
  }

  private verify(body: string, signature: string): boolean {
    const expected = Buffer.from(this.sign(body));
    const given = Buffer.from(signature);
    return expected.length === given.length && timingSafeEqual(expected, given);
  }
}

const invalidCursor = () => badInput('errors:pagination.invalidCursor');

const isKeyset = (p: unknown[]): boolean => p.length === 2 && typeof p[0] === 'string' && typeof p[1] === 'string' && isUuid(p[1]);

export const MAX_PAGE_SIZE = 100;

/** Checks `first` against the contract's bounds (1..100). */
export function pageSize(first: number | null | undefined, fallback = 20): number {
  const size = first ?? fallback;
  if (!Number.isInteger(size) || size < 1 || size > MAX_PAGE_SIZE) {
    throw badInput('errors:pagination.first', { max: MAX_PAGE_SIZE });
  }
  return size;
}
