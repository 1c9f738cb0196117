import { normaliseTag } from './locale-registry';

interface Weighted {
  code: string;
  q: number;
  order: number;
}

/** Parses an Accept-Language header into language codes, best first (q-values, then header order). */
export function parseAcceptLanguage(header: string | undefined | null): string[] {
  if (!header) return [];
  const ranges: Weighted[] = [];
  header.split(',').forEach((part, order) => {
    const [tag, ...params] = part.trim().split(';');
    if (!tag || tag === '*') return;
    let q = 1;
    for (const param of params) {
      const [name, value] = param.trim().split('=');
      if (name === 'q') {
        const parsed = Number(value);
        q = Number.isFinite(parsed) ? Math.min(Math.max(parsed, 0), 1) : 0;
      }
    }
    const code = normaliseTag(tag);
    if (code && q > 0) ranges.push({ code, q, order });
  });
  ranges.sort((a, b) => b.q - a.q || a.order - b.order);
  return [...new Set(ranges.map((r) => r.code))];
}

/** The request's language: the first Accept-Language range newsdesk serves, else the default. */
export function negotiateLocale(header: string | undefined | null, supported: readonly string[], fallback: string): string {
  return parseAcceptLanguage(header).find((code) => supported.includes(code)) ?? fallback;
}
