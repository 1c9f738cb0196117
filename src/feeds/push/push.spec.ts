import { SecretBox } from '../../common/secret-box';
import { generatePushSecret } from './secret-box';
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
  it('accepts the current or the previous secret', async () => {
    expect(await verifySignature(signBody(body, 's1'), body, ['s1'])).toBe('valid');
    expect(await verifySignature(signBody(body, 's0'), body, ['s1', 's0'])).toBe('valid');
    expect(await verifySignature(signBody(body, 's0').toUpperCase().replace('SHA256', 'sha256'), body, ['s0'])).toBe('valid');
  });
  it('refuses missing, malformed, wrong and other algorithms', async () => {
    expect(await verifySignature(undefined, body, ['s1'])).toBe('missing');
    expect(await verifySignature('', body, ['s1'])).toBe('missing');
    expect(await verifySignature('sha256=abc', body, ['s1'])).toBe('malformed');
    expect(await verifySignature('nonsense', body, ['s1'])).toBe('malformed');
    expect(await verifySignature(signBody(body, 'other'), body, ['s1'])).toBe('mismatch');
    expect(await verifySignature(signBody(Buffer.from('x'), 's1'), body, ['s1'])).toBe('mismatch');
    expect(await verifySignature(`sha1=${'a'.repeat(40)}`, body, ['s1'])).toBe('unsupported-algorithm');
    expect(await verifySignature(signBody(body, 's1'), body, [])).toBe('mismatch');
  });
  it('hashes a large body off the event loop: other callbacks run while it is verified', async () => {
    const large = Buffer.alloc(8 * 1024 * 1024, 'a');
    let turns = 0;
    let done = false;
    const spin = () => {
      if (done) return;
      turns++;
      setImmediate(spin);
    };
    setImmediate(spin);
    const check = await verifySignature(signBody(large, 's1'), large, ['s0', 's1']);
    done = true;
    expect(check).toBe('valid');
    expect(turns).toBeGreaterThan(0);
  });
});
