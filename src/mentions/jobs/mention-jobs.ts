import type { JobsOptions } from 'bullmq';

/** The queue of mention sources: one dispatcher (a job scheduler) and one poll job per due source. */
export const MENTIONS_QUEUE = 'mentions';

export interface MentionJobs {
  dispatch: Record<string, never>;
  poll: { sourceId: string };
}
export type MentionJobName = keyof MentionJobs;
export const MENTION_JOB_NAMES: readonly MentionJobName[] = ['dispatch', 'poll'];

export const DISPATCH_SCHEDULER_ID = 'mentions-dispatch';

/** No ':' and not an integer (BullMQ's rules): "msrc-<uuid>-<epoch ms of the due time>". */
export const pollJobId = (sourceId: string, dueAt: Date) => `msrc-${sourceId}-${dueAt.getTime()}`;

export const POLL_JOB_OPTIONS: JobsOptions = {
  attempts: 4,
  backoff: { type: 'exponential', delay: 5_000 },
  removeOnComplete: { age: 24 * 3600, count: 10_000 },
  removeOnFail: { age: 14 * 24 * 3600 },
};
