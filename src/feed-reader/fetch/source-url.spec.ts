import { Allowlist } from './address-guard';
import { FetchError } from './fetch-error';
import { checkSourceUrl } from './source-url';

describe('checkSourceUrl (the fetcher guard at registration)', () => {
  const none = new Allowlist([]);

  it.each(['file:///etc/passwd', 'ftp://example.org/feed', 'gopher://example.org/', 'javascript:alert(1)', 'not a url'])('refuses %s', async (url) => {
    await expect(checkSourceUrl(url, none)).rejects.toBeInstanceOf(FetchError);
  });

  it.each(['http://127.0.0.1:8080/feed', 'http://[::1]/feed', 'http://[::ffff:127.0.0.1]/feed', 'http://169.254.169.254/latest', 'http://10.0.0.1/', 'http://[fd00::1]/', 'http://localhost/feed'])(
    'refuses the private or loopback address %s',
    async (url) => {
      await expect(checkSourceUrl(url, none)).rejects.toMatchObject({ code: 'BLOCKED_ADDRESS' });
    },
  );

  it('accepts a loopback address that FETCH_ALLOWLIST allows', async () => {
    await expect(checkSourceUrl('http://127.0.0.1:8080/feed.xml', new Allowlist(['127.0.0.1']))).resolves.toBe('http://127.0.0.1:8080/feed.xml');
    await expect(checkSourceUrl('http://127.0.0.5/feed.xml', new Allowlist(['127.0.0.0/8']))).resolves.toBe('http://127.0.0.5/feed.xml');
  });

  it('accepts a public address (nothing is dialled)', async () => {
    await expect(checkSourceUrl('https://93.184.215.14/feed', none)).resolves.toBe('https://93.184.215.14/feed');
  });
});
