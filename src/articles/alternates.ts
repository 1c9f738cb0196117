/** One `<link rel="alternate" hreflang>` of an article: a published translation with a URL, or x-default. */
export interface Alternate {
  locale: string;
  hreflang: string;
  url: string;
}

/**
 * The alternates of an article: one per published translation with a URL (in `translations` order), then
 * x-default, which carries the original's locale and its URL (else the article's canonical URL); none
 * when there is no URL at all. Pure: GraphQL and the sitemaps print the same list.
 */
export function alternatesOf(
  translations: readonly { locale: string; url?: string | null; status: string; isOriginal: boolean }[],
  article: { originalLocale: string; canonicalUrl: string | null },
): Alternate[] {
  const published = translations.filter((t) => t.status === 'PUBLISHED' && t.url);
  const list: Alternate[] = published.map((t) => ({ locale: t.locale, hreflang: t.locale, url: t.url! }));
  const original = published.find((t) => t.isOriginal)?.url ?? article.canonicalUrl;
  if (list.length && original) list.push({ locale: article.originalLocale, hreflang: 'x-default', url: original });
  return list;
}
