import { Injectable, OnApplicationShutdown } from '@nestjs/common';
import { Queue } from 'bullmq';
import { MetricsService } from '../metrics';
import { QUEUE_NAMES } from '../queues/queue-names';
import { queueDepthGauge } from '../queues/queue-depths';
import { RedisService } from '../redis/redis.service';

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
    metrics.registerGauge(queueDepthGauge(this.all));
  }

  async onApplicationShutdown(): Promise<void> {
    await Promise.all(this.all.map((queue) => queue.close().catch(() => undefined)));
  }
}
