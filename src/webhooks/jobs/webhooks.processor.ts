import { InjectQueue } from '@nestjs/bullmq';
import { Injectable, Logger, OnApplicationBootstrap, OnModuleDestroy } from '@nestjs/common';
import { Job, Queue, UnrecoverableError } from 'bullmq';
import { AppConfig } from '../../config/app-config';
import { type JobHandler, QueueWorker } from '../../queues/queue-worker';
import { RedisService } from '../../redis/redis.service';
import { type AttemptOutcome, DeliverySender } from '../delivery-sender';
import { WebhookRepository } from '../webhook.repository';
import { deliveryJobOptions, SWEEP_SCHEDULER_ID, WEBHOOK_JOB_NAMES, WEBHOOKS_QUEUE, type WebhookJobs } from './webhook-jobs';

/** A delivery still PENDING this long after it was added, with no job, is queued again. */
const SWEEP_AFTER_MS = 2 * 60_000;
const SWEEP_EVERY_MS = 60_000;
const SWEEP_BATCH = 500;

/** An attempt that failed and will be tried again: BullMQ retries it after the back-off. */
class RetryDelivery extends Error {
  constructor(outcome: Extract<AttemptOutcome, { outcome: 'retry' }>) {
    super(`delivery attempt failed: ${outcome.error}${outcome.status !== null ? ` ${outcome.status}` : ''}`);
    this.name = 'RetryDelivery';
  }
}

/**
 * The one processor of the webhooks queue: `deliver` makes one attempt of a delivery (a failed attempt
 * throws, so BullMQ retries it with exponential back-off, WEBHOOK_MAX_ATTEMPTS in all); `sweep` (a job
 * scheduler, every minute) queues again deliveries whose job was lost. Both are idempotent.
 */
@Injectable()
export class WebhooksProcessor implements OnApplicationBootstrap, OnModuleDestroy {
  private readonly logger = new Logger(WebhooksProcessor.name);
  private readonly worker: QueueWorker;

  constructor(
    @InjectQueue(WEBHOOKS_QUEUE) private readonly queue: Queue,
    private readonly redis: RedisService,
    private readonly config: AppConfig,
    private readonly sender: DeliverySender,
    private readonly repo: WebhookRepository,
  ) {
    const handlers: { [N in keyof WebhookJobs]: (job: Job<WebhookJobs[N]>) => Promise<unknown> } = {
      deliver: (job) => this.deliver(job),
      sweep: () => this.sweep(),
    };
    this.queue.on('error', (error: Error) => this.logger.warn(`webhooks queue: ${error.message}`));
    this.worker = new QueueWorker(WEBHOOKS_QUEUE, handlers as Record<string, JobHandler>, WEBHOOK_JOB_NAMES, this.logger);
  }

  async onApplicationBootstrap(): Promise<void> {
    const { concurrency, timeoutMs } = this.config.webhooks;
    this.worker.start(this.redis, { concurrency, lockMs: Math.max(this.config.feeds.jobLockMs, 3 * timeoutMs) });
    await this.worker.keepScheduler(this.queue, {
      id: SWEEP_SCHEDULER_ID,
      repeat: { every: SWEEP_EVERY_MS },
      job: { name: 'sweep', data: {}, opts: { removeOnComplete: true, removeOnFail: { count: 100 } } },
      reregisterEveryMs: 5 * SWEEP_EVERY_MS,
    });
  }

  /** SIGTERM: stop taking jobs and wait for the attempts in flight. */
  onModuleDestroy(): Promise<void> {
    return this.worker.close();
  }

  private async deliver(job: Job<WebhookJobs['deliver']>): Promise<AttemptOutcome> {
    if (typeof job.data?.deliveryId !== 'string') throw new UnrecoverableError('deliver: no deliveryId');
    const last = job.attemptsMade + 1 >= (job.opts.attempts ?? 1);
    const outcome = await this.sender.attempt(job.data.deliveryId, last);
    if (outcome.outcome === 'retry') throw new RetryDelivery(outcome);
    return outcome;
  }

  private async sweep(): Promise<{ requeued: number }> {
    const ids = await this.repo.stalePending(SWEEP_AFTER_MS, SWEEP_BATCH);
    await this.queue.addBulk(ids.map((id) => ({ name: 'deliver', data: { deliveryId: id }, opts: deliveryJobOptions(id, this.config.webhooks) })));
    return { requeued: ids.length };
  }
}
