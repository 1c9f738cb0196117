import { InjectQueue, Processor, WorkerHost } from '@nestjs/bullmq';
import { Injectable, Logger, OnApplicationBootstrap, OnApplicationShutdown } from '@nestjs/common';
import { Job, Queue } from 'bullmq';
import { AppConfig } from '../../config/app-config';
import { assertHandlers, keepJobScheduler, type StopKeeping } from '../../queues/queue-worker';
import { DAILY_SCHEDULER_ID, digestDayOf, MENTION_ALERT_JOB_NAMES, MENTION_ALERTS_QUEUE, type MentionAlertJobs } from './alert-jobs';
import { MentionAlertSender } from './alert-sender.service';

/** The one processor of the mention-alerts queue: an alert per new mention, and the daily digests. */
@Processor(MENTION_ALERTS_QUEUE)
export class MentionAlertsProcessor extends WorkerHost {
  private readonly logger = new Logger(MentionAlertsProcessor.name);
  private readonly handlers: { [N in keyof MentionAlertJobs]: (job: Job<MentionAlertJobs[N]>) => Promise<unknown> };

  constructor(private readonly sender: MentionAlertSender) {
    super();
    this.handlers = {
      found: (job) => this.sender.immediate(job.data.mentionId),
      daily: async (job) => {
        const result = await this.sender.daily(digestDayOf(job));
        this.logger.log(`Mention digests for ${digestDayOf(job)}: ${result.watches} watches, ${result.sent} sent`);
        return result;
      },
    };
    assertHandlers(MENTION_ALERTS_QUEUE, this.handlers, MENTION_ALERT_JOB_NAMES);
  }

  async process(job: Job): Promise<unknown> {
    const handler = this.handlers[job.name as keyof MentionAlertJobs] as ((job: Job) => Promise<unknown>) | undefined;
    if (!handler) throw new Error(`The ${MENTION_ALERTS_QUEUE} processor has no handler for job "${job.name}"`);
    return handler(job);
  }
}

/** Keeps the daily digest's job scheduler registered (at start, after Redis reconnects, every minute). */
@Injectable()
export class MentionDigestScheduler implements OnApplicationBootstrap, OnApplicationShutdown {
  private readonly logger = new Logger(MentionDigestScheduler.name);
  private stop?: StopKeeping;

  constructor(
    @InjectQueue(MENTION_ALERTS_QUEUE) private readonly queue: Queue,
    private readonly config: AppConfig,
  ) {}

  async onApplicationBootstrap(): Promise<void> {
    const { cron, tz } = this.config.mentionDigest;
    this.stop = await keepJobScheduler(
      this.queue,
      {
        id: DAILY_SCHEDULER_ID,
        repeat: { pattern: cron, tz },
        job: { name: 'daily', data: {}, opts: { attempts: 5, backoff: { type: 'exponential', delay: 60_000 }, removeOnComplete: 100, removeOnFail: 100 } },
        reregisterEveryMs: 60_000,
      },
      this.logger,
    );
  }

  onApplicationShutdown(): void {
    this.stop?.();
  }
}
