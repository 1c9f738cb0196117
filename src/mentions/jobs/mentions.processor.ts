import { InjectQueue } from '@nestjs/bullmq';
import { Injectable, Logger, OnApplicationBootstrap, OnModuleDestroy } from '@nestjs/common';
import { Job, Queue } from 'bullmq';
import { AppConfig } from '../../config/app-config';
import { dispatchAllDue, type JobHandler, QueueWorker } from '../../queues/queue-worker';
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
export class MentionsProcessor implements OnApplicationBootstrap, OnModuleDestroy {
  private readonly logger = new Logger(MentionsProcessor.name);
  private readonly handlers: { [N in keyof MentionJobs]: (job: Job<MentionJobs[N]>) => Promise<unknown> } = {
    dispatch: () => this.dispatch(),
    poll: (job) => this.polls.poll(job.data.sourceId, job.id!),
  };
  private readonly worker = new QueueWorker(MENTIONS_QUEUE, this.handlers as Record<string, JobHandler>, MENTION_JOB_NAMES, this.logger);

  constructor(
    @InjectQueue(MENTIONS_QUEUE) private readonly queue: Queue,
    private readonly redis: RedisService,
    private readonly config: AppConfig,
    private readonly sources: MentionSourceRepository,
    private readonly polls: SourcePollService,
  ) {}

  async onApplicationBootstrap(): Promise<void> {
    const cfg = this.config.feeds;
    this.worker.start(this.redis, { concurrency: Math.max(1, Math.min(cfg.concurrency, 4)), lockMs: cfg.jobLockMs });
    await this.registerScheduler();
  }

  registerScheduler(): Promise<void> {
    return this.worker.keepDispatcher(this.queue, DISPATCH_SCHEDULER_ID, this.config.feeds.dispatchEveryMs);
  }

  onModuleDestroy(): Promise<void> {
    return this.worker.close();
  }

  process(job: Job): Promise<unknown> {
    return this.worker.process(job);
  }

  /** One indexed query per batch picks the due sources; addBulk with deterministic ids. */
  async dispatch(): Promise<{ dispatched: number }> {
    const cfg = this.config.feeds;
    const dispatched = await dispatchAllDue(cfg.dispatchBatch, (limit) =>
      this.sources.dispatchDue(limit, cfg.leaseSeconds, async (due) => {
        await this.queue.addBulk(
          due.map((d) => ({ name: 'poll', data: { sourceId: d.id }, opts: { ...POLL_JOB_OPTIONS, jobId: pollJobId(d.id, d.dueAt) } })),
        );
      }),
    );
    return { dispatched };
  }
}
