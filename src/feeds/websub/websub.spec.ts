import { createHmac } from 'node:crypto';
import { hubSignatureValid } from './hub-signature';
import { onDiscovery, renewalAt, retryAt } from './websub-plan';

describe('hubSignatureValid', () => {
  const body = Buffer.from('<rss version="2.0"></rss>');
  const sign = (method: string, secret = 's3cret', over: Buffer = body) => `${method}=${createHmac(method, secret).update(over).digest('hex')}`;

  it('accepts every method WebSub names, upper- or lower-case hex', async () => {
    for (const method of ['sha1', 'sha256', 'sha384', 'sha512']) expect(await hubSignatureValid(sign(method), body, 's3cret')).toBe(true);
    expect(await hubSignatureValid(sign('sha256').toUpperCase().replace('SHA256', 'sha256'), body, 's3cret')).toBe(true);
  });

  it('refuses a missing, malformed, wrong or unknown signature, and any without a secret', async () => {
    expect(await hubSignatureValid(undefined, body, 's3cret')).toBe(false);
    expect(await hubSignatureValid('', body, 's3cret')).toBe(false);
    expect(await hubSignatureValid(['a', 'b'], body, 's3cret')).toBe(false);
    expect(await hubSignatureValid('sha256=abc', body, 's3cret')).toBe(false);
    expect(await hubSignatureValid(sign('sha256', 'other'), body, 's3cret')).toBe(false);
    expect(await hubSignatureValid(sign('sha256', 's3cret', Buffer.from('x')), body, 's3cret')).toBe(false);
    expect(await hubSignatureValid(sign('md5'), body, 's3cret')).toBe(false);
    expect(await hubSignatureValid(sign('sha256'), body, null)).toBe(false);
  });
});

describe('the subscription plan', () => {
  const at = new Date('2026-12-01T00:00:00Z');

  it('renews a day before a long lease ends, after four fifths of a short one', () => {
    expect(renewalAt(at, 10 * 86400).toISOString()).toBe('2026-12-10T00:00:00.000Z');
    expect(renewalAt(at, 10).getTime() - at.getTime()).toBe(8000);
    expect(renewalAt(at, 2).getTime() - at.getTime()).toBe(1600);
  });

  it('retries a failed request after 5 minutes, doubling, at most a day', () => {
    expect(retryAt(at, 1).getTime() - at.getTime()).toBe(300_000);
    expect(retryAt(at, 2).getTime() - at.getTime()).toBe(600_000);
    expect(retryAt(at, 30).getTime() - at.getTime()).toBe(86_400_000);
  });

  it('subscribes to a new hub or topic, forgets a hub no longer advertised, and otherwise leaves renewals to their schedule', () => {
    const known = { hubUrl: 'https://hub.example/', topicUrl: 'https://site.example/feed' };
    expect(onDiscovery(null, { hub: known.hubUrl, topic: known.topicUrl })).toBe('subscribe');
    expect(onDiscovery(known, { hub: 'https://other.example/', topic: known.topicUrl })).toBe('subscribe');
    expect(onDiscovery(known, { hub: known.hubUrl, topic: 'https://site.example/other' })).toBe('subscribe');
    expect(onDiscovery(known, { hub: known.hubUrl, topic: known.topicUrl })).toBe('keep');
    expect(onDiscovery(known, null)).toBe('forget');
    expect(onDiscovery(null, null)).toBe('keep');
  });
});
