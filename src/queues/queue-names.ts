/**
 * Every BullMQ queue newsdesk runs, by name. The queue dashboard (GET /admin/queues) shows these and
 * /metrics reports their depths (newsdesk_queue_jobs). Add your queue's name here when you add a queue.
 */
export const QUEUE_NAMES: readonly string[] = ['feeds', 'mentions', 'mention-alerts', 'translation-digest', 'webhooks', 'websub-publish'];
