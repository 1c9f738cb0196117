import { InjectQueue, Processor, WorkerHost } from '@nestjs/bullmq';
import { Injectable, Logger, OnApplicationBootstrap, OnApplicationShutdown } from '@nestjs/common';
import { Job, Queue } from 'bullmq';
import { AppConfig } from '../../config/app-config';
import { reportJob } from '../../queues/job-observers';
import { keepJobScheduler, type StopKeeping } from '../../queues/queue-worker';
import { DigestRunResult, TranslationDigestService } from '../translation-digest.service';

export const DIGEST_QUEUE = 'translation-digest';
export const DIGEST_SCHEDULER_ID = 'translator-daily-digest';
export const DIGEST_JOB = 'daily-digest';

/** The day a digest run is for: the UTC date of the job's scheduled time (a retry keeps it). */
export const digestDay = (job: Pick<Job, 'timestamp'>): string => new Date(job.timestamp).toISOString().slice(0, 10);

/** The one processor of the digest queue; its only job is the daily digest. */
@Processor(DIGEST_QUEUE)
export class TranslationDigestProcessor extends WorkerHost {
  private readonly logger = new Logger(TranslationDigestProcessor.name);

  constructor(private readonly digests: TranslationDigestService) {
    super();
  }

  async process(job: Job): Promise<DigestRunResult> {
    if (job.name !== DIGEST_JOB) throw new Error(`The ${DIGEST_QUEUE} processor has no handler for job "${job.name}"`);
    const started = process.hrtime.bigint();
    const result = await this.digests.run(digestDay(job));
    this.logger.log(`Digest for ${digestDay(job)}: ${result.composed} composed, ${result.sent} sent`);
    reportJob({ queue: DIGEST_QUEUE, name: job.name, id: job.id, outcome: 'completed', seconds: Number(process.hrtime.bigint() - started) / 1e9, result });
    return result;
  }
}

/**
 * Keeps the daily job scheduler registered: at every worker start (a flushed Redis loses schedulers), and again
 * after Redis comes back (reconnect) or every minute, so a Redis restart never stops the digest for good.
 */
@Injectable()
export class TranslationDigestScheduler implements OnApplicationBootstrap, OnApplicationShutdown {
  private readonly logger = new Logger(TranslationDigestScheduler.name);
  private stop?: StopKeeping;

  constructor(
    @InjectQueue(DIGEST_QUEUE) private readonly queue: Queue,
    private readonly config: AppConfig,
  ) {}

  async onApplicationBootstrap(): Promise<void> {
    const { cron, tz } = this.config.translationDigest;
    this.stop = await keepJobScheduler(
      this.queue,
      {
        id: DIGEST_SCHEDULER_ID,
        repeat: { pattern: cron, tz },
        job: { name: DIGEST_JOB, data: {}, opts: { attempts: 5, backoff: { type: 'exponential', delay: 60_000 }, removeOnComplete: 100, removeOnFail: 100 } },
        reregisterEveryMs: 60_000,
      },
      this.logger,
    );
  }

  onApplicationShutdown(): void {
    this.stop?.();
  }
}
