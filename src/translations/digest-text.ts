import type { Translator } from '../i18n/translator';

export type DigestCounts = Record<string, { missing: number; stale: number; rejected: number; total: number }>;

/** Composes text for one translator in `language` (pure apart from the Translator). */
export function composeDigest(
  translator: Translator,
  language: string,
  name: string,
  counts: DigestCounts,
): { subject: string; body: string; total: number } {
  const total = Object.values(counts).reduce((sum, c) => sum + c.total, 0);
  const lines = Object.entries(counts).map(([locale, c]) =>
    translator.t(language, 'translations:digest.line', {
      language: translator.t(language, `languages:${locale}`),
      // Each count has its own plural form ("1 manquante, 2 à mettre à jour").
      missing: translator.t(language, 'translations:digest.missing', { count: c.missing }),
      stale: translator.t(language, 'translations:digest.stale', { count: c.stale }),
      rejected: translator.t(language, 'translations:digest.rejected', { count: c.rejected }),
    }),
  );
  const body = [
    translator.t(language, 'translations:digest.greeting', { name }),
    '',
    ...(total > 0 ? [...lines, '', translator.t(language, 'translations:digest.closing')] : [translator.t(language, 'translations:digest.nothing')]),
  ].join('\n');
  return { subject: translator.t(language, 'translations:digest.subject', { count: total }), body, total };
}
