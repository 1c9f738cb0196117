import { lookup } from 'node:dns/promises';
import { isIP } from 'node:net';
import { Allowlist, refusalFor } from './address-guard';
import { FetchError } from './fetch-error';
import { parseFetchUrl } from './fetch-feed';

/**
 * The fetcher's guard applied when a feed or mention source is registered, so that an editor learns at once
 * that a URL will never be fetched: http(s) only, no credentials, and no host that resolves to a loopback, private,
 * link-local or reserved address unless FETCH_ALLOWLIST allows it. Throws the fetcher's FetchError.
 * (The fetcher checks again at every poll and redirect, on the address actually dialled.)
 * A name that does not resolve now is accepted: DNS may be down for a moment, and polling reports it.
 */
export async function checkSourceUrl(raw: string, allowlist: Allowlist, timeoutMs = 3000): Promise<string> {
  const url = parseFetchUrl(raw.trim());
  const host = url.hostname.replace(/^\[(.*)\]$/, '$1');
  let addresses: string[] = [];
  if (isIP(host)) addresses = [host];
  else if (!allowlist.allowsHost(host)) {
    try {
      const found = await Promise.race([
        lookup(host, { all: true }),
        new Promise<never>((_, reject) => setTimeout(() => reject(new Error('timeout')), timeoutMs).unref()),
      ]);
      addresses = found.map((a) => a.address);
    } catch {
      addresses = [];
    }
  }
  for (const address of addresses) {
    const range = refusalFor(address, host, allowlist);
    if (range) throw new FetchError('BLOCKED_ADDRESS', { host, address, range });
  }
  return url.toString();
}
