import type { Queue } from 'bullmq';

/** Job states reported per queue in newsdesk_queue_jobs. */
export const QUEUE_STATES = ['waiting', 'active', 'delayed', 'prioritized', 'waiting-children', 'failed', 'completed'] as const;

const within = <T>(promise: Promise<T>, ms: number): Promise<T> =>
  Promise.race([promise, new Promise<never>((_, reject) => setTimeout(() => reject(new Error('timeout')), ms).unref())]);

/** The newsdesk_queue_jobs{queue,state} gauge over these queues (a slow Redis costs the scrape these numbers only). */
export function queueDepthGauge(queues: Queue[]) {
  return {
    name: 'newsdesk_queue_jobs',
    help: 'Jobs per BullMQ queue and state',
    labelNames: ['queue', 'state'],
    collect: async () => {
      const counts = await Promise.all(queues.map((queue) => within(queue.getJobCounts(...QUEUE_STATES), 1000)));
      return queues.flatMap((queue, i) => QUEUE_STATES.map((state) => ({ labels: { queue: queue.name, state }, value: counts[i][state] ?? 0 })));
    },
  };
}
