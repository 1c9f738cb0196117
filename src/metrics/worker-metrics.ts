import { Injectable, OnApplicationBootstrap, OnApplicationShutdown } from '@nestjs/common';
import { Queue } from 'bullmq';
import { DataSource } from 'typeorm';
import { type FinishedJob, observeJobs } from '../queues/job-observers';
import { QUEUE_NAMES } from '../queues/queue-names';
import { queueDepthGauge } from '../queues/queue-depths';
import { RedisService } from '../redis/redis.service';
import { MetricsService } from './metrics.service';

const JOB_BUCKETS = [0.01, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30, 60];

/** The numbers a finished job's result carries, by what it did (pure: tested on its own). */
export function jobMeasures(job: FinishedJob): { itemsIngested: number; mentionsFound: number; digestsSent: number } {
  const result = (job.result ?? {}) as { report?: { items?: number }; newMentions?: number; sent?: number };
  return {
    itemsIngested: job.queue === 'feeds' ? (result.report?.items ?? 0) : 0,
    mentionsFound: job.queue === 'mentions' ? (result.newMentions ?? 0) : 0,
    digestsSent: job.queue === 'translation-digest' ? (result.sent ?? 0) : 0,
  };
}

/**
 * The worker's own metrics: every job by queue, name and outcome (a poll's outcome is the fetch's: ingested,
 * not-modified, unchanged, failed, ...) with its duration; items ingested, mentions found, digests sent;
 * feeds and mention sources by status; and the depth of every queue, the digest's included.
 */
@Injectable()
export class WorkerMetrics implements OnApplicationBootstrap, OnApplicationShutdown {
  private stopObserving?: () => void;
  private readonly queues: Queue[];

  constructor(
    private readonly metrics: MetricsService,
    redis: RedisService,
    private readonly dataSource: DataSource,
  ) {
    const connection = redis.create('api');
    this.queues = QUEUE_NAMES.map((name) => {
      const queue = new Queue(name, { connection, prefix: redis.prefix });
      queue.on('error', () => undefined);
      return queue;
    });
  }

  onApplicationBootstrap(): void {
    const m = this.metrics;
    const jobs = m.counter('newsdesk_worker_jobs_total', 'Jobs finished by the worker, by queue, job name and outcome', ['queue', 'job', 'outcome']);
    const duration = m.histogram('newsdesk_worker_job_duration_seconds', 'Job duration (a poll: fetch, parse and write), by queue, job and outcome', ['queue', 'job', 'outcome'], JOB_BUCKETS);
    const items = m.counter('newsdesk_items_ingested_total', 'Feed items ingested (polls and pushes)');
    const mentions = m.counter('newsdesk_mentions_found_total', 'New mentions found by scanning sources');
    const digests = m.counter('newsdesk_digests_sent_total', "Translators' digests sent");
    // Zero series exist from the start, so dashboards and alerts see 0 rather than nothing.
    items.inc(0);
    mentions.inc(0);
    digests.inc(0);
    this.stopObserving = observeJobs((job) => {
      const labels = { queue: job.queue, job: job.name, outcome: job.outcome };
      jobs.inc(labels);
      duration.observe(labels, job.seconds);
      const measures = jobMeasures(job);
      if (measures.itemsIngested) items.inc(measures.itemsIngested);
      if (measures.mentionsFound) mentions.inc(measures.mentionsFound);
      if (measures.digestsSent) digests.inc(measures.digestsSent);
    });
    m.registerGauge(queueDepthGauge(this.queues));
    m.registerGauge({
      name: 'newsdesk_polled_sources',
      help: 'Section feeds and mention sources by status',
      labelNames: ['kind', 'status'],
      // Read-only counts for the scrape; the feeds and mentions domains own (and write) these tables.
      collect: async () => {
        const rows: { kind: string; status: string; n: number }[] = await this.dataSource.query(
          `SELECT 'feed' AS kind, status, count(*)::int AS n FROM feeds GROUP BY status
           UNION ALL SELECT 'mention_source', status, count(*)::int FROM mention_sources GROUP BY status`,
        );
        return rows.map((r) => ({ labels: { kind: r.kind, status: r.status }, value: r.n }));
      },
    });
  }

  async onApplicationShutdown(): Promise<void> {
    this.stopObserving?.();
    await Promise.all(this.queues.map((queue) => queue.close().catch(() => undefined)));
  }
}
