import { badInput } from '../common/errors';
import { type TranslationStatus } from '../articles';

/** What a person does to a translation; each moves its status along one allowed edge. */
export const TRANSLATION_ACTIONS = ['CLAIM', 'SAVE', 'SUBMIT', 'APPROVE', 'REJECT'] as const;
export type TranslationAction = (typeof TRANSLATION_ACTIONS)[number];

/** The state of a (article, locale) pair before the action: its work copy's status, PUBLISHED, or NONE. */
export type TranslationState = TranslationStatus | 'NONE';

/**
 * The allowed transitions. Starting work (CLAIM or SAVE) on nothing, on a draft, on a rejected or on a
 * published translation (a revision: the published text stays live until the revision is approved)
 * makes it IN_PROGRESS; only work in progress can be submitted; only a submitted translation can be
 * approved (PUBLISHED) or rejected (REJECTED). A submitted translation is frozen while it waits for review.
 */
const EDGES: Record<TranslationState, Partial<Record<TranslationAction, TranslationStatus>>> = {
  NONE: { CLAIM: 'IN_PROGRESS', SAVE: 'IN_PROGRESS' },
  DRAFT: { CLAIM: 'IN_PROGRESS', SAVE: 'IN_PROGRESS', SUBMIT: 'SUBMITTED' },
  IN_PROGRESS: { CLAIM: 'IN_PROGRESS', SAVE: 'IN_PROGRESS', SUBMIT: 'SUBMITTED' },
  SUBMITTED: { APPROVE: 'PUBLISHED', REJECT: 'REJECTED' },
  REJECTED: { CLAIM: 'IN_PROGRESS', SAVE: 'IN_PROGRESS' },
  PUBLISHED: { CLAIM: 'IN_PROGRESS', SAVE: 'IN_PROGRESS' },
};

/** The status after `action`, or null when the action is not allowed from `from`. */
export function nextStatus(from: TranslationState, action: TranslationAction): TranslationStatus | null {
  return EDGES[from][action] ?? null;
}

/** Like nextStatus, but refuses a forbidden move with a translated BAD_USER_INPUT (nothing has changed yet). */
export function transition(from: TranslationState, action: TranslationAction): TranslationStatus {
  const to = nextStatus(from, action);
  if (!to) throw badInput(`translations:errors.transition.${action}`, { status: from });
  return to;
}
