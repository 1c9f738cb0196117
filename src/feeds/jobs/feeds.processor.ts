import { InjectQueue } from '@nestjs/bullmq';
import { Injectable } from '@nestjs/common';
import { Job, Queue } from 'bullmq';
import { AppConfig } from '../../config/app-config';
import type { DueRow } from '../../queues/claim-due';
import { PollingProcessor } from '../../queues/polling-processor';
import { assertHandlers as assertQueueHandlers, type JobHandler } from '../../queues/queue-worker';
import { RedisService } from '../../redis/redis.service';
import { FeedRepository } from '../feed.repository';
import { PollService } from '../poll.service';
import { PushIngestService } from '../push/push-ingest.service';
import { WebSubSubscriber } from '../websub/websub-subscriber.service';
import { DISPATCH_SCHEDULER_ID, FEED_JOB_NAMES, FEEDS_QUEUE, FeedJobName, FeedJobs, INGEST_JOB_OPTIONS, pollJobId } from './feed-jobs';

type Handlers = { [N in FeedJobName]: (job: Job<FeedJobs[N]>, token?: string) => Promise<unknown> };

/** Refuses to start when a job name of the queue has no handler. */
export const assertHandlers = (handlers: Record<string, unknown>, names: readonly string[] = FEED_JOB_NAMES) =>
  assertQueueHandlers(FEEDS_QUEUE, handlers, names);

/**
 * The one processor of the feeds queue. `dispatch` (from one job scheduler, kept registered because a
 * flushed Redis loses schedulers) enqueues the feeds that PostgreSQL says are due; `poll` polls one feed;
 * `push` ingests a verified pushed document (a section's push or a WebSub hub's content distribution);
 * `websub` sends one WebSub subscription request. Every handler is idempotent: BullMQ delivers at least once.
 */
@Injectable()
export class FeedsProcessor extends PollingProcessor {
  constructor(
    @InjectQueue(FEEDS_QUEUE) queue: Queue,
    redis: RedisService,
    config: AppConfig,
    private readonly feeds: FeedRepository,
    private readonly polls: PollService,
    private readonly pushes: PushIngestService,
    private readonly websub: WebSubSubscriber,
  ) {
    super(
      {
        name: FEEDS_QUEUE,
        jobNames: FEED_JOB_NAMES,
        schedulerId: DISPATCH_SCHEDULER_ID,
        pollJob: (d: DueRow) => ({
          name: 'poll',
          data: { feedId: d.id, manual: false } satisfies FeedJobs['poll'],
          opts: { ...INGEST_JOB_OPTIONS, jobId: pollJobId(d.id, d.dueAt) },
        }),
      },
      queue,
      redis,
      config,
    );
  }

  protected handlers(): Record<string, JobHandler> {
    const handlers: Handlers = {
      // Due feeds, then due WebSub subscription requests (new ones, renewals before the lease ends, retries).
      dispatch: async () => ({ ...(await this.dispatch()), websub: await this.websub.dispatchDue() }),
      poll: async (job, token) =>
        this.releaseWhenHostBusy(job, token, await this.polls.poll(job.data.feedId, job.id!, job.data.manual, this.hostWaitUntil(job))),
      push: (job) => this.pushes.run(job.data.pushId, job.attemptsMade + 1 >= (job.opts.attempts ?? 1)),
      websub: (job) => this.websub.subscribe(job.data.feedId),
    };
    return handlers as Record<string, JobHandler>;
  }

  protected claimDue(limit: number, leaseSeconds: number, enqueue: (due: DueRow[]) => Promise<void>): Promise<number> {
    return this.feeds.dispatchDue(limit, leaseSeconds, enqueue);
  }

  protected concurrency(): number {
    return this.config.feeds.concurrency;
  }
}
