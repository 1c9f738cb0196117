/** The codes a client can receive in extensions.code (the contract's list, plus the generic one). */
export const ERROR_CODES = [
  'BAD_USER_INPUT',
  'UNAUTHENTICATED',
  'FORBIDDEN',
  'NOT_FOUND',
  'CONFLICT',
  'RATE_LIMITED',
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
    case 'INTERNAL_SERVER_ERROR':
      return 500;
  }
}
