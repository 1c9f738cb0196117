// The page's decisions that need no browser: plain functions, unit-tested in test/desk/logic.test.ts.

const RTL = new Set(['ur', 'ar', 'fa', 'he']);

export const isRtl = (code: string): boolean => RTL.has(code.toLowerCase().split('-')[0]);

/** The stored choice, else the browser's first language the page speaks (by its base code), else English. */
export function preferredLanguage(stored: string | null, wanted: readonly string[], available: readonly string[]): string {
  if (stored && available.includes(stored)) return stored;
  for (const tag of wanted) {
    const base = tag.toLowerCase().split('-')[0];
    if (available.includes(base)) return base;
  }
  return 'en';
}

/** Tasks held by someone else are left out (not this translator's to take), and so is work waiting for review. */
export function visibleTasks<T extends { claimedBy: string | null; status: string | null }>(tasks: T[], me: string): T[] {
  return tasks.filter((task) => (!task.claimedBy || task.claimedBy === me) && task.status !== 'SUBMITTED');
}

/** Glossary terms whose source term occurs in the text, ignoring case, in the order the editors wrote them. */
export function termsIn<T extends { source: string }>(terms: T[], text: string, locale: string): T[] {
  const haystack = text.toLocaleLowerCase(locale);
  return terms.filter((term) => haystack.includes(term.source.toLocaleLowerCase(locale)));
}

/** A trigram similarity (0..1) as the whole percentage shown beside a memory match. */
export const similarityPercent = (similarity: number): number => Math.round(Math.min(1, Math.max(0, similarity)) * 100);

/**
 * How a machine suggestion may be used: it takes the draft's place only when the draft is not approved text;
 * over an approved translation (PUBLISHED, or the revision of one a STALE task starts from) it is only
 * inserted at the caret, beside what is there.
 */
export const suggestionUse = (reason: string, status: string | null | undefined): 'replace' | 'insert' =>
  status === 'PUBLISHED' || reason === 'STALE' ? 'insert' : 'replace';

/** Submit shows the warnings first: it goes ahead only when this version was checked and its warnings were shown. */
export const mayGoAhead = (checkedVersion: number | null, version: number, warnings: number): boolean =>
  warnings === 0 || checkedVersion === version;
