import { Injectable, OnApplicationShutdown } from '@nestjs/common';
import { Queue } from 'bullmq';
import { MetricsService } from '../metrics';
import { QUEUE_NAMES } from '../queues/queue-names';
import { RedisService } from '../redis/redis.service';

/** Job states reported per queue in newsdesk_queue_jobs. */
export const QUEUE_STATES = ['waiting', 'active', 'delayed', 'prioritized', 'waiting-children', 'failed', 'completed'] as const;

const within = <T>(promise: Promise<T>, ms: number): Promise<T> =>
  Promise.race([promise, new Promise<never>((_, reject) => setTimeout(() => reject(new Error('timeout')), ms).unref())]);

/**
 * Read-side handles on the registered queues (QUEUE_NAMES) for the API process: the dashboard uses them,
 * and their depths are exported as the newsdesk_queue_jobs gauge. The connection is the API's fail-fast
 * kind, so a Redis outage costs a scrape its queue numbers, not its answer.
 */
@Injectable()
export class InspectedQueues implements OnApplicationShutdown {
  readonly all: Queue[];

  constructor(redis: RedisService, metrics: MetricsService) {
    const connection = redis.create('api');
    this.all = QUEUE_NAMES.map((name) => {
      const queue = new Queue(name, { connection, prefix: redis.prefix });
      // RedisService already warns about the connection; without a listener BullMQ would print every error.
      queue.on('error', () => undefined);
      return queue;
    });
    metrics.registerGauge({
      name: 'newsdesk_queue_jobs',
      help: 'Jobs per BullMQ queue and state',
      labelNames: ['queue', 'state'],
      collect: async () => {
        const counts = await Promise.all(this.all.map((queue) => within(queue.getJobCounts(...QUEUE_STATES), 1000)));
        return this.all.flatMap((queue, i) => QUEUE_STATES.map((state) => ({ labels: { queue: queue.name, state }, value: counts[i][state] ?? 0 })));
      },
    });
  }

  async onApplicationShutdown(): Promise<void> {
    await Promise.all(this.all.map((queue) => queue.close().catch(() => undefined)));
  }
}
