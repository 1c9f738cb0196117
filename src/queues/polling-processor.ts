import { Logger, OnApplicationBootstrap, OnModuleDestroy } from '@nestjs/common';
import { DelayedError, Job, JobsOptions, Queue } from 'bullmq';
import { randomInt } from 'node:crypto';
import { AppConfig } from '../config/app-config';
import type { RedisService } from '../redis/redis.service';
import type { DueRow } from './claim-due';
import { hostBusyBackoffMs } from './host-busy';
import { dispatchAllDue, type JobHandler, QueueWorker } from './queue-worker';

export interface PollingQueue {
  name: string;
  jobNames: readonly string[];
  schedulerId: string;
  /** The poll job of one due row: deterministic id, so a row is queued once per due time. */
  pollJob(row: DueRow): { name: string; data: unknown; opts: JobsOptions };
}

/**
 * The processor of a polling queue (section feeds, mention sources), written once: a QueueWorker with typed
 * handlers, the queue's one dispatcher scheduler kept registered, a draining close on SIGTERM, and
 * `dispatch`, which enqueues the rows PostgreSQL says are due (one indexed query per batch, deterministic
 * job ids). Subclasses give the handlers and how to claim their due rows.
 */
export abstract class PollingProcessor implements OnApplicationBootstrap, OnModuleDestroy {
  protected readonly logger: Logger;
  private readonly worker: QueueWorker;

  protected constructor(
    private readonly spec: PollingQueue,
    protected readonly queue: Queue,
    protected readonly redis: RedisService,
    protected readonly config: AppConfig,
  ) {
    this.logger = new Logger(new.target.name);
    this.queue.on('error', (error: Error) => this.logger.warn(`${spec.name} queue: ${error.message}`));
    this.worker = new QueueWorker(spec.name, this.handlers(), spec.jobNames, this.logger);
  }

  /**
   * The handler of each job name, read once in the constructor (a name without one refuses to start), so
   * handlers reach the subclass's dependencies through `this` only when they run.
   */
  protected abstract handlers(): Record<string, JobHandler>;
  /** Claims up to `limit` due rows, leasing them `leaseSeconds`, and lets `enqueue` add their jobs (see claimDue). */
  protected abstract claimDue(limit: number, leaseSeconds: number, enqueue: (due: DueRow[]) => Promise<void>): Promise<number>;
  protected abstract concurrency(): number;

  async onApplicationBootstrap(): Promise<void> {
    this.worker.start(this.redis, { concurrency: this.concurrency(), lockMs: this.config.feeds.jobLockMs });
    await this.registerScheduler();
  }

  /** One job scheduler for the whole queue (not one per row). */
  registerScheduler(): Promise<void> {
    return this.worker.keepDispatcher(this.queue, this.spec.schedulerId, this.config.feeds.dispatchEveryMs);
  }

  /** SIGTERM: stop taking jobs and wait for the active ones (before the pools close). */
  onModuleDestroy(): Promise<void> {
    return this.worker.close();
  }

  process(job: Job, token?: string): Promise<unknown> {
    return this.worker.process(job, token);
  }

  /**
   * A poll whose host was busy does not hold this worker slot while it waits: its job goes back to the
   * delayed set until `retryAt` (no attempt counted) and the slot serves other jobs. Other results pass.
   */
  protected async releaseWhenHostBusy<T extends { outcome: string }>(job: Job, token: string | undefined, result: T): Promise<T> {
    if (result.outcome !== 'host-busy' || !token) return result;
    // Starts that ended neither in success nor in a counted failure were waits for a busy host.
    const busyTries = Math.max(0, (job.attemptsStarted ?? 1) - 1 - job.attemptsMade);
    const soonest = Date.now() + hostBusyBackoffMs(busyTries, randomInt(1000) / 1000);
    await job.moveToDelayed(Math.min((result as T & { retryAt: number }).retryAt, soonest), token);
    throw new DelayedError();
  }

  /** Until when a poll job may keep waiting for a busy host: FETCH_HOST_WAIT_SECONDS after it was queued. */
  protected hostWaitUntil(job: Job): number {
    return job.timestamp + this.config.fetch.hostWaitMs;
  }

  /** Enqueues every due row, in batches; addBulk with deterministic ids, so a row is never queued twice for one due time. */
  async dispatch(): Promise<{ dispatched: number }> {
    const cfg = this.config.feeds;
    const dispatched = await dispatchAllDue(cfg.dispatchBatch, (limit) =>
      this.claimDue(limit, cfg.leaseSeconds, async (due) => {
        await this.queue.addBulk(due.map((row) => this.spec.pollJob(row)));
      }),
    );
    return { dispatched };
  }
}
