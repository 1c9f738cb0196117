import { InjectQueue } from '@nestjs/bullmq';
import { Injectable, Logger, OnApplicationBootstrap, OnModuleDestroy } from '@nestjs/common';
import { Job, Queue } from 'bullmq';
import { AppConfig } from '../../config/app-config';
import { assertHandlers as assertQueueHandlers, dispatchAllDue, type JobHandler, QueueWorker } from '../../queues/queue-worker';
import { RedisService } from '../../redis/redis.service';
import { FeedRepository } from '../feed.repository';
import { PollService } from '../poll.service';
import { PushIngestService } from '../push/push-ingest.service';
import {
  DISPATCH_SCHEDULER_ID,
  FEED_JOB_NAMES,
  FEEDS_QUEUE,
  FeedJobName,
  FeedJobs,
  INGEST_JOB_OPTIONS,
  pollJobId,
} from './feed-jobs';

type Handlers = { [N in FeedJobName]: (job: Job<FeedJobs[N]>) => Promise<unknown> };

/** Refuses to start when a job name of the queue has no handler. */
export const assertHandlers = (handlers: Record<string, unknown>, names: readonly string[] = FEED_JOB_NAMES) =>
  assertQueueHandlers(FEEDS_QUEUE, handlers, names);

/**
 * The one processor of the feeds queue. `dispatch` (from one job scheduler, kept registered because a
 * flushed Redis loses schedulers) enqueues the feeds that PostgreSQL says are due; `poll` polls one feed;
 * `push` ingests a verified pushed document. Every handler is idempotent: BullMQ delivers at least once.
 */
@Injectable()
export class FeedsProcessor implements OnApplicationBootstrap, OnModuleDestroy {
  private readonly logger = new Logger(FeedsProcessor.name);
  private readonly handlers: Handlers = {
    dispatch: () => this.dispatch(),
    poll: (job) => this.polls.poll(job.data.feedId, job.id!, job.data.manual),
    push: (job) => this.pushes.run(job.data.pushId, job.attemptsMade + 1 >= (job.opts.attempts ?? 1)),
  };
  private readonly worker = new QueueWorker(FEEDS_QUEUE, this.handlers as Record<string, JobHandler>, FEED_JOB_NAMES, this.logger);

  constructor(
    @InjectQueue(FEEDS_QUEUE) private readonly queue: Queue,
    private readonly redis: RedisService,
    private readonly config: AppConfig,
    private readonly feeds: FeedRepository,
    private readonly polls: PollService,
    private readonly pushes: PushIngestService,
  ) {
    this.queue.on('error', (error: Error) => this.logger.warn(`feeds queue: ${error.message}`));
  }

  async onApplicationBootstrap(): Promise<void> {
    const cfg = this.config.feeds;
    this.worker.start(this.redis, { concurrency: cfg.concurrency, lockMs: cfg.jobLockMs });
    await this.registerScheduler();
  }

  /** One job scheduler for the whole queue (not one per feed). */
  registerScheduler(): Promise<void> {
    return this.worker.keepDispatcher(this.queue, DISPATCH_SCHEDULER_ID, this.config.feeds.dispatchEveryMs);
  }

  /** SIGTERM: stop taking jobs and wait for the active ones (before the pools close). */
  onModuleDestroy(): Promise<void> {
    return this.worker.close();
  }

  process(job: Job): Promise<unknown> {
    return this.worker.process(job);
  }

  /** One indexed query per batch picks the due feeds; addBulk with deterministic ids, so a feed is never queued twice for one due time. */
  async dispatch(): Promise<{ dispatched: number }> {
    const cfg = this.config.feeds;
    const dispatched = await dispatchAllDue(cfg.dispatchBatch, (limit) =>
      this.feeds.dispatchDue(limit, cfg.leaseSeconds, async (due) => {
        await this.queue.addBulk(
          due.map((d) => ({
            name: 'poll',
            data: { feedId: d.id, manual: false } satisfies FeedJobs['poll'],
            opts: { ...INGEST_JOB_OPTIONS, jobId: pollJobId(d.id, d.dueAt) },
          })),
        );
      }),
    );
    return { dispatched };
  }
}
