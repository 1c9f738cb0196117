import { readFileSync } from 'node:fs';
import path from 'node:path';
import iconv from 'iconv-lite';
import { FETCH_ERROR_CODES, fetchErrorKey } from '../../src/feed-reader/fetch/fetch-error';
import { FEED_PARSE_ERROR_CODES, FeedParseError, feedParseErrorKey } from '../../src/feed-reader/parse/feed-parse-error';
import { parseFeed, sniffFormat } from '../../src/feed-reader/parse/parse-feed';

const utf8 = (s: string) => Buffer.from(s, 'utf8');

function parseError(fn: () => unknown): FeedParseError {
  try {
    fn();
  } catch (err) {
    if (err instanceof FeedParseError) return err;
    throw err;
  }
  throw new Error('expected a FeedParseError');
}

const RSS2 = `<?xml version="1.0" encoding="utf-8"?>
<rss version="2.0" xmlns:atom="http://www.w3.org/2005/Atom" xmlns:dc="http://purl.org/dc/elements/1.1/"
     xmlns:content="http://purl.org/rss/1.0/modules/content/" xmlns:media="http://search.yahoo.com/mrss/">
  <channel>
    <title>Section  Sweden</title>
    <link>https://se.example.org/news/</link>
    <language>sv-SE</language>
    <ttl>45</ttl>
    <item>
      <title>Första &amp; bästa</title>
      <link>/news/1?utm_source=rss</link>
      <guid isPermaLink="false">se-1</guid>
      <pubDate>Tue, 10 Jun 2025 04:00:00 GMT</pubDate>
      <author>press@example.org (Anna Svensson)</author>
      <dc:creator>Erik Berg</dc:creator>
      <category>Klimat</category>
      <category>Rättigheter</category>
      <description>Kort &lt;b&gt;sammanfattning&lt;/b&gt;</description>
      <content:encoded><![CDATA[<p onclick="x()">Text <a href="related.html">mer</a><script>alert(1)</script><img src="/img/a.jpg" onerror="y()"><a href="javascript:alert(1)">x</a></p>]]></content:encoded>
      <enclosure url="/audio/1.mp3" type="audio/mpeg" length="12345"/>
      <media:thumbnail url="https://cdn.example.org/t1.jpg"/>
      <atom:link rel="alternate" hreflang="en" href="https://en.example.org/news/1"/>
    </item>
    <item>
      <title>Utan datum</title>
      <guid>https://se.example.org/news/2</guid>
    </item>
    <item>
      <title>Trasigt datum</title>
      <link>https://se.example.org/news/3</link>
      <pubDate>den trettonde i månaden</pubDate>
    </item>
  </channel>
</rss>`;

describe('parseFeed: formats', () => {
  it('reads RSS 2.0 with links, dates, authors, categories, enclosures, images, alternates and sanitised bodies', () => {
    const feed = parseFeed(utf8(RSS2), { contentType: 'application/rss+xml' });
    expect(feed).toMatchObject({ format: 'RSS', encoding: 'utf-8', title: 'Section Sweden', link: 'https://se.example.org/news/', language: 'sv-SE', ttlMinutes: 45 });
    expect(feed.items).toHaveLength(3);
    const [first, second, third] = feed.items;
    expect(first).toMatchObject({
      guid: 'se-1',
      link: 'https://se.example.org/news/1?utm_source=rss',
      title: 'Första & bästa',
      summary: 'Kort <b>sammanfattning</b>',
      publishedAt: new Date('2025-06-10T04:00:00Z'),
      dateUnparseable: false,
      authors: ['Anna Svensson', 'Erik Berg'],
      categories: ['Klimat', 'Rättigheter'],
      imageUrl: 'https://cdn.example.org/t1.jpg',
      enclosures: [{ url: 'https://se.example.org/audio/1.mp3', type: 'audio/mpeg', length: 12345 }],
      alternates: [{ hreflang: 'en', href: 'https://en.example.org/news/1' }],
    });
    const html = first.contentHtml!;
    expect(html).toContain('href="https://se.example.org/news/related.html"');
    expect(html).toContain('src="https://se.example.org/img/a.jpg"');
    expect(html).not.toMatch(/script|onclick|onerror|javascript:/i);
    // a permalink guid is the link when there is none; no date is no date
    expect(second).toMatchObject({ link: 'https://se.example.org/news/2', publishedAt: null, dateUnparseable: false });
    // an unparseable date is null and says so, never an Invalid Date
    expect(third).toMatchObject({ publishedAt: null, updatedAt: null, dateUnparseable: true });
  });

  it('sanitises lazily by default and eagerly on request, with the same result', () => {
    const lazy = parseFeed(utf8(RSS2));
    const eager = parseFeed(utf8(RSS2), { sanitize: 'eager' });
    expect(JSON.parse(JSON.stringify(lazy))).toEqual(JSON.parse(JSON.stringify(eager)));
    expect(lazy.items[0].contentHtml).toBe(eager.items[0].contentHtml);
    expect(lazy.items[0].contentHtml).toContain('<p>');
  });

  it('reads RSS 0.91 with its Netscape DOCTYPE and HTML named entities', () => {
    const xml = `<?xml version="1.0" encoding="ISO-8859-1"?>
<!DOCTYPE rss PUBLIC "-//Netscape Communications//DTD RSS 0.91//EN" "http://my.netscape.com/publish/formats/rss-0.91.dtd">
<rss version="0.91"><channel><title>Caf&eacute; news</title><link>http://old.example.org/</link><language>fr</language>
<item><title>L&#8217;&eacute;t&eacute;</title><link>http://old.example.org/1</link><description>Un r&eacute;sum&eacute;</description></item>
</channel></rss>`;
    const feed = parseFeed(iconv.encode(xml, 'latin1'));
    expect(feed).toMatchObject({ format: 'RSS', encoding: 'iso-8859-1', title: 'Café news', language: 'fr' });
    expect(feed.items[0]).toMatchObject({ title: 'L’été', link: 'http://old.example.org/1', summary: 'Un résumé' });
  });

  it('reads RSS 1.0 (RDF) and RSS 0.90', () => {
    const rdf = `<?xml version="1.0"?>
<rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#" xmlns="http://purl.org/rss/1.0/" xmlns:dc="http://purl.org/dc/elements/1.1/">
  <channel rdf:about="https://fr.example.org/"><title>Section France</title><link>https://fr.example.org/</link><dc:language>fr</dc:language></channel>
  <item rdf:about="https://fr.example.org/a/1"><title>Premier</title><link>https://fr.example.org/a/1</link>
    <dc:date>2025-03-01T10:00:00+01:00</dc:date><dc:creator>Marie</dc:creator><dc:subject>Climat</dc:subject><description>Résumé</description></item>
  <item rdf:about="https://fr.example.org/a/2"><title>Second</title><link>https://fr.example.org/a/2</link></item>
</rdf:RDF>`;
    const feed = parseFeed(utf8(rdf));
    expect(feed).toMatchObject({ format: 'RDF', title: 'Section France', link: 'https://fr.example.org/', language: 'fr' });
    expect(feed.items.map((i) => i.guid)).toEqual(['https://fr.example.org/a/1', 'https://fr.example.org/a/2']);
    expect(feed.items[0]).toMatchObject({ publishedAt: new Date('2025-03-01T09:00:00Z'), authors: ['Marie'], categories: ['Climat'], contentHtml: '<p>Résumé</p>' });

    const rss090 = `<rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#" xmlns="http://my.netscape.com/rdf/simple/0.9/">
  <channel><title>Old</title><link>http://old.example.org/</link></channel>
  <item><title>One</title><link>http://old.example.org/1</link></item></rdf:RDF>`;
    expect(parseFeed(utf8(rss090))).toMatchObject({ format: 'RDF', title: 'Old', items: [{ title: 'One', link: 'http://old.example.org/1' }] });
  });

  it('reads Atom 1.0 with xml:base, xhtml content, enclosures, categories and hreflang alternates', () => {
    const atom = `<?xml version="1.0" encoding="utf-8"?>
<feed xmlns="http://www.w3.org/2005/Atom" xml:lang="en" xml:base="https://us.example.org/blog/">
  <title type="html">US &lt;i&gt;news&lt;/i&gt;</title>
  <link href="./"/><link rel="self" href="https://us.example.org/blog/atom.xml"/>
  <author><name>Desk</name></author>
  <id>urn:us</id><updated>2025-05-02T10:00:00Z</updated>
  <entry xml:base="2025/">
    <id>tag:us.example.org,2025:1</id>
    <title>Hello  world</title>
    <link rel="alternate" type="text/html" href="hello.html"/>
    <link rel="alternate" hreflang="es" href="/es/blog/2025/hola.html"/>
    <link rel="alternate" hreflang="fr" href="https://fr.example.org/bonjour"/>
    <link rel="enclosure" type="image/png" href="pic.png" length="99"/>
    <published>2025-05-01T08:00:00-04:00</published>
    <updated>2025-05-02T10:00:00Z</updated>
    <category term="rights"/>
    <content type="xhtml" xml:base="media/"><div xmlns="http://www.w3.org/1999/xhtml"><p>See <a href="x.html">this</a> <b>now</b></p></div></content>
  </entry>
  <entry>
    <id>https://us.example.org/blog/only-updated</id>
    <title type="text">Only updated</title>
    <updated>2025-05-03T10:00:00Z</updated>
    <summary>Plain &lt;summary&gt;</summary>
  </entry>
</feed>`;
    const feed = parseFeed(utf8(atom), { baseUrl: 'https://elsewhere.example.net/feed' });
    expect(feed).toMatchObject({ format: 'ATOM', title: 'US news', link: 'https://us.example.org/blog/', language: 'en' });
    const [first, second] = feed.items;
    expect(first).toMatchObject({
      guid: 'tag:us.example.org,2025:1',
      title: 'Hello world',
      link: 'https://us.example.org/blog/2025/hello.html',
      publishedAt: new Date('2025-05-01T12:00:00Z'),
      updatedAt: new Date('2025-05-02T10:00:00Z'),
      authors: ['Desk'],
      categories: ['rights'],
      imageUrl: 'https://us.example.org/blog/2025/pic.png',
      enclosures: [{ url: 'https://us.example.org/blog/2025/pic.png', type: 'image/png', length: 99 }],
      alternates: [
        { hreflang: 'es', href: 'https://us.example.org/es/blog/2025/hola.html' },
        { hreflang: 'fr', href: 'https://fr.example.org/bonjour' },
      ],
    });
    expect(first.contentHtml).toContain('href="https://us.example.org/blog/2025/media/x.html"');
    expect(first.contentHtml).toContain('<b>now</b>');
    // no <published>: the updated date is the publication date; an http(s) id is the link
    expect(second).toMatchObject({ publishedAt: new Date('2025-05-03T10:00:00Z'), link: 'https://us.example.org/blog/only-updated' });
    expect(second.contentHtml).toBe('<p>Plain &lt;summary&gt;</p>');
  });

  it('reads Atom 0.3 (issued/modified, escaped content)', () => {
    const atom03 = `<feed version="0.3" xmlns="http://purl.org/atom/ns#"><title>Old Atom</title>
<link rel="alternate" type="text/html" href="http://old.example.org/"/>
<entry><title>Entry</title><link rel="alternate" type="text/html" href="http://old.example.org/e1"/><id>e1</id>
<issued>2004-01-01T10:00:00Z</issued><modified>2004-01-02T10:00:00Z</modified>
<content type="text/html" mode="escaped">&lt;p&gt;Body &lt;em&gt;x&lt;/em&gt;&lt;/p&gt;</content></entry></feed>`;
    const feed = parseFeed(utf8(atom03));
    expect(feed).toMatchObject({ format: 'ATOM', title: 'Old Atom', link: 'http://old.example.org/' });
    expect(feed.items[0]).toMatchObject({
      guid: 'e1',
      link: 'http://old.example.org/e1',
      publishedAt: new Date('2004-01-01T10:00:00Z'),
      updatedAt: new Date('2004-01-02T10:00:00Z'),
      contentHtml: '<p>Body <em>x</em></p>',
    });
  });

  it('reads JSON Feed 1.0 and 1.1', () => {
    const v11 = {
      version: 'https://jsonfeed.org/version/1.1',
      title: 'Section Pakistan',
      home_page_url: 'https://pk.example.org/',
      language: 'ur',
      authors: [{ name: 'Desk' }],
      items: [
        {
          id: 1,
          url: '/ur/1',
          title: 'پہلی خبر',
          content_html: '<p>متن <a href="2">اگلی</a></p>',
          date_published: '2025-04-01T10:00:00+05:00',
          date_modified: '2025-04-02T10:00:00Z',
          tags: ['حقوق'],
          image: '/img/1.jpg',
          language: 'ur-PK',
          attachments: [{ url: 'https://pk.example.org/a.mp3', mime_type: 'audio/mpeg', size_in_bytes: 10 }],
        },
        { id: 'b', content_text: 'Only text\n\nSecond paragraph', date_published: 'yesterday' },
      ],
    };
    const feed = parseFeed(utf8(JSON.stringify(v11)), { contentType: 'application/feed+json' });
    expect(feed).toMatchObject({ format: 'JSON_FEED', title: 'Section Pakistan', link: 'https://pk.example.org/', language: 'ur' });
    expect(feed.items[0]).toMatchObject({
      guid: '1',
      link: 'https://pk.example.org/ur/1',
      title: 'پہلی خبر',
      publishedAt: new Date('2025-04-01T05:00:00Z'),
      authors: ['Desk'],
      categories: ['حقوق'],
      imageUrl: 'https://pk.example.org/img/1.jpg',
      language: 'ur-PK',
      enclosures: [{ url: 'https://pk.example.org/a.mp3', type: 'audio/mpeg', length: 10 }],
    });
    expect(feed.items[0].contentHtml).toContain('href="https://pk.example.org/ur/2"');
    expect(feed.items[1]).toMatchObject({ guid: 'b', contentHtml: '<p>Only text</p><p>Second paragraph</p>', publishedAt: null, dateUnparseable: true });

    const v10 = { version: 'https://jsonfeed.org/version/1', title: 'Old', items: [{ id: 'x', url: 'https://e.example.org/x', author: { name: 'Ann' } }] };
    expect(parseFeed(utf8(JSON.stringify(v10))).items[0]).toMatchObject({ guid: 'x', authors: ['Ann'] });
  });
});

describe('parseFeed: dates against the fetch time, and sniffFormat', () => {
  it('does not trust a date more than a day after the fetch', () => {
    const xml = `<rss version="2.0"><channel><title>t</title>
<item><title>future</title><pubDate>Fri, 01 Jan 2100 00:00:00 GMT</pubDate></item>
<item><title>soon</title><pubDate>Wed, 02 Jul 2025 10:00:00 GMT</pubDate></item></channel></rss>`;
    const feed = parseFeed(utf8(xml), { fetchedAt: new Date('2025-07-02T00:00:00Z') });
    expect(feed.items[0]).toMatchObject({ publishedAt: null, dateUnparseable: true });
    expect(feed.items[1]).toMatchObject({ publishedAt: new Date('2025-07-02T10:00:00Z'), dateUnparseable: false });
  });

  it('sniffs the format from the first element or the JSON Feed version', () => {
    expect(sniffFormat(utf8(RSS2))).toBe('RSS');
    expect(sniffFormat(utf8('<?xml version="1.0"?>\n<!-- c --><!DOCTYPE feed [<!ENTITY a "b">]><feed xmlns="http://www.w3.org/2005/Atom"/>'))).toBe('ATOM');
    expect(sniffFormat(utf8('<rdf:RDF xmlns:rdf="x"/>'))).toBe('RDF');
    expect(sniffFormat(utf8('{"version":"https://jsonfeed.org/version/1.1","items":[]}'))).toBe('JSON_FEED');
    expect(sniffFormat(utf8('<!DOCTYPE html><html></html>'))).toBeNull();
    expect(sniffFormat(utf8('{"a":1}'))).toBeNull();
    expect(sniffFormat(Buffer.alloc(0))).toBeNull();
  });
});

describe('parseFeed: hostile input', () => {
  const withDoctype = (subset: string, title: string, extra = '') =>
    utf8(`<?xml version="1.0"?><!DOCTYPE rss [${subset}]><rss version="2.0"><channel><title>t</title><item><title>${title}</title>${extra}</item></channel></rss>`);

  it('expands nothing in a billion-laughs feed', () => {
    const lols = ['<!ENTITY lol "lol">'];
    for (let i = 1; i <= 9; i++) lols.push(`<!ENTITY lol${i} "${`&lol${i - 1 || ''};`.repeat(10)}">`);
    const feed = parseFeed(withDoctype(lols.join(''), '&lol9;'));
    expect(feed.items).toHaveLength(1);
    expect(feed.items[0].title).toBe('&lol9;');
    expect(JSON.stringify(feed).length).toBeLessThan(2000);
  });

  it('does not repeat one large entity', () => {
    const big = 'A'.repeat(100_000);
    const body = withDoctype(`<!ENTITY big "${big}">`, 'x', `<description>${'&big;'.repeat(10_000)}</description>`);
    const feed = parseFeed(body);
    expect(feed.items[0].summary!.length).toBeLessThanOrEqual(body.length);
    expect(feed.items[0].summary).not.toContain('AAAA');
  });

  it('reads a million numeric references as plain text, linearly bounded by the body', () => {
    const body = utf8(`<rss version="2.0"><channel><title>t</title><item><title>n</title><description>${'&#65;'.repeat(1_000_000)}</description></item></channel></rss>`);
    const feed = parseFeed(body);
    expect(feed.items[0].summary).toBe('A'.repeat(1_000_000));
  });

  it('never resolves an external entity, nor lets an entity value inject elements', () => {
    const feed = parseFeed(
      withDoctype(
        '<!ENTITY xxe SYSTEM "file:///etc/passwd"><!ENTITY % pe SYSTEM "http://127.0.0.1:1/evil.dtd"> %pe; <!ENTITY inject "<item><title>evil</title></item>">',
        '&xxe;',
        '<description>&inject;</description>',
      ),
    );
    expect(feed.items).toHaveLength(1);
    expect(feed.items[0].title).toBe('&xxe;');
    expect(JSON.stringify(feed)).not.toMatch(/root:|evil<\/title>/);
  });

  it('has no regular expression that backtracks on hostile prologs, dates or author names', () => {
    const prolog = '<?'.repeat(200_000);
    // The unclosed processing instructions are skipped as prolog, in linear time, and the feed after them is read.
    const afterProlog = parseFeed(utf8(`${prolog}<rss version="2.0"><channel><title>t</title></channel></rss>`));
    expect({ format: afterProlog.format, title: afterProlog.title }).toEqual({ format: 'RSS', title: 't' });
    expect(sniffFormat(utf8(prolog))).toBeNull();
    const comments = '<!-- <x -->'.repeat(50_000);
    expect(parseFeed(utf8(`${comments}<!DOCTYPE rss [<!ENTITY a "b">]><rss version="2.0"><channel><title>&a;</title></channel></rss>`)).title).toBe('&a;');
    const longDate = `${'1'.repeat(100_000)} Oct`;
    const longAuthor = `${'a@'.repeat(100_000)} (x`;
    const feed = parseFeed(utf8(`<rss version="2.0"><channel><title>t</title><item><title>i</title><pubDate>${longDate}</pubDate><author>${longAuthor}</author></item></channel></rss>`));
    expect(feed.items[0]).toMatchObject({ publishedAt: null, dateUnparseable: true });
    expect(feed.items[0].authors[0].length).toBeLessThanOrEqual(300);
  });

  it('treats <__proto__> and <constructor> as ordinary elements and pollutes no prototype', () => {
    const xml = `<rss version="2.0"><channel><title>p</title><__proto__><polluted>yes</polluted></__proto__>
<item><title>one</title><__proto__ polluted="yes"><polluted>yes</polluted></__proto__><constructor><prototype><polluted>yes</polluted></prototype></constructor><category>__proto__</category></item>
<item><title>two</title><constructor>c</constructor></item></channel></rss>`;
    const feed = parseFeed(utf8(xml));
    expect(feed.items.map((i) => i.title)).toEqual(['one', 'two']);
    expect(feed.items[0].categories).toEqual(['__proto__']);
    const json = `{"version":"https://jsonfeed.org/version/1.1","title":"j","__proto__":{"polluted":"yes"},"items":[{"id":"1","__proto__":{"polluted":"yes"},"constructor":{"prototype":{"polluted":"yes"}}}]}`;
    expect(parseFeed(utf8(json)).items).toHaveLength(1);
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
    expect((Object.prototype as unknown as Record<string, unknown>).polluted).toBeUndefined();
  });

  it('refuses HTML, truncated, empty, too deep and too large bodies with a code and a key', () => {
    const html = parseError(() => parseFeed(utf8('<!DOCTYPE html><html><head><title>Home</title></head><body>hi</body></html>'), { contentType: 'text/html' }));
    expect(html).toMatchObject({ code: 'NOT_A_FEED', key: 'fetch:parse.notAFeed' });
    const truncated = parseError(() => parseFeed(utf8(RSS2.slice(0, RSS2.length / 2))));
    expect(truncated).toMatchObject({ code: 'MALFORMED', key: 'fetch:parse.malformed' });
    expect(parseError(() => parseFeed(Buffer.alloc(0))).code).toBe('EMPTY');
    expect(parseError(() => parseFeed(utf8('  \n '))).code).toBe('EMPTY');
    expect(parseError(() => parseFeed(utf8('{"hello": "world"}'))).code).toBe('NOT_A_FEED');
    expect(parseError(() => parseFeed(utf8('{"version": "https://jsonfeed.org/version/1.1", "items": ['))).code).toBe('MALFORMED');
    expect(parseError(() => parseFeed(utf8('just some text'))).code).toBe('NOT_A_FEED');
    const deep = `<rss><channel><item><description>${'<x>'.repeat(400)}${'</x>'.repeat(400)}</description></item></channel></rss>`;
    expect(parseError(() => parseFeed(utf8(deep))).code).toBe('TOO_DEEP');
    expect(parseError(() => parseFeed(utf8(RSS2), { maxBytes: 100 })).code).toBe('TOO_LARGE');
  });

  it('has a message in every language for every fetch and parse error code', () => {
    for (const lang of ['en', 'fr', 'zh', 'ur', 'es', 'sv']) {
      const messages = JSON.parse(readFileSync(path.resolve(__dirname, `../../locales/${lang}/fetch.json`), 'utf8'));
      // A counted message exists as its plural forms (key_one, key_other, ...), a plain one as the key itself.
      const lookup = (key: string) => {
        const parts = key.replace(/^fetch:/, '').split('.');
        const parent = parts.slice(0, -1).reduce((o, k) => o?.[k], messages);
        const last = parts[parts.length - 1];
        return parent?.[last] ?? parent?.[`${last}_other`];
      };
      for (const code of FETCH_ERROR_CODES) expect([lang, code, typeof lookup(fetchErrorKey(code))]).toEqual([lang, code, 'string']);
      for (const code of FEED_PARSE_ERROR_CODES) expect([lang, code, typeof lookup(feedParseErrorKey(code))]).toEqual([lang, code, 'string']);
    }
  });
});
