import { maxAgeOf, parseFetchUrl, retryAfterOf } from './fetch-feed';

const headers = (h: Record<string, string>) => ({ headers: h });

describe('freshness and retry headers', () => {
  it('reads Cache-Control max-age, no-cache/no-store, and Expires against the server date', () => {
    expect(maxAgeOf(headers({ 'cache-control': 'public, max-age=900' }))).toBe(900);
    expect(maxAgeOf(headers({ 'cache-control': 'no-cache', expires: 'Wed, 01 Jan 2031 00:00:00 GMT' }))).toBe(0);
    expect(maxAgeOf(headers({ date: 'Wed, 01 Jan 2025 00:00:00 GMT', expires: 'Wed, 01 Jan 2025 01:00:00 GMT' }))).toBe(3600);
    expect(maxAgeOf(headers({ expires: '0' }))).toBe(0);
    expect(maxAgeOf(headers({}))).toBeNull();
  });

  it('reads Retry-After as seconds or as an HTTP date', () => {
    expect(retryAfterOf(headers({ 'retry-after': '120' }))).toBe(120);
    const inAnHour = new Date(Date.now() + 3_600_000).toUTCString();
    expect(retryAfterOf(headers({ 'retry-after': inAnHour }))).toBeGreaterThan(3500);
    expect(retryAfterOf(headers({ 'retry-after': 'soon' }))).toBeNull();
    expect(retryAfterOf(headers({}))).toBeNull();
  });

  it('accepts http(s) URLs only, without credentials, and normalises odd IPv4 spellings', () => {
    expect(parseFetchUrl('http://0x7f.1/feed').hostname).toBe('127.0.0.1');
    expect(parseFetchUrl('HTTPS://Example.ORG/a b').href).toBe('https://example.org/a%20b');
    expect(() => parseFetchUrl('javascript:alert(1)')).toThrow(/UNSUPPORTED_SCHEME/);
    expect(() => parseFetchUrl('http://user:pw@example.org/')).toThrow(/BAD_URL/);
    expect(() => parseFetchUrl('::::')).toThrow(/BAD_URL/);
  });
});
