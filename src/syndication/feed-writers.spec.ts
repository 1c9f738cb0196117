import { XMLParser, XMLValidator } from 'fast-xml-parser';
import { OutFeed, renderAtom, renderJsonFeed, renderRss, xmlEscape } from './feed-writers';

const hostile = 'A & B <script>alert("x")</script>\u0001\uD800 ]]> end';

const feed = (overrides: Partial<OutFeed> = {}): OutFeed => ({
  language: 'ur',
  direction: 'RTL',
  title: 'نیوز ڈیسک: اردو',
  description: hostile,
  homeUrl: 'https://example.org/?a=1&b=2',
  selfUrls: { rss: 'https://n.example/feeds/ur.rss', atom: 'https://n.example/feeds/ur.atom', json: 'https://n.example/feeds/ur.json' },
  publisher: 'newsdesk',
  generator: 'newsdesk',
  updatedAt: new Date('2018-12-16T10:00:00Z'),
  items: [
    {
      id: 'urn:uuid:00000000-0000-4000-8000-000000000001',
      title: hostile,
      url: 'https://example.org/a?x=1&y=2',
      summary: 'طلبہ یونین',
      contentHtml: '<p>مفت تعلیم &amp; <a href="https://example.org/?a=1&amp;b=2">link</a></p>',
      publishedAt: new Date('2018-12-15T09:00:00Z'),
      updatedAt: new Date('2018-12-16T10:00:00Z'),
      authors: ['Ali & Sara'],
      tags: ['education', 'Lahore'],
      imageUrl: null,
    },
  ],
  ...overrides,
});

const parser = new XMLParser({ ignoreAttributes: false, attributeNamePrefix: '@', processEntities: true });

describe('xmlEscape', () => {
  it('escapes markup and drops what XML cannot carry', () => {
    expect(xmlEscape(hostile)).toBe('A &amp; B &lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt; ]]&gt; end');
  });

  it('keeps surrogate pairs and drops lone surrogates, U+FFFE/U+FFFF and control characters', () => {
    expect(xmlEscape('a\u{1F600}b\uD83Dc\uDE00d\uFFFE\uFFFFe\u0000\u001Ff\t\n\r\uFFFD')).toBe('a\u{1F600}bcde' + 'f\t\n\r\uFFFD');
    expect(xmlEscape('end\uD83D')).toBe('end');
  });

  it('gives what the two regular expressions it replaced give, on random text', () => {
    const reference = (text: string) =>
      text
        .replace(/[^\t\n\r\u0020-\uD7FF\uE000-\uFFFD\u{10000}-\u{10FFFF}]/gu, '')
        .replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&apos;' })[c]!);
    const units = [0x00, 0x09, 0x0a, 0x0d, 0x1f, 0x20, 0x22, 0x26, 0x27, 0x3c, 0x3e, 0x41, 0x6c34, 0xd7ff, 0xd800, 0xd83d, 0xdbff, 0xdc00, 0xde00, 0xdfff, 0xe000, 0xfffd, 0xfffe, 0xffff];
    let seed = 7;
    const next = () => (seed = (seed * 1103515245 + 12345) % 2147483648);
    for (let n = 0; n < 2000; n++) {
      const text = String.fromCharCode(...Array.from({ length: next() % 12 }, () => units[next() % units.length]));
      expect(xmlEscape(text)).toBe(reference(text));
    }
  });
});

describe('renderRss', () => {
  it('is well-formed RSS 2.0 with the language and the text intact', () => {
    const xml = renderRss(feed());
    expect(XMLValidator.validate(xml)).toBe(true);
    const channel = parser.parse(xml).rss.channel;
    expect(channel.language).toBe('ur');
    expect(channel.description).toBe('A & B <script>alert("x")</script> ]]> end');
    expect(channel['atom:link']['@href']).toBe('https://n.example/feeds/ur.rss');
    const item = channel.item;
    expect(item.title).toBe('A & B <script>alert("x")</script> ]]> end');
    expect(item.link).toBe('https://example.org/a?x=1&y=2');
    expect(item.guid['#text']).toBe('urn:uuid:00000000-0000-4000-8000-000000000001');
    expect(item.pubDate).toBe('Sat, 15 Dec 2018 09:00:00 GMT');
    expect(item['content:encoded']).toBe('<div dir="rtl" lang="ur"><p>مفت تعلیم &amp; <a href="https://example.org/?a=1&amp;b=2">link</a></p></div>');
    expect(item['dc:creator']).toBe('Ali & Sara');
    expect(item.category).toEqual(['education', 'Lahore']);
  });
});

describe('renderAtom', () => {
  it('is well-formed Atom 1.0 with xml:lang', () => {
    const xml = renderAtom(feed());
    expect(XMLValidator.validate(xml)).toBe(true);
    const root = parser.parse(xml).feed;
    expect(root['@xmlns']).toBe('http://www.w3.org/2005/Atom');
    expect(root['@xml:lang']).toBe('ur');
    expect(root.updated).toBe('2018-12-16T10:00:00.000Z');
    expect(root.author.name).toBe('newsdesk');
    const entry = root.entry;
    expect(entry.id).toBe('urn:uuid:00000000-0000-4000-8000-000000000001');
    expect(entry.link['@href']).toBe('https://example.org/a?x=1&y=2');
    expect(entry.content['#text']).toContain('<div dir="rtl" lang="ur">');
  });

  it('is still valid without items', () => {
    const xml = renderAtom(feed({ items: [], updatedAt: null }));
    expect(XMLValidator.validate(xml)).toBe(true);
    expect(parser.parse(xml).feed.updated).toBe('1970-01-01T00:00:00.000Z');
  });
});

describe('the WebSub hub', () => {
  it('is advertised with rel="hub" in every format when there is one, and not at all otherwise', () => {
    const hubUrl = 'https://hub.example/?a=1&b=2';
    const rss = parser.parse(renderRss(feed({ hubUrl }))).rss.channel['atom:link'];
    expect(rss).toEqual([
      { '@href': 'https://n.example/feeds/ur.rss', '@rel': 'self', '@type': 'application/rss+xml' },
      { '@href': hubUrl, '@rel': 'hub' },
    ]);
    const atom = parser.parse(renderAtom(feed({ hubUrl }))).feed.link;
    expect(atom).toContainEqual({ '@rel': 'hub', '@href': hubUrl });
    expect(JSON.parse(renderJsonFeed(feed({ hubUrl }))).hubs).toEqual([{ type: 'WebSub', url: hubUrl }]);
    expect(renderRss(feed())).not.toContain('rel="hub"');
    expect(renderAtom(feed())).not.toContain('rel="hub"');
    expect(JSON.parse(renderJsonFeed(feed())).hubs).toBeUndefined();
  });
});

describe('renderJsonFeed', () => {
  it('is JSON Feed 1.1', () => {
    const json = JSON.parse(renderJsonFeed(feed({ language: 'sv', direction: 'LTR' })));
    expect(json.version).toBe('https://jsonfeed.org/version/1.1');
    expect(json.language).toBe('sv');
    expect(json.feed_url).toBe('https://n.example/feeds/ur.json');
    expect(json.items[0]).toMatchObject({
      id: 'urn:uuid:00000000-0000-4000-8000-000000000001',
      title: hostile,
      content_html: '<p>مفت تعلیم &amp; <a href="https://example.org/?a=1&amp;b=2">link</a></p>',
      date_published: '2018-12-15T09:00:00.000Z',
      authors: [{ name: 'Ali & Sara' }],
      tags: ['education', 'Lahore'],
    });
  });
});
