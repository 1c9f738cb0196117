export interface LocalisedText {
  locale: string;
}

/**
 * The translation to serve for `chain` (the requested locale, its fallbacks, the original language):
 * the first locale of the chain that has one. `isFallback` says it is not the requested locale.
 */
export function pickTranslation<T extends LocalisedText>(
  available: readonly T[],
  chain: readonly string[],
  allowFallback = true,
): { translation: T; isFallback: boolean } | null {
  const byLocale = new Map(available.map((t) => [t.locale, t]));
  const candidates = allowFallback ? chain : chain.slice(0, 1);
  for (const locale of candidates) {
    const translation = byLocale.get(locale);
    if (translation) return { translation, isFallback: locale !== chain[0] };
  }
  return null;
}

/** Configured locales that have no published translation, in configuration order. */
export function missingLocales(configured: readonly string[], published: readonly string[]): string[] {
  const have = new Set(published);
  return configured.filter((code) => !have.has(code));
}
