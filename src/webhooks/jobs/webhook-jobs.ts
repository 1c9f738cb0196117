import type { JobsOptions } from 'bullmq';

/** The queue of webhook deliveries: the API and the worker enqueue, the worker delivers. */
export const WEBHOOKS_QUEUE = 'webhooks';

export interface WebhookJobs {
  /** One delivery, every attempt of it (BullMQ retries with back-off). */
  deliver: { deliveryId: string };
  /** Re-adds the jobs of deliveries left PENDING without one (a failed enqueue, a flushed Redis). */
  sweep: Record<string, never>;
}
export type WebhookJobName = keyof WebhookJobs;
export const WEBHOOK_JOB_NAMES: readonly WebhookJobName[] = ['deliver', 'sweep'];

export const SWEEP_SCHEDULER_ID = 'webhooks-sweep';

/** No ':' and not an integer (BullMQ's rules): one job per delivery, so a delivery announced twice is queued once. */
export const deliveryJobId = (deliveryId: string) => `whd-${deliveryId}`;

/** Attempts with exponential back-off (base, 2 x base, 4 x base ...); finished jobs kept a while for the dashboard. */
export function deliveryJobOptions(deliveryId: string, c: { maxAttempts: number; retryBaseMs: number }): JobsOptions {
  return {
    jobId: deliveryJobId(deliveryId),
    attempts: c.maxAttempts,
    backoff: { type: 'exponential', delay: c.retryBaseMs },
    removeOnComplete: { age: 24 * 3600, count: 10_000 },
    removeOnFail: { age: 7 * 24 * 3600, count: 10_000 },
  };
}
