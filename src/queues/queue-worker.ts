import { Logger } from '@nestjs/common';
import { Job, JobSchedulerTemplateOptions, Queue, RepeatOptions, UnrecoverableError, Worker } from 'bullmq';
import type { EventEmitter } from 'node:events';
import { runWithRequestId } from '../common/request-id';
import type { RedisService } from '../redis/redis.service';
import { type FinishedJob, outcomeOf, reportJob } from './job-observers';

/** The fields of a finished job worth a log line (a result's own numbers, never its payload). */
function summary(job: FinishedJob): Record<string, unknown> {
  const numbers = Object.entries((job.result ?? {}) as Record<string, unknown>).filter(([, v]) => typeof v === 'number' || typeof v === 'boolean');
  const error = (job.result as { error?: { key?: string } } | undefined)?.error?.key;
  const report = (job.result as { report?: { items?: number; created?: number; updated?: number } } | undefined)?.report;
  return {
    queue: job.queue,
    jobId: job.id,
    outcome: job.outcome,
    durationMs: Math.round(job.seconds * 1000),
    ...Object.fromEntries(numbers),
    ...(report ? { items: report.items, created: report.created, updated: report.updated } : {}),
    ...(error ? { error } : {}),
  };
}

/** `token` is the job's lock token (needed to move an active job back to delayed). */
export type JobHandler = (job: Job, token?: string) => Promise<unknown>;

/** Refuses to start when a job name of the queue has no handler. */
export function assertHandlers(queueName: string, handlers: Record<string, unknown>, names: readonly string[]): void {
  const missing = names.filter((n) => typeof handlers[n] !== 'function');
  if (missing.length) throw new Error(`The ${queueName} processor has no handler for job(s): ${missing.join(', ')}`);
}

export interface QueueWorkerOptions {
  concurrency: number;
  /** Lock and stall-check interval: a job whose lock is not renewed in time runs again. */
  lockMs: number;
}

export interface KeptScheduler {
  id: string;
  repeat: Omit<RepeatOptions, 'key'>;
  job: { name: string; data?: unknown; opts?: JobSchedulerTemplateOptions };
  /** How often to upsert it again: a Redis that restarted empty (or was flushed) has lost it. */
  reregisterEveryMs: number;
}

export type StopKeeping = () => void;

/**
 * Keeps a job scheduler registered: upserted now (idempotent, so at every start), again every
 * `reregisterEveryMs` (a Redis flushed while we stayed connected), and at once whenever the queue's connection
 * is ready again (a Redis that restarted empty has lost every scheduler, and its jobs would never run again).
 */
export async function keepJobScheduler(queue: Queue, scheduler: KeptScheduler, logger: Logger): Promise<StopKeeping> {
  const upsert = () =>
    queue.upsertJobScheduler(scheduler.id, scheduler.repeat, scheduler.job).then(
      () => undefined,
      (error: Error) => logger.warn(`could not register the ${scheduler.id} scheduler: ${error.message}`),
    );
  await queue.upsertJobScheduler(scheduler.id, scheduler.repeat, scheduler.job);
  const timer = setInterval(() => void upsert(), scheduler.reregisterEveryMs);
  timer.unref();
  // ioredis emits 'ready' after every reconnect (once Redis has loaded its data); the first one has passed.
  const client = (await queue.getBackend().client) as unknown as Pick<EventEmitter, 'on' | 'off'>;
  const onReady = () => void upsert();
  client.on('ready', onReady);
  return () => {
    clearInterval(timer);
    client.off('ready', onReady);
  };
}

/**
 * What each of newsdesk's processors needs around BullMQ's Worker, written once: jobs dispatched by name
 * to typed handlers (a name without handler refuses to start), failures logged, the queue's one job
 * scheduler kept registered, and a close() that waits for the active jobs (SIGTERM drains).
 */
export class QueueWorker {
  private worker?: Worker;
  private kept?: StopKeeping;

  constructor(
    private readonly queueName: string,
    private readonly handlers: Record<string, JobHandler>,
    jobNames: readonly string[],
    private readonly logger: Logger,
  ) {
    assertHandlers(queueName, handlers, jobNames);
  }

  start(redis: RedisService, options: QueueWorkerOptions): void {
    this.worker = new Worker(this.queueName, (job: Job, token?: string) => this.process(job, token), {
      connection: redis.create('blocking'),
      prefix: redis.prefix,
      concurrency: options.concurrency,
      lockDuration: options.lockMs,
      stalledInterval: options.lockMs,
      maxStalledCount: 3,
    });
    this.worker.on('failed', (job, error) => this.logger.warn(`job ${job?.id} (${job?.name}) failed: ${error.message}`));
    this.worker.on('error', (error) => this.logger.warn(`worker: ${error.message}`));
  }

  /** Keeps the queue's scheduler registered (see keepJobScheduler) until close(). */
  async keepScheduler(queue: Queue, scheduler: KeptScheduler): Promise<void> {
    this.kept = await keepJobScheduler(queue, scheduler, this.logger);
  }

  /**
   * The usual scheduler of a polling queue: a `dispatch` job every `everyMs` (one scheduler for the whole
   * queue, never one per row), re-registered every six ticks (between 5 s and a minute).
   */
  keepDispatcher(queue: Queue, id: string, everyMs: number): Promise<void> {
    return this.keepScheduler(queue, {
      id,
      repeat: { every: everyMs },
      job: { name: 'dispatch', data: {}, opts: { removeOnComplete: true, removeOnFail: { count: 100 } } },
      reregisterEveryMs: Math.min(60_000, Math.max(5_000, everyMs * 6)),
    });
  }

  /**
   * Runs the job's handler under its request id (the enqueuing request's, else the job's own), logs one
   * line per job that reports an outcome (every poll: its outcome and duration), and tells the observers.
   */
  async process(job: Job, token?: string): Promise<unknown> {
    const handler = this.handlers[job.name];
    if (!handler) throw new UnrecoverableError(`no handler for job "${job.name}"`);
    const carried = (job.data as { requestId?: unknown } | undefined)?.requestId;
    const requestId: string = typeof carried === 'string' ? carried : `job:${job.id}`;
    return runWithRequestId(requestId, async () => {
      const started = process.hrtime.bigint();
      const seconds = () => Number(process.hrtime.bigint() - started) / 1e9;
      try {
        const result = await handler(job, token);
        const outcome = outcomeOf(result);
        const finished = { queue: this.queueName, name: job.name, id: job.id, outcome, seconds: seconds(), result, requestId };
        if (outcome !== 'completed') this.logger.log({ msg: `${job.name} ${outcome}`, ...summary(finished) });
        reportJob(finished);
        return result;
      } catch (error) {
        reportJob({ queue: this.queueName, name: job.name, id: job.id, outcome: 'error', seconds: seconds(), requestId });
        throw error;
      }
    });
  }

  async close(): Promise<void> {
    this.kept?.();
    await this.worker?.close();
  }
}

/**
 * Runs `claimBatch` (which claims up to `batch` due rows in PostgreSQL and enqueues them) until a batch
 * comes back short: one indexed query per batch, however many rows are due.
 */
export async function dispatchAllDue(batch: number, claimBatch: (limit: number) => Promise<number>): Promise<number> {
  let total = 0;
  for (;;) {
    const n = await claimBatch(batch);
    total += n;
    if (n < batch) return total;
  }
}
