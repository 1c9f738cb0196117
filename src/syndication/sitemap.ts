import type { Alternate } from '../articles';

/** sitemaps.org: at most 50,000 URLs in one sitemap file. */
export const SITEMAP_URL_LIMIT = 50_000;

/** One `<url>`: a published translation's URL, its article's alternates, when it last changed. */
export interface SitemapEntry {
  loc: string;
  lastmod: Date;
  alternates: readonly Alternate[];
}

/** How many sitemap files `urls` URLs need (at least one, possibly empty). */
export function sitemapPageCount(urls: number, limit = SITEMAP_URL_LIMIT): number {
  return Math.max(1, Math.ceil(urls / limit));
}

/** The 1-based page of `entries` that file `page` holds (page 1 is sitemap.xml, n ≥ 2 sitemap-<n>.xml). */
export function sitemapPage<T>(entries: readonly T[], page: number, limit = SITEMAP_URL_LIMIT): T[] {
  return entries.slice((page - 1) * limit, page * limit);
}

/** The file name of page `page` of a section's sitemap. */
export function sitemapFile(page: number): string {
  return page === 1 ? 'sitemap.xml' : `sitemap-${page}.xml`;
}

/** The page a file name asks for; null for anything else (sitemap-1.xml is sitemap.xml, so it is not a name). */
export function pageOfFile(file: string): number | null {
  if (file === 'sitemap.xml') return 1;
  const match = /^sitemap-([1-9][0-9]{0,8})\.xml$/.exec(file);
  const page = match ? Number(match[1]) : null;
  return page !== null && page >= 2 ? page : null;
}

const escape = (s: string) => s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;').replace(/'/g, '&apos;');

export function renderUrlset(entries: readonly SitemapEntry[]): string {
  const urls = entries.map((e) => {
    const links = e.alternates.map((a) => `<xhtml:link rel="alternate" hreflang="${escape(a.hreflang)}" href="${escape(a.url)}"/>`).join('');
    return `<url><loc>${escape(e.loc)}</loc><lastmod>${e.lastmod.toISOString()}</lastmod>${links}</url>`;
  });
  return [
    '<?xml version="1.0" encoding="UTF-8"?>',
    '<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9" xmlns:xhtml="http://www.w3.org/1999/xhtml">',
    ...urls,
    '</urlset>',
    '',
  ].join('\n');
}

export function renderIndex(sitemaps: readonly { loc: string; lastmod: Date | null }[]): string {
  const items = sitemaps.map((s) => `<sitemap><loc>${escape(s.loc)}</loc>${s.lastmod ? `<lastmod>${s.lastmod.toISOString()}</lastmod>` : ''}</sitemap>`);
  return ['<?xml version="1.0" encoding="UTF-8"?>', '<sitemapindex xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">', ...items, '</sitemapindex>', ''].join('\n');
}
