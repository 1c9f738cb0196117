import { createHash, randomBytes } from 'node:crypto';

/**
 * A URL slug in the title's own script: Latin titles lose their accents ("Göteborg" -> "goteborg"),
 * Chinese and Urdu titles keep their letters, which modern URLs carry as they are.
 * Never empty: a title with no letters or digits at all gets `fallback`.
 */
export function slugify(title: string, fallback: string, maxLength = 80): string {
  const folded = title
    .normalize('NFKD')
    // Drop combining marks only after Latin letters: in Urdu they are vowel signs, not accents.
    .replace(/([A-Za-z])[\u0300-\u036f]+/g, '$1')
    .normalize('NFC')
    .replace(/[ßẞ]/g, 'ss')
    .replace(/[æÆ]/g, 'ae')
    .replace(/[øØ]/g, 'o')
    .replace(/[łŁ]/g, 'l')
    .toLowerCase();
  const slug = folded
    .replace(/[^\p{L}\p{M}\p{N}]+/gu, '-')
    .replace(/^-+|-+$/g, '');
  const cut = [...slug].slice(0, maxLength).join('').replace(/-+$/, '');
  return cut || fallback;
}

/** The slug itself when free, else slug-2, slug-3, ... (taken: the slugs already used in that section and language). */
export function uniqueSlug(base: string, taken: ReadonlySet<string>): string {
  if (!taken.has(base)) return base;
  for (let n = 2; ; n++) {
    const candidate = `${base}-${n}`;
    if (!taken.has(candidate)) return candidate;
  }
}

/**
 * The slugs a batch writer tries for a new translation, in order, when it cannot afford one look-up per
 * row (feed ingestion): the title's slug, then the slug with a short and a longer hash of the article id,
 * so one indexed query over the whole batch tells which are free. The fallback for a title with no
 * letters is random, as for single writes.
 */
export function batchSlugCandidates(title: string, articleId: string): string[] {
  const base = slugify(title, `article-${randomBytes(4).toString('hex')}`, 72);
  const hash = createHash('sha256').update(articleId).digest('hex');
  return [base, `${base}-${hash.slice(0, 6)}`, `${base}-${hash.slice(0, 12)}`];
}
