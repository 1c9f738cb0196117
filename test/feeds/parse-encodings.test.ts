import http from 'node:http';
import type { AddressInfo } from 'node:net';
import iconv from 'iconv-lite';
import { fetchFeed } from '../../src/feed-reader/fetch/fetch-feed';
import { parseFeed } from '../../src/feed-reader/parse/parse-feed';

const utf8 = (s: string) => Buffer.from(s, 'utf8');

describe('parseFeed: encodings', () => {
  const rssWith = (title: string, decl?: string) =>
    `<?xml version="1.0"${decl ? ` encoding="${decl}"` : ''}?><rss version="2.0"><channel><title>${title}</title><item><title>${title}</title></item></channel></rss>`;

  it.each([
    ['gbk', '国际组织呼吁保护人权捍卫者', 'application/rss+xml; charset=GBK', undefined],
    ['gb18030', '气候行动𠀀', 'text/xml; charset=gb18030', undefined],
    ['big5', '國際組織呼籲保護人權', undefined, 'big5'],
    ['windows-1256', 'منظمة دولية تدعو إلى حماية المدافعين', undefined, 'windows-1256'],
    // Urdu as windows-1256 writes it (Arabic yeh: the code page has no Farsi yeh)
    ['windows-1256', 'ہمارے اراکين نے ملاقات کي', 'application/xml; charset=windows-1256', undefined],
    ['iso-8859-1', 'Réunion à Genève', undefined, 'ISO-8859-1'],
    ['windows-1252', 'L’été “chaud” – 5 €', undefined, 'windows-1252'],
    ['windows-1251', 'Новости правозащитников', 'text/xml; charset=windows-1251', 'iso-8859-1'],
    ['koi8-r', 'Новости правозащитников', undefined, 'KOI8-R'],
    ['shift_jis', '国際人権ニュース', undefined, 'Shift_JIS'],
  ])('decodes %s (%s)', (encoding, text, contentType, decl) => {
    const feed = parseFeed(iconv.encode(rssWith(text, decl), encoding), { contentType });
    expect(feed.title).toBe(text);
    expect(feed.items[0].title).toBe(text);
  });

  it('prefers a BOM to the HTTP charset, and reads UTF-16 with and without a BOM', () => {
    const text = 'Svenska åäö اردو 中文';
    const withBom = Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), utf8(rssWith(text, 'iso-8859-1'))]);
    expect(parseFeed(withBom, { contentType: 'text/xml; charset=iso-8859-1' })).toMatchObject({ encoding: 'utf-8', title: text });
    const le = Buffer.concat([Buffer.from([0xff, 0xfe]), iconv.encode(rssWith(text, 'utf-16'), 'utf-16le')]);
    expect(parseFeed(le)).toMatchObject({ encoding: 'utf-16le', title: text });
    const be = iconv.encode(rssWith(text, 'utf-16'), 'utf-16be');
    expect(parseFeed(be)).toMatchObject({ encoding: 'utf-16be', title: text });
  });

  it('prefers the HTTP charset to the XML declaration, and detects when neither is given', () => {
    const cyrillic = iconv.encode(rssWith('Новости', 'iso-8859-1'), 'windows-1251');
    expect(parseFeed(cyrillic, { contentType: 'text/xml; charset=windows-1251' }).title).toBe('Новости');
    const unlabelled = iconv.encode(rssWith('Le journaliste a été libéré après une décision du tribunal de Genève'), 'latin1');
    const feed = parseFeed(unlabelled);
    expect(feed.title).toBe('Le journaliste a été libéré après une décision du tribunal de Genève');
  });
});


describe('fetchFeed + parseFeed against a local server', () => {
  it('serves GBK, windows-1256 and ISO-8859-1 feeds declared only in the HTTP header and reads them', async () => {
    const feeds: Record<string, [string, string]> = {
      '/gbk': ['gbk', '国际组织呼吁保护人权捍卫者'],
      '/1256': ['windows-1256', 'ہمارے اراکين نے ارکان پارليمنٹ سے ملاقات کي'],
      '/latin1': ['iso-8859-1', 'Réunion des sections à Genève'],
    };
    const server = http.createServer((req, res) => {
      const [encoding, text] = feeds[req.url ?? ''];
      const xml = `<rss version="2.0"><channel><title>${text}</title><link>/</link><item><title>${text}</title><link>item/1</link></item></channel></rss>`;
      res.writeHead(200, { 'content-type': `application/rss+xml; charset=${encoding}` });
      res.end(iconv.encode(xml, encoding));
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const origin = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
    try {
      for (const [route, [encoding, text]] of Object.entries(feeds)) {
        const fetched = await fetchFeed({ url: `${origin}${route}` }, { allowlist: ['127.0.0.1'] });
        const feed = parseFeed(fetched.body!, { contentType: fetched.contentType, baseUrl: fetched.finalUrl });
        expect(feed).toMatchObject({ encoding, title: text, link: `${origin}/` });
        expect(feed.items[0]).toMatchObject({ title: text, link: `${origin}/item/1` });
      }
    } finally {
      server.closeAllConnections();
      await new Promise((resolve) => server.close(resolve));
    }
  });
});
