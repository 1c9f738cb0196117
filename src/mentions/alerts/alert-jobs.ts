import type { Job, JobsOptions } from 'bullmq';

/** The queue of mention alerts: one `found` job per new mention of a watch with alerts, and the daily digest. */
export const MENTION_ALERTS_QUEUE = 'mention-alerts';

export interface MentionAlertJobs {
  found: { mentionId: string };
  daily: Record<string, never>;
}
export type MentionAlertJobName = keyof MentionAlertJobs;
export const MENTION_ALERT_JOB_NAMES: readonly MentionAlertJobName[] = ['found', 'daily'];

export const DAILY_SCHEDULER_ID = 'mention-alerts-daily';

/** One alert per mention, whoever found it and however often it was announced (BullMQ ids: no ':'). */
export const foundJobId = (mentionId: string) => `alert-${mentionId}`;

export const FOUND_JOB_OPTIONS: JobsOptions = {
  attempts: 5,
  backoff: { type: 'exponential', delay: 30_000 },
  removeOnComplete: { age: 24 * 3600, count: 10_000 },
  removeOnFail: { age: 14 * 24 * 3600 },
};

/** The day a digest is for: the UTC date of the job's scheduled time (a retry keeps it). */
export const digestDayOf = (job: Pick<Job, 'timestamp'>): string => new Date(job.timestamp).toISOString().slice(0, 10);
