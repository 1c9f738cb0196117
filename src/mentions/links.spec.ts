import { linksIn } from './mention-scanner.service';

describe('linksIn', () => {
  it('finds links in HTML and in text, canonical (no tracking, no fragment) and as written', () => {
    const links = linksIn({
      html: '<p><a href="https://marxist.example/a.html?utm_source=x&amp;id=3#c">a</a> <a href=\'/relative\'>r</a></p>',
      text: '見 https://marxist.example/b.html。 and (https://marxist.example/c.html), mailto:x@y.z',
    });
    expect(links).toEqual(
      expect.arrayContaining(['https://marxist.example/a.html?id=3', 'https://marxist.example/b.html', 'https://marxist.example/c.html']),
    );
    expect(links).toContain('https://marxist.example/a.html?utm_source=x&id=3'); // as written, without the fragment
    expect(links.some((l) => l.includes('relative') || l.startsWith('mailto'))).toBe(false);
  });
});
