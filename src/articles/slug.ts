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

/** The slug itself when free, else slug-2, slug-3, ... /**
 * The one slug rule for translations (single writes, edits and feed batches alike): the slug itself when
 * free, else slug-2, slug-3, ... (taken: the slugs already used in that section and language).
 */
export function uniqueSlug(base: string, taken: ReadonlySet<string>): string {
  if (!taken.has(base)) return base;
  for (let n = 2; ; n++) {
    const candidate = `${base}-${n}`;
    if (!taken.has(candidate)) return candidate;
  }
}

/** The first `window` slugs uniqueSlug may give for `base`, in order: base, base-2, ..., base-window. */
export function slugCandidates(base: string, window: number): string[] {
  return [base, ...Array.from({ length: Math.max(0, window - 1) }, (_, i) => `${base}-${i + 2}`)];
}

/** One slug wanted: in a language, from a base; `own` is the slug the row already has (an edit may keep it). */
export interface SlugWant {
  locale: string;
  base: string;
  own?: string | null;
}

/** The key of a slug in its language (slugs are unique per section and language). */
export const slugKey = (locale: string, slug: string) => `${locale} ${slug}`;

/**
 * uniqueSlug for many rows at once (a feed batch, or a batch of one): rows are served in order, each taking
 * the first free candidate of its base, so two rows of one batch wanting "a" get "a" and "a-2". `taken`
 * holds the slugKeys found used among each base's first `window` candidates (slugCandidates; one window
 * for all, or one per slugKey(locale, base)), so a caller can look up exactly those with the unique index.
 * Null when some row's free slug lies beyond its window: look up a wider one.
 */
export function assignSlugs(wants: readonly SlugWant[], taken: ReadonlySet<string>, window: number | ReadonlyMap<string, number>): string[] | null {
  const used = new Set<string>();
  // Per base, candidates before the cursor are all used or taken: a batch of k rows with one title scans
  // its candidates once, not k times (k^2 look-ups for feeds that repeat a title).
  const cursors = new Map<string, number>();
  const picked: string[] = [];
  for (const want of wants) {
    const key = slugKey(want.locale, want.base);
    const size = typeof window === 'number' ? window : (window.get(key) ?? 0);
    const candidate = (n: number) => (n === 0 ? want.base : `${want.base}-${n + 1}`);
    const blocked = (slug: string) => used.has(slugKey(want.locale, slug)) || taken.has(slugKey(want.locale, slug));
    let at = cursors.get(key) ?? 0;
    while (at < size && blocked(candidate(at))) at++;
    cursors.set(key, at);
    const own = ownIndex(want, size);
    const free = own !== null && own < at && !used.has(slugKey(want.locale, want.own!)) ? want.own! : at < size ? candidate(at) : undefined;
    if (free === undefined) return null;
    used.add(slugKey(want.locale, free));
    picked.push(free);
  }
  return picked;
}

/** Where the row's own slug stands among its base's first `size` candidates (null when it is not one). */
function ownIndex(want: SlugWant, size: number): number | null {
  if (!want.own) return null;
  if (want.own === want.base) return 0;
  const n = want.own.startsWith(`${want.base}-`) ? want.own.slice(want.base.length + 1) : '';
  if (!/^[1-9]\d*$/.test(n) || Number(n) < 2) return null;
  return Number(n) - 1 < size ? Number(n) - 1 : null;
}
