import { InjectQueue } from '@nestjs/bullmq';
import { Injectable, Logger, OnApplicationBootstrap, OnModuleDestroy } from '@nestjs/common';
import { Job, Queue, UnrecoverableError, Worker } from 'bullmq';
import { AppConfig } from '../../config/app-config';
import { RedisService } from '../../redis/redis.service';
import { MentionSourceRepository } from '../mention.repository';
import { SourcePollService } from '../source-poll.service';
import { DISPATCH_SCHEDULER_ID, MENTION_JOB_NAMES, MENTIONS_QUEUE, type MentionJobs, POLL_JOB_OPTIONS, pollJobId } from './mention-jobs';

/**
 * The one processor of the mentions queue: `dispatch` (one job scheduler, registered at every start and
 * again now and then, since a flushed Redis loses schedulers) enqueues the sources that PostgreSQL says
 * are due, with deterministic job ids; `poll` polls one source. Both are idempotent.
 */
@Injectable()
export class MentionsProcessor implements OnApplicationBootstrap, OnModuleDestroy {
  private readonly logger = new Logger(MentionsProcessor.name);
  private worker?: Worker;
  private reregister?: NodeJS.Timeout;
  private readonly handlers: { [N in keyof MentionJobs]: (job: Job<MentionJobs[N]>) => Promise<unknown> } = {
    dispatch: () => this.dispatch(),
    poll: (job) => this.polls.poll(job.data.sourceId, job.id!),
  };

  constructor(
    @InjectQueue(MENTIONS_QUEUE) private readonly queue: Queue,
    private readonly redis: RedisService,
    private readonly config: AppConfig,
    private readonly sources: MentionSourceRepository,
    private readonly polls: SourcePollService,
  ) {
    const missing = MENTION_JOB_NAMES.filter((n) => typeof this.handlers[n] !== 'function');
    if (missing.length) throw new Error(`The ${MENTIONS_QUEUE} processor has no handler for job(s): ${missing.join(', ')}`);
  }

  async onApplicationBootstrap(): Promise<void> {
    const cfg = this.config.feeds;
    this.worker = new Worker(MENTIONS_QUEUE, (job: Job) => this.process(job), {
      connection: this.redis.create('blocking'),
      prefix: this.redis.prefix,
      concurrency: Math.max(1, Math.min(cfg.concurrency, 4)),
      lockDuration: cfg.jobLockMs,
      stalledInterval: cfg.jobLockMs,
      maxStalledCount: 3,
    });
    this.worker.on('failed', (job, error) => this.logger.warn(`job ${job?.id} (${job?.name}) failed: ${error.message}`));
    this.worker.on('error', (error) => this.logger.warn(`worker: ${error.message}`));
    await this.registerScheduler();
    const every = Math.min(60_000, Math.max(5_000, cfg.dispatchEveryMs * 6));
    this.reregister = setInterval(() => {
      this.registerScheduler().catch((error: Error) => this.logger.warn(`could not register the dispatcher: ${error.message}`));
    }, every);
    this.reregister.unref();
  }

  async registerScheduler(): Promise<void> {
    await this.queue.upsertJobScheduler(
      DISPATCH_SCHEDULER_ID,
      { every: this.config.feeds.dispatchEveryMs },
      { name: 'dispatch', data: {}, opts: { removeOnComplete: true, removeOnFail: { count: 100 } } },
    );
  }

  async onModuleDestroy(): Promise<void> {
    if (this.reregister) clearInterval(this.reregister);
    await this.worker?.close();
  }

  async process(job: Job): Promise<unknown> {
    const handler = (this.handlers as Record<string, ((job: Job) => Promise<unknown>) | undefined>)[job.name];
    if (!handler) throw new UnrecoverableError(`no handler for job "${job.name}"`);
    return handler(job);
  }

  /** One indexed query picks the due sources; addBulk with deterministic ids. */
  async dispatch(): Promise<{ dispatched: number }> {
    const cfg = this.config.feeds;
    let total = 0;
    for (;;) {
      const n = await this.sources.dispatchDue(cfg.dispatchBatch, cfg.leaseSeconds, async (due) => {
        await this.queue.addBulk(
          due.map((d) => ({ name: 'poll', data: { sourceId: d.id }, opts: { ...POLL_JOB_OPTIONS, jobId: pollJobId(d.id, d.dueAt) } })),
        );
      });
      total += n;
      if (n < cfg.dispatchBatch) return { dispatched: total };
    }
  }
}
