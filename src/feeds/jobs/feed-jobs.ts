import type { JobsOptions } from 'bullmq';

/** The one queue of feed ingestion, shared by the API (enqueues) and the worker (processes). */
export const FEEDS_QUEUE = 'feeds';

export interface DispatchJobData {
  /** Nothing: the dispatcher reads the due feeds from PostgreSQL. */
  readonly kind?: 'dispatch';
}

export interface PollJobData {
  feedId: string;
  /** refreshFeed: polls PAUSED and DISABLED feeds too. */
  manual: boolean;
}

export interface PushJobData {
  /** The pushed_documents row holding the verified body (also the job id). */
  pushId: string;
}

export interface WebSubJobData {
  /** The feed whose WebSub subscription is (re)requested from its hub. */
  feedId: string;
}

/** Every job name with its data type: the processor must have a handler for each. */
export interface FeedJobs {
  dispatch: DispatchJobData;
  poll: PollJobData;
  push: PushJobData;
  websub: WebSubJobData;
}
export type FeedJobName = keyof FeedJobs;
export const FEED_JOB_NAMES: readonly FeedJobName[] = ['dispatch', 'poll', 'push', 'websub'];

/** BullMQ job ids may not contain ':' nor be integers: these are "poll-<uuid>-<epoch ms>" and "push-<uuid>-<hash>". */
export const pollJobId = (feedId: string, dueAt: Date | number) => `poll-${feedId}-${typeof dueAt === 'number' ? dueAt : dueAt.getTime()}`;
export const pushJobId = (sectionId: string, bodyHash: string) => `push-${sectionId}-${bodyHash.slice(0, 40)}`;
/** One subscription request per feed and due time: "websub-<feed uuid>-<epoch ms>". */
export const websubJobId = (feedId: string, dueAt: Date) => `websub-${feedId}-${dueAt.getTime()}`;

/** Retries with exponential back-off for unexpected errors (a fetch failure is handled, not thrown); failed jobs are kept for inspection. */
export const INGEST_JOB_OPTIONS: JobsOptions = {
  attempts: 4,
  backoff: { type: 'exponential', delay: 5_000 },
  removeOnComplete: { age: 24 * 3600, count: 20_000 },
  removeOnFail: { age: 14 * 24 * 3600 },
};

export const DISPATCH_SCHEDULER_ID = 'feeds-dispatch';
