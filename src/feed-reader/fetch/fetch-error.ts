export const FETCH_ERROR_CODES = [
  'BAD_URL',
  'UNSUPPORTED_SCHEME',
  'BLOCKED_ADDRESS',
  'DNS',
  'CONNECT_TIMEOUT',
  'TIMEOUT',
  'TOO_LARGE',
  'TOO_MANY_REDIRECTS',
  'REDIRECT_LOOP',
  'HTTP_STATUS',
  'BAD_CONTENT_ENCODING',
  'NETWORK',
] as const;
export type FetchErrorCode = (typeof FETCH_ERROR_CODES)[number];

/** BAD_URL -> badUrl: its key in the errors section of locales/<lang>/fetch.json (namespace fetch). */
export function fetchErrorKey(code: FetchErrorCode): string {
  return `fetch:errors.${code.toLowerCase().replace(/_([a-z])/g, (_, c: string) => c.toUpperCase())}`;
}

/** Codes that another attempt cannot fix without a change of the feed's URL, the server or the configuration. */
const PERMANENT: ReadonlySet<FetchErrorCode> = new Set([
  'BAD_URL',
  'UNSUPPORTED_SCHEME',
  'BLOCKED_ADDRESS',
  'TOO_MANY_REDIRECTS',
  'REDIRECT_LOOP',
  'TOO_LARGE',
]);

/**
 * Why a fetch failed: a stable code, an i18next key (namespace `fetch`) with its params, never a sentence.
 * `retryAfterSeconds` carries the server's Retry-After on 429/503.
 */
export class FetchError extends Error {
  readonly key: string;

  constructor(
    readonly code: FetchErrorCode,
    readonly params: Record<string, string | number> = {},
    readonly options: { retryAfterSeconds?: number | null; httpStatus?: number; cause?: unknown } = {},
  ) {
    super(`${code} ${JSON.stringify(params)}`, options.cause ? { cause: options.cause } : undefined);
    this.name = 'FetchError';
    this.key = fetchErrorKey(code);
  }

  get retryAfterSeconds(): number | null {
    return this.options.retryAfterSeconds ?? null;
  }

  get httpStatus(): number | null {
    return this.options.httpStatus ?? null;
  }

  /** False when retrying soon cannot help (the caller still backs off; it never forgets the feed). */
  get retryable(): boolean {
    if (PERMANENT.has(this.code)) return false;
    if (this.code === 'HTTP_STATUS') {
      const s = this.options.httpStatus ?? 0;
      return s >= 500 || s === 408 || s === 425 || s === 429;
    }
    return true;
  }
}
