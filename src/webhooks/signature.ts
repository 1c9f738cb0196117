import { createHmac } from 'node:crypto';
import type { WebhookEvent } from './webhook-events';

/** The JSON body of a delivery: the same bytes at every attempt (the signature covers them with the attempt's timestamp). */
export function deliveryBody(event: WebhookEvent, occurredAt: Date, data: Record<string, unknown>): string {
  return JSON.stringify({ event, occurredAt: occurredAt.toISOString(), data });
}

/** `sha256=<hex HMAC-SHA256 of "<timestamp>.<body>">`: what X-Newsdesk-Signature carries. */
export function signDelivery(secret: string, timestamp: number, body: string): string {
  return `sha256=${createHmac('sha256', secret).update(`${timestamp}.${body}`).digest('hex')}`;
}

/** The headers of one attempt: `timestamp` in unix seconds, signed together with the body. */
export function deliveryHeaders(a: { event: WebhookEvent; deliveryId: string; timestamp: number; secret: string; body: string }): Record<string, string> {
  return {
    'content-type': 'application/json',
    'x-newsdesk-event': a.event,
    'x-newsdesk-delivery': a.deliveryId,
    'x-newsdesk-timestamp': String(a.timestamp),
    'x-newsdesk-signature': signDelivery(a.secret, a.timestamp, a.body),
  };
}
