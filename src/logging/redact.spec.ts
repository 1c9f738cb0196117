import { redactObject, redactText } from './redact';

describe('redactText', () => {
  it.each([
    ['Authorization: Bearer nd_AbCdEf0123456789xyzXYZ_-abc', 'Authorization: Bearer [REDACTED]'],
    ['key nd_AbCdEf0123456789xyzXYZ_-abc was revoked', 'key nd_[REDACTED] was revoked'],
    ['GET /watches/1/mentions.atom?token=s3cr3t-t0ken&x=1', 'GET /watches/1/mentions.atom?token=[REDACTED]&x=1'],
    ['https://example.org/feed?api_key=abc123', 'https://example.org/feed?api_key=[REDACTED]'],
    ['X-Hub-Signature-256: sha256=' + 'ab'.repeat(32), 'X-Hub-Signature-256: sha256=[REDACTED]'],
    ['redis://default:hunter2@redis:6379/0', 'redis://[REDACTED]@redis:6379/0'],
  ])('scrubs %s', (input, expected) => {
    expect(redactText(input)).toBe(expected);
  });

  it('leaves ordinary text alone', () => {
    const text = 'feed 3f2a poll ingested 50 items from https://example.org/feed.xml?page=2';
    expect(redactText(text)).toBe(text);
  });
});

describe('redactObject', () => {
  it('masks secret fields and scrubs nested strings', () => {
    const out = redactObject({
      headers: { authorization: 'Bearer x', 'x-hub-signature-256': 'sha256=00', accept: 'text/html' },
      url: '/w.atom?token=abc',
      secret: 'push-secret',
      nested: { list: ['nd_AbCdEf0123456789xyzXYZ'] },
    });
    expect(out).toEqual({
      headers: { authorization: '[REDACTED]', 'x-hub-signature-256': '[REDACTED]', accept: 'text/html' },
      url: '/w.atom?token=[REDACTED]',
      secret: '[REDACTED]',
      nested: { list: ['nd_[REDACTED]'] },
    });
  });
});
