/**
 * Google's redirect links (Google Alerts feeds and e-mails, search results) wrap the real link:
 * `https://www.google.com/url?rct=j&sa=t&url=<target>&ct=ga&cd=…&usg=…`, or `…/url?q=<target>&sa=U&ved=…`.
 * Unwrapped before a mention is stored, so the same article reached through Google and directly is one
 * mention, and its link can point to our articles. Pure: no I/O.
 */

/** google.com, google.fr, google.co.uk, google.com.br, … with or without www. */
const GOOGLE_HOST = /^(?:www\.)?google\.(?:[a-z]{2,3}|co\.[a-z]{2}|com\.[a-z]{2})$/;

/** Wrapped links may themselves be wrapped; a few levels are plenty, and a loop cannot spin. */
const MAX_HOPS = 3;

function isHttpUrl(value: string): boolean {
  try {
    const url = new URL(value);
    return url.protocol === 'http:' || url.protocol === 'https:';
  } catch {
    return false;
  }
}

/** The target of one Google redirect link, or null when `value` is not one (or wraps no http(s) URL). */
function targetOf(value: string): string | null {
  let url: URL;
  try {
    url = new URL(value);
  } catch {
    return null;
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') return null;
  if (!GOOGLE_HOST.test(url.hostname) || url.pathname !== '/url') return null;
  for (const name of ['url', 'q']) {
    const target = url.searchParams.get(name)?.trim();
    if (target && isHttpUrl(target)) return target;
  }
  return null;
}

/** The link a Google redirect points to (unwrapped repeatedly); any other link unchanged. */
export function unwrapRedirect(value: string): string {
  let current = value.trim();
  for (let hop = 0; hop < MAX_HOPS; hop++) {
    const target = targetOf(current);
    if (!target) break;
    current = target;
  }
  return current;
}
