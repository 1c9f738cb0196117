import { Injectable, Logger, OnApplicationBootstrap, OnModuleDestroy } from '@nestjs/common';
import type { Job } from 'bullmq';
import { AppConfig } from '../../config/app-config';
import { Allowlist } from '../../feed-reader/fetch/address-guard';
import { postGuarded } from '../../feed-reader/fetch/guarded-post';
import { QueueWorker } from '../../queues/queue-worker';
import { RedisService } from '../../redis/redis.service';
import { type PingJobData, WEBSUB_PUBLISH_QUEUE } from './websub-ping';

/**
 * The worker's sender of WebSub publish pings: `hub.mode=publish&hub.url=<feed>` to WEBSUB_HUB_URL, one
 * request per feed URL, through the address guard of feed fetches. A hub that does not answer 2xx fails
 * the job, which BullMQ retries with back-off. Runs only when a hub is configured.
 */
@Injectable()
export class WebSubPingProcessor implements OnApplicationBootstrap, OnModuleDestroy {
  private readonly logger = new Logger(WebSubPingProcessor.name);
  private readonly worker: QueueWorker;
  private readonly allowlist: Allowlist;

  constructor(
    private readonly redis: RedisService,
    private readonly config: AppConfig,
  ) {
    this.allowlist = new Allowlist(config.fetch.allowlist);
    this.worker = new QueueWorker(WEBSUB_PUBLISH_QUEUE, { ping: (job: Job<PingJobData>) => this.ping(job.data) }, ['ping'], this.logger);
  }

  onApplicationBootstrap(): void {
    if (this.config.websub.hubUrl) this.worker.start(this.redis, { concurrency: 2, lockMs: this.config.feeds.jobLockMs });
  }

  onModuleDestroy(): Promise<void> {
    return this.worker.close();
  }

  async ping(data: PingJobData): Promise<{ outcome: 'skipped' } | { pinged: number }> {
    const hub = this.config.websub.hubUrl;
    if (!hub) return { outcome: 'skipped' };
    const options = { allowlist: this.allowlist, timeoutMs: this.config.fetch.totalTimeoutMs, userAgent: this.config.fetch.userAgent };
    for (const topic of data.topics) {
      const form = new URLSearchParams({ 'hub.mode': 'publish', 'hub.url': topic }).toString();
      const answer = await postGuarded(hub, form, { 'content-type': 'application/x-www-form-urlencoded' }, options);
      if (answer.status < 200 || answer.status >= 300) throw new Error(`the WebSub hub answered HTTP ${answer.status} to a publish ping`);
    }
    return { pinged: data.topics.length };
  }
}
