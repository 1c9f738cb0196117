import { InjectQueue } from '@nestjs/bullmq';
import { Injectable, Logger, OnApplicationBootstrap, OnModuleDestroy } from '@nestjs/common';
import { Job, Queue, UnrecoverableError, Worker } from 'bullmq';
import { AppConfig } from '../../config/app-config';
import { RedisService } from '../../redis/redis.service';
import { SectionRepository } from '../../sections/section.repository';
import { FeedRepository } from '../feed.repository';
import { FeedSource } from '../feed-source';
import { IngestService } from '../ingest.service';
import { PollService } from '../poll.service';
import { PushSecretRepository } from '../push/push-secret.repository';
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
export function assertHandlers(handlers: Record<string, unknown>, names: readonly string[] = FEED_JOB_NAMES): void {
  const missing = names.filter((n) => typeof handlers[n] !== 'function');
  if (missing.length) throw new Error(`The ${FEEDS_QUEUE} processor has no handler for job(s): ${missing.join(', ')}`);
}

/**
 * The one processor of the feeds queue. `dispatch` (from one job scheduler, registered at every start
 * because a flushed Redis loses schedulers) enqueues the feeds that PostgreSQL says are due; `poll` polls
 * one feed; `push` ingests a verified pushed document. Every handler is idempotent: BullMQ delivers at
 * least once.
 */
@Injectable()
export class FeedsProcessor implements OnApplicationBootstrap, OnModuleDestroy {
  private readonly logger = new Logger(FeedsProcessor.name);
  private worker?: Worker;
  private reregister?: NodeJS.Timeout;
  private readonly handlers: Handlers = {
    dispatch: () => this.dispatch(),
    poll: (job) => this.polls.poll(job.data.feedId, job.id!, job.data.manual),
    push: (job) => this.pushed(job),
  };

  constructor(
    @InjectQueue(FEEDS_QUEUE) private readonly queue: Queue,
    private readonly redis: RedisService,
    private readonly config: AppConfig,
    private readonly feeds: FeedRepository,
    private readonly polls: PollService,
    private readonly ingest: IngestService,
    private readonly source: FeedSource,
    private readonly sections: SectionRepository,
    private readonly secrets: PushSecretRepository,
  ) {
    assertHandlers(this.handlers);
    this.queue.on('error', (error: Error) => this.logger.warn(`feeds queue: ${error.message}`));
  }

  async onApplicationBootstrap(): Promise<void> {
    const cfg = this.config.feeds;
    this.worker = new Worker(FEEDS_QUEUE, (job: Job) => this.process(job), {
      connection: this.redis.create('blocking'),
      prefix: this.redis.prefix,
      concurrency: cfg.concurrency,
      lockDuration: cfg.jobLockMs,
      stalledInterval: cfg.jobLockMs,
      maxStalledCount: 3,
      autorun: true,
    });
    this.worker.on('failed', (job, error) => this.logger.warn(`job ${job?.id} (${job?.name}) failed: ${error.message}`));
    this.worker.on('error', (error) => this.logger.warn(`worker: ${error.message}`));
    await this.registerScheduler();
    // A Redis that restarted empty (or was flushed) has lost the scheduler: upsert it again now and then.
    const every = Math.min(60_000, Math.max(5_000, cfg.dispatchEveryMs * 6));
    this.reregister = setInterval(() => {
      this.registerScheduler().catch((error: Error) => this.logger.warn(`could not register the dispatcher: ${error.message}`));
    }, every);
    this.reregister.unref();
  }

  /** One job scheduler for the whole queue (not one per feed): upsert is idempotent, so every start registers it. */
  async registerScheduler(): Promise<void> {
    await this.queue.upsertJobScheduler(
      DISPATCH_SCHEDULER_ID,
      { every: this.config.feeds.dispatchEveryMs },
      { name: 'dispatch', data: {}, opts: { removeOnComplete: true, removeOnFail: { count: 100 } } },
    );
  }

  /** SIGTERM: stop taking jobs and wait for the active ones (before the pools close). */
  async onModuleDestroy(): Promise<void> {
    if (this.reregister) clearInterval(this.reregister);
    await this.worker?.close();
  }

  async process(job: Job): Promise<unknown> {
    const handler = (this.handlers as Record<string, ((job: Job) => Promise<unknown>) | undefined>)[job.name];
    if (!handler) throw new UnrecoverableError(`no handler for job "${job.name}"`);
    return handler(job);
  }

  /** One indexed query picks the due feeds; addBulk with deterministic ids, so a feed is never queued twice for one due time. */
  async dispatch(): Promise<{ dispatched: number }> {
    const cfg = this.config.feeds;
    let total = 0;
    for (;;) {
      const n = await this.feeds.dispatchDue(cfg.dispatchBatch, cfg.leaseSeconds, async (due) => {
        await this.queue.addBulk(
          due.map((d) => ({
            name: 'poll',
            data: { feedId: d.id, manual: false } satisfies FeedJobs['poll'],
            opts: { ...INGEST_JOB_OPTIONS, jobId: pollJobId(d.id, d.dueAt) },
          })),
        );
      });
      total += n;
      if (n < cfg.dispatchBatch) return { dispatched: total };
    }
  }

  private async pushed(job: Job<FeedJobs['push']>) {
    const section = await this.sections.findById(job.data.sectionId);
    if (!section) return { outcome: 'skipped', reason: 'section-gone' };
    const receivedAt = new Date(job.data.receivedAt);
    const parsed = this.source.parse(Buffer.from(job.data.body, 'base64'), {
      contentType: job.data.contentType,
      baseUrl: section.homepage,
      fetchedAt: receivedAt,
    });
    const report = await this.ingest.ingest(
      { sectionId: section.id, sectionDefaultLocale: section.defaultLocale, feedId: null, feedLocale: null, guidsUnstable: false },
      parsed,
      receivedAt,
    );
    return { outcome: 'ingested', report };
  }
}

export type { PushSecretRepository };
