import { adminCredential, isCrossSite } from './admin-auth';

const basic = (s: string) => `Basic ${Buffer.from(s).toString('base64')}`;

describe('adminCredential', () => {
  it('reads a Bearer key or the password of HTTP Basic', () => {
    expect(adminCredential('Bearer nd_abc')).toBe('nd_abc');
    expect(adminCredential(basic('admin:nd_abc'))).toBe('nd_abc');
    expect(adminCredential(basic(':nd_a:b'))).toBe('nd_a:b');
  });

  it('tells a missing header from an unreadable one', () => {
    expect(adminCredential(undefined)).toBeUndefined();
    expect(adminCredential('')).toBeUndefined();
    expect(adminCredential('Digest x')).toBeNull();
    expect(adminCredential(basic('admin'))).toBeNull();
    expect(adminCredential(basic('admin:'))).toBeNull();
  });
});

describe('isCrossSite', () => {
  const req = (method: string, headers: Record<string, string>) => ({ method, headers: { host: 'news.example', ...headers } });
  it('lets reads through whatever their origin', () => {
    expect(isCrossSite(req('GET', { 'sec-fetch-site': 'cross-site' }))).toBe(false);
  });
  it('refuses writes from another site', () => {
    expect(isCrossSite(req('PUT', { 'sec-fetch-site': 'cross-site' }))).toBe(true);
    expect(isCrossSite(req('POST', { 'sec-fetch-site': 'same-site' }))).toBe(true);
    expect(isCrossSite(req('PUT', { origin: 'https://evil.example' }))).toBe(true);
    expect(isCrossSite(req('PUT', { origin: 'null' }))).toBe(true);
  });
  it('accepts writes from the dashboard itself and from tools without browser headers', () => {
    expect(isCrossSite(req('PUT', { 'sec-fetch-site': 'same-origin', origin: 'https://news.example' }))).toBe(false);
    expect(isCrossSite(req('PUT', {}))).toBe(false);
  });
});
