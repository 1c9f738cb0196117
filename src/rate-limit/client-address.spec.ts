import { clientAddress, TrustedProxies } from './client-address';

describe('clientAddress', () => {
  const none = new TrustedProxies([]);
  const proxies = new TrustedProxies(['10.0.0.0/8', '127.0.0.1']);

  it('is the socket peer when no proxy is trusted, whatever X-Forwarded-For says', () => {
    expect(clientAddress('203.0.113.9', '198.51.100.1', none)).toBe('203.0.113.9');
  });

  it('folds IPv4-mapped IPv6 peers to IPv4', () => {
    expect(clientAddress('::ffff:203.0.113.9', undefined, none)).toBe('203.0.113.9');
    expect(clientAddress('::ffff:127.0.0.1', '198.51.100.7', proxies)).toBe('198.51.100.7');
  });

  it('ignores X-Forwarded-For from a peer that is not a trusted proxy', () => {
    expect(clientAddress('203.0.113.9', '198.51.100.1', proxies)).toBe('203.0.113.9');
  });

  it('takes the nearest untrusted hop behind trusted proxies, not what the client wrote on the left', () => {
    // client forged "1.2.3.4"; the real client 198.51.100.7 went through proxies 10.1.1.1 then 10.2.2.2.
    expect(clientAddress('10.2.2.2', '1.2.3.4, 198.51.100.7, 10.1.1.1', proxies)).toBe('198.51.100.7');
    expect(clientAddress('10.2.2.2', ['1.2.3.4', '198.51.100.7'], proxies)).toBe('198.51.100.7');
  });

  it('stops at garbage in the header and keeps the last readable hop', () => {
    expect(clientAddress('10.2.2.2', '198.51.100.7, not-an-ip', proxies)).toBe('10.2.2.2');
  });

  it('is the proxy itself when it sends no header', () => {
    expect(clientAddress('10.2.2.2', undefined, proxies)).toBe('10.2.2.2');
  });

  it('refuses a TRUST_PROXY entry that is not an address or range, naming the variable', () => {
    expect(() => new TrustedProxies(['10.0.0.0/8', 'proxy.local'])).toThrow(/TRUST_PROXY: "proxy.local"/);
  });
});
