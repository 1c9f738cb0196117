/** The codes a client can receive in extensions.code (the contract's list, plus the generic one). */
export const ERROR_CODES = [
  'BAD_USER_INPUT',
  'UNAUTHENTICATED',
  'FORBIDDEN',
  'NOT_FOUND',
  'CONFLICT',
  'RATE_LIMITED',
  'SERVICE_UNAVAILABLE',
  'INTERNAL_SERVER_ERROR',
] as const;
export type ErrorCode = (typeof ERROR_CODES)[number];

/**
 * A rule the caller broke. Services throw it with a code and an i18next key ("namespace:path")
 * and never a finished sentence: the message is translated in one place, into the request's language.
 */
export class DomainError extends Error {
  constructor(
    readonly code: ErrorCode,
    readonly key: string,
    readonly params: Record<string, unknown> = {},
    readonly extensions: Record<string, unknown> = {},
  ) {
    super(`${code}: ${key} ${JSON.stringify(params)}`);
    this.name = 'DomainError';
  }
}

export const badInput = (key: string, params?: Record<string, unknown>, extensions?: Record<string, unknown>) =>
  new DomainError('BAD_USER_INPUT', key, params, extensions);
export const notFound = (key: string, params?: Record<string, unknown>) => new DomainError('NOT_FOUND', key, params);
export const forbidden = (key = 'errors:auth.forbidden', params?: Record<string, unknown>) =>
  new DomainError('FORBIDDEN', key, params);
export const unauthenticated = (key = 'errors:auth.unauthenticated') => new DomainError('UNAUTHENTICATED', key);
export const conflict = (key: string, params?: Record<string, unknown>, extensions?: Record<string, unknown>) =>
  new DomainError('CONFLICT', key, params, extensions);

/** HTTP status for REST routes (push, feeds, health). */
export function httpStatusOf(code: ErrorCode): number {
  switch (code) {
    case 'BAD_USER_INPUT':
      return 400;
    case 'UNAUTHENTICATED':
      return 401;
    case 'FORBIDDEN':
      return 403;
    case 'NOT_FOUND':
      return 404;
    case 'CONFLICT':
      return 409;
    case 'RATE_LIMITED':
      return 429;
    case 'SERVICE_UNAVAILABLE':
      return 503;
    case 'INTERNAL_SERVER_ERROR':
      return 500;
  }
}

/** Socket-level failures: the peer (PostgreSQL, Redis) is down, restarting or unreachable. */
const CONNECTION_ERRNOS = new Set(['ECONNREFUSED', 'ECONNRESET', 'ETIMEDOUT', 'EPIPE', 'EHOSTUNREACH', 'ENETUNREACH', 'ENOTFOUND', 'EAI_AGAIN']);
/** node-postgres' own words when a connection cannot be made or was lost (it sets no code on these). */
const CONNECTION_MESSAGES = /^(Connection terminated|timeout exceeded when trying to connect|Client has encountered a connection error|Connection is closed)/;

/**
 * True when an error says a backing service is unreachable rather than that a request is wrong: a refused or
 * reset socket, node-postgres' connect timeout, or PostgreSQL's class 08 (connection exception) and 57P0x
 * (shutting down, starting up) codes. Such errors become a translated SERVICE_UNAVAILABLE (503), never raw.
 */
export function isServiceOutage(error: unknown, depth = 0): boolean {
  if (!error || typeof error !== 'object' || depth > 3) return false;
  const e = error as { code?: unknown; message?: unknown; errors?: unknown; cause?: unknown; driverError?: unknown };
  const code = typeof e.code === 'string' ? e.code : '';
  if (CONNECTION_ERRNOS.has(code) || code.startsWith('08') || /^57P0[1-3]$/.test(code)) return true;
  if (typeof e.message === 'string' && CONNECTION_MESSAGES.test(e.message)) return true;
  // TypeORM wraps the driver's error; an AggregateError (IPv4 and IPv6 both refused) holds several.
  const inner = [e.driverError, e.cause, ...(Array.isArray(e.errors) ? (e.errors as unknown[]) : [])];
  return inner.some((x) => isServiceOutage(x, depth + 1));
}

/** node-postgres' pool when all its connections stayed in use for the whole connect timeout: busy, not down. */
const POOL_BUSY = 'timeout exceeded when trying to connect';

export function isPoolBusy(error: unknown, depth = 0): boolean {
  if (!error || typeof error !== 'object' || depth > 3) return false;
  const e = error as { message?: unknown; cause?: unknown; driverError?: unknown };
  return e.message === POOL_BUSY || isPoolBusy(e.driverError, depth + 1) || isPoolBusy(e.cause, depth + 1);
}

/**
 * The translated answer to an outage of the database (`cause`: the error that said so): the id ties the
 * client's report to the log line. A pool with no free connection is told apart: the database is up, the
 * service is busy (under 50 clients searching a common word, say).
 */
export const serviceUnavailable = (errorId: string, cause?: unknown) =>
  new DomainError('SERVICE_UNAVAILABLE', isPoolBusy(cause) ? 'service:unavailable.busy' : 'service:unavailable.database', { errorId }, { errorId });
