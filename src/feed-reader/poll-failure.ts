import { QueryFailedError } from 'typeorm';
import { DomainError } from '../common/errors';
import type { StoredMessage } from './polled-source.columns';

/** A message key and params for any error a poll can meet (fetcher and parser errors carry their own keys). */
export function storedMessageOf(error: unknown): StoredMessage {
  const e = error as { key?: unknown; params?: unknown; message?: unknown };
  if (error instanceof DomainError) return { key: error.key, params: error.params };
  if (e && typeof e.key === 'string' && e.key.includes(':')) {
    return { key: e.key, params: (e.params && typeof e.params === 'object' ? e.params : {}) as Record<string, unknown> };
  }
  return { key: 'ingest:errors.unexpected', params: { reason: String(e?.message ?? error).slice(0, 300) } };
}

/** Errors that say something about the feed (fetch, HTTP, parse), as opposed to our own infrastructure. */
export function isFeedProblem(error: unknown): boolean {
  if (error instanceof DomainError) return true;
  // Data the database refuses (class 22 data exception, 23 constraint violation) is the feed's doing:
  // retrying cannot help, the feed backs off and shows the error instead.
  const sqlState = error instanceof QueryFailedError ? String((error.driverError as { code?: string }).code ?? '') : '';
  if (/^2[23]/.test(sqlState)) return true;
  const e = error as { name?: string; key?: unknown };
  return !!e && (typeof e.key === 'string' || e.name === 'FetchError' || e.name === 'ParseError' || e.name === 'FeedParseError');
}
