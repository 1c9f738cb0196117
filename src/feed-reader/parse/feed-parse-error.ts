export const FEED_PARSE_ERROR_CODES = ['EMPTY', 'NOT_A_FEED', 'MALFORMED', 'TOO_LARGE', 'TOO_DEEP'] as const;
export type FeedParseErrorCode = (typeof FEED_PARSE_ERROR_CODES)[number];

/** NOT_A_FEED -> notAFeed: its key in the parse section of locales/<lang>/fetch.json (namespace fetch). */
export function feedParseErrorKey(code: FeedParseErrorCode): string {
  return `fetch:parse.${code.toLowerCase().replace(/_([a-z])/g, (_, c: string) => c.toUpperCase())}`;
}

/** Why a body could not be read as a feed: a stable code and an i18next key with params, never a sentence. */
export class FeedParseError extends Error {
  readonly key: string;

  constructor(
    readonly code: FeedParseErrorCode,
    readonly params: Record<string, string | number> = {},
  ) {
    super(`${code} ${JSON.stringify(params)}`);
    this.name = 'FeedParseError';
    this.key = feedParseErrorKey(code);
  }
}
