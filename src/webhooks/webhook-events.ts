/** What a webhook can subscribe to (the contract's WebhookEvent). */
export const WEBHOOK_EVENTS = [
  'ARTICLE_PUBLISHED',
  'ARTICLE_UPDATED',
  'ARTICLE_DELETED',
  'TRANSLATION_NEEDED',
  'TRANSLATION_SUBMITTED',
  'TRANSLATION_APPROVED',
  'TRANSLATION_REJECTED',
  'MENTION_FOUND',
  'FEED_FAILING',
] as const;
export type WebhookEvent = (typeof WEBHOOK_EVENTS)[number];

export const DELIVERY_STATES = ['PENDING', 'DELIVERED', 'FAILED'] as const;
export type DeliveryState = (typeof DELIVERY_STATES)[number];

/**
 * One occurrence of an event, as the source describes it: `key` names the occurrence (the same key twice is
 * the same occurrence, delivered once per webhook), `data` is the body's `data` object.
 */
export interface WebhookNotice {
  key: string;
  data: Record<string, unknown>;
}
