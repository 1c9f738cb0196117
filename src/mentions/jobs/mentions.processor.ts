import { InjectQueue } from '@nestjs/bullmq';
import { Injectable } from '@nestjs/common';
import { Job, Queue } from 'bullmq';
import { AppConfig } from '../../config/app-config';
import type { DueRow } from '../../queues/claim-due';
import { PollingProcessor } from '../../queues/polling-processor';
import type { JobHandler } from '../../queues/queue-worker';
import { RedisService } from '../../redis/redis.service';
import { MentionSourceRepository } from '../mention-source.repository';
import { SourcePollService } from '../source-poll.service';
import { DISPATCH_SCHEDULER_ID, MENTION_JOB_NAMES, MENTIONS_QUEUE, type MentionJobs, POLL_JOB_OPTIONS, pollJobId } from './mention-jobs';

/**
 * The one processor of the mentions queue: `dispatch` (one job scheduler, kept registered since a flushed
 * Redis loses schedulers) enqueues the sources that PostgreSQL says are due, with deterministic job ids;
 * `poll` polls one source. Both are idempotent.
 */
@Injectable()
export class MentionsProcessor extends PollingProcessor {
  constructor(
    @InjectQueue(MENTIONS_QUEUE) queue: Queue,
    redis: RedisService,
    config: AppConfig,
    private readonly sources: MentionSourceRepository,
    private readonly polls: SourcePollService,
  ) {
    super(
      {
        name: MENTIONS_QUEUE,
        jobNames: MENTION_JOB_NAMES,
        schedulerId: DISPATCH_SCHEDULER_ID,
        pollJob: (d: DueRow) => ({ name: 'poll', data: { sourceId: d.id }, opts: { ...POLL_JOB_OPTIONS, jobId: pollJobId(d.id, d.dueAt) } }),
      },
      queue,
      redis,
      config,
    );
  }

  protected handlers(): Record<string, JobHandler> {
    const handlers: { [N in keyof MentionJobs]: (job: Job<MentionJobs[N]>, token?: string) => Promise<unknown> } = {
      dispatch: () => this.dispatch(),
      poll: async (job, token) => this.releaseWhenHostBusy(job, token, await this.polls.poll(job.data.sourceId, job.id!, false, this.hostWaitUntil(job))),
    };
    return handlers as Record<string, JobHandler>;
  }

  protected claimDue(limit: number, leaseSeconds: number, enqueue: (due: DueRow[]) => Promise<void>): Promise<number> {
    return this.sources.dispatchDue(limit, leaseSeconds, enqueue);
  }

  /** Mention sources are fewer and less urgent than section feeds: at most four at once. */
  protected concurrency(): number {
    return Math.max(1, Math.min(this.config.feeds.concurrency, 4));
  }
}
