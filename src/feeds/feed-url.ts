import { badInput } from '../common/errors';

export const FEED_URL_MAX = 2048;

/**
 * A feed URL as stored: absolute http(s), without credentials, at most FEED_URL_MAX characters, the fragment
 * dropped; else BAD_USER_INPUT. Private addresses are refused by the fetcher's guard (at fetch time, after
 * DNS; at registration too where checkSourceUrl is called).
 */
export function feedUrl(raw: string): string {
  const value = (raw ?? '').trim();
  let url: URL;
  try {
    url = new URL(value);
  } catch {
    throw badInput('ingest:feed.badUrl', { url: value.slice(0, 300) });
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') throw badInput('ingest:feed.badUrl', { url: value.slice(0, 300) });
  if (url.username || url.password) throw badInput('ingest:feed.credentialsInUrl');
  if (value.length > FEED_URL_MAX) throw badInput('ingest:feed.urlTooLong', { max: FEED_URL_MAX });
  url.hash = '';
  return url.toString();
}

/** The schedule of a feed registered without an interval: hourly at first, then adapting to how often it publishes. */
export const DEFAULT_INTERVAL = { pollIntervalMinutes: 60, intervalFixed: false } as const;
