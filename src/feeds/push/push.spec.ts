import { generatePushSecret, SecretBox } from './secret-box';
import { signBody, verifySignature } from './signature';

describe('SecretBox', () => {
  it('round-trips and refuses another key or tampering', () => {
    const box = new SecretBox('a-long-enough-secret-key');
    const sealed = box.seal('whsec_abc');
    expect(sealed).not.toContain('whsec_abc');
    expect(box.open(sealed)).toBe('whsec_abc');
    expect(new SecretBox('another-long-secret-key').open(sealed)).toBeNull();
    const parts = sealed.split('.');
    parts[3] = Buffer.from('whsec_abd').toString('base64url');
    expect(box.open(parts.join('.'))).toBeNull();
    expect(box.open('garbage')).toBeNull();
  });
  it('generates distinct secrets', () => {
    expect(generatePushSecret()).not.toBe(generatePushSecret());
  });
});

describe('verifySignature', () => {
  const body = Buffer.from('<rss version="2.0"></rss>');
  it('accepts the current or the previous secret', () => {
    expect(verifySignature(signBody(body, 's1'), body, ['s1'])).toBe('valid');
    expect(verifySignature(signBody(body, 's0'), body, ['s1', 's0'])).toBe('valid');
    expect(verifySignature(signBody(body, 's0').toUpperCase().replace('SHA256', 'sha256'), body, ['s0'])).toBe('valid');
  });
  it('refuses missing, malformed, wrong and other algorithms', () => {
    expect(verifySignature(undefined, body, ['s1'])).toBe('missing');
    expect(verifySignature('', body, ['s1'])).toBe('missing');
    expect(verifySignature('sha256=abc', body, ['s1'])).toBe('malformed');
    expect(verifySignature('nonsense', body, ['s1'])).toBe('malformed');
    expect(verifySignature(signBody(body, 'other'), body, ['s1'])).toBe('mismatch');
    expect(verifySignature(signBody(Buffer.from('x'), 's1'), body, ['s1'])).toBe('mismatch');
    expect(verifySignature(`sha1=${'a'.repeat(40)}`, body, ['s1'])).toBe('unsupported-algorithm');
    expect(verifySignature(signBody(body, 's1'), body, [])).toBe('mismatch');
  });
});
