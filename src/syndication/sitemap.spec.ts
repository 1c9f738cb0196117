import { pageOfFile, renderUrlset, sitemapFile, sitemapPage, sitemapPageCount, SITEMAP_URL_LIMIT } from './sitemap';

describe('sitemap paging', () => {
  it('splits at the limit: 50,000 URLs a file by default', () => {
    expect(SITEMAP_URL_LIMIT).toBe(50_000);
    expect(sitemapPageCount(0)).toBe(1);
    expect(sitemapPageCount(50_000)).toBe(1);
    expect(sitemapPageCount(50_001)).toBe(2);
    expect(sitemapPageCount(7, 3)).toBe(3);
  });
  it('gives each page its slice, none lost or repeated', () => {
    const entries = [1, 2, 3, 4, 5, 6, 7];
    const pages = [1, 2, 3].map((p) => sitemapPage(entries, p, 3));
    expect(pages).toEqual([[1, 2, 3], [4, 5, 6], [7]]);
    expect(sitemapPage(entries, 4, 3)).toEqual([]);
  });
  it('names pages sitemap.xml, sitemap-2.xml, … and reads the names back', () => {
    expect([1, 2, 10].map(sitemapFile)).toEqual(['sitemap.xml', 'sitemap-2.xml', 'sitemap-10.xml']);
    expect(['sitemap.xml', 'sitemap-2.xml', 'sitemap-10.xml'].map(pageOfFile)).toEqual([1, 2, 10]);
    expect(['sitemap-1.xml', 'sitemap-0.xml', 'sitemap-02.xml', 'sitemap.rss', 'feeds'].map(pageOfFile)).toEqual([null, null, null, null, null]);
  });
  it('escapes URLs', () => {
    const xml = renderUrlset([{ loc: 'https://x.example/?a=1&b=2', lastmod: new Date(0), alternates: [] }]);
    expect(xml).toContain('<loc>https://x.example/?a=1&amp;b=2</loc>');
  });
});
