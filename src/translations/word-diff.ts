import { diffWordsWithSpace } from 'diff';

export type TextChangeKind = 'ADDED' | 'REMOVED' | 'UNCHANGED';
export interface TextChange {
  kind: TextChangeKind;
  text: string;
}

/** Past this many edits the diff gives up and reports the whole text as replaced (bounded work on huge texts). */
const MAX_EDIT_LENGTH = 20000;

/** Locales written without spaces between words: segment them with Intl.Segmenter. */
const SEGMENTED = new Set(['zh', 'ja', 'th', 'km', 'lo', 'my']);

/**
 * A word-level diff of two plain texts, as runs of unchanged, removed and added text (white space is a
 * token of its own, so the runs rebuild both texts exactly). Both texts are
 * compared NFC-normalised; Chinese (and other scripts without spaces) is split into words with
 * Intl.Segmenter, so a changed word shows as that word rather than as the whole sentence.
 */
export function wordDiff(before: string | null | undefined, after: string | null | undefined, locale?: string): TextChange[] {
  const a = (before ?? '').normalize('NFC');
  const b = (after ?? '').normalize('NFC');
  if (a === b) return a ? [{ kind: 'UNCHANGED', text: a }] : [];
  const options =
    locale && SEGMENTED.has(locale)
      ? { maxEditLength: MAX_EDIT_LENGTH, intlSegmenter: new Intl.Segmenter(locale, { granularity: 'word' }) }
      : { maxEditLength: MAX_EDIT_LENGTH };
  const changes = diffWordsWithSpace(a, b, options);
  if (!changes) {
    return [
      ...(a ? [{ kind: 'REMOVED' as const, text: a }] : []),
      ...(b ? [{ kind: 'ADDED' as const, text: b }] : []),
    ];
  }
  return changes
    .filter((c) => c.value !== '')
    .map((c) => ({ kind: c.added ? 'ADDED' : c.removed ? 'REMOVED' : 'UNCHANGED', text: c.value }));
}

/** True when a diff contains any change. */
export const hasChanges = (diff: readonly TextChange[]): boolean => diff.some((c) => c.kind !== 'UNCHANGED');
