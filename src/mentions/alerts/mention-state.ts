/** What an editor has done with a mention: NEW until marked READ or DISMISSED (markMentions). */
export const MENTION_STATES = ['NEW', 'READ', 'DISMISSED'] as const;
export type MentionState = (typeof MENTION_STATES)[number];

/** How a watch's e-mail alert is sent: one message per mention as it is found, or one digest a day. */
export const ALERT_FREQUENCIES = ['IMMEDIATE', 'DAILY'] as const;
export type AlertFrequency = (typeof ALERT_FREQUENCIES)[number];

/** At most this many ids per markMentions call. */
export const MAX_MARKED = 500;
