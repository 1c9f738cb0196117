import { canonicalLink } from '../feed-reader/identity';
import { linksIn } from './mention-scanner.service';
import { unwrapRedirect } from './redirect-links';

describe('unwrapRedirect', () => {
  it.each([
    [
      'a Google Alerts link (url=)',
      'https://www.google.com/url?rct=j&sa=t&url=https://www.marxist.com/imt-congress.htm&ct=ga&cd=CAIyGjM2&usg=AOvVaw3',
      'https://www.marxist.com/imt-congress.htm',
    ],
    ['a search-result link (q=)', 'https://www.google.com/url?q=https://example.org/a?x%3D1%26y%3D2&sa=U&ved=2ahUKE&usg=AOv', 'https://example.org/a?x=1&y=2'],
    ['a country domain without www', 'http://google.co.uk/url?sa=t&url=https%3A%2F%2Fnews.example%2Fstory', 'https://news.example/story'],
    ['google.com.br', 'https://www.google.com.br/url?url=https://folha.example/b', 'https://folha.example/b'],
    ['a redirect wrapped in a redirect', `https://www.google.com/url?url=${encodeURIComponent('https://www.google.fr/url?q=https://le.example/c')}`, 'https://le.example/c'],
  ])('unwraps %s', (_what, wrapped, target) => {
    expect(unwrapRedirect(wrapped)).toBe(target);
  });

  it.each([
    ['an ordinary link', 'https://example.org/url?url=https://elsewhere.example/'],
    ['a Google page that is not a redirect', 'https://www.google.com/search?q=https://example.org/'],
    ['a redirect to something not http(s)', 'https://www.google.com/url?q=javascript:alert(1)'],
    ['a look-alike host', 'https://www.google.com.evil.example/url?url=https://example.org/'],
    ['a redirect without a target', 'https://www.google.com/url?sa=t&rct=j'],
    ['not a URL', 'not a url'],
  ])('leaves %s alone', (_what, link) => {
    expect(unwrapRedirect(link)).toBe(link);
  });

  it('makes the wrapped and the direct link the same canonical URL (so they dedupe)', () => {
    const wrapped = 'https://www.google.com/url?rct=j&sa=t&url=https://example.org/story?id=7%26utm_source%3Dalerts&ct=ga&usg=X';
    expect(canonicalLink(unwrapRedirect(wrapped))).toBe(canonicalLink('https://example.org/story?id=7'));
  });

  it("is applied to an item's links, so a wrapped link to our article still links it", () => {
    const links = linksIn({ html: '<a href="https://www.google.com/url?rct=j&amp;sa=t&amp;url=https://site.example/en/a&amp;ct=ga">a</a>', text: '' });
    expect(links).toContain('https://site.example/en/a');
    expect(links.some((l) => l.includes('google.'))).toBe(false);
  });
});
