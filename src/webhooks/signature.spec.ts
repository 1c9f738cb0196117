import { createHmac } from 'node:crypto';
import { deliveryBody, deliveryHeaders, signDelivery } from './signature';

describe('delivery signatures', () => {
  it('is the hex HMAC-SHA256 of "<timestamp>.<body>" with the secret, prefixed sha256=', () => {
    const body = '{"event":"ARTICLE_PUBLISHED"}';
    const expected = createHmac('sha256', 'a-secret-of-some-length').update(`1700000000.${body}`).digest('hex');
    expect(signDelivery('a-secret-of-some-length', 1700000000, body)).toBe(`sha256=${expected}`);
  });

  it('changes with the timestamp, the body and the secret', () => {
    const base = signDelivery('secret-one-1234567', 1, 'x');
    expect(signDelivery('secret-one-1234567', 2, 'x')).not.toBe(base);
    expect(signDelivery('secret-one-1234567', 1, 'y')).not.toBe(base);
    expect(signDelivery('secret-two-1234567', 1, 'x')).not.toBe(base);
  });

  it('builds the body the contract describes and the four headers', () => {
    const body = deliveryBody('FEED_FAILING', new Date('2026-12-01T18:00:00Z'), { id: 'f1' });
    expect(JSON.parse(body)).toEqual({ event: 'FEED_FAILING', occurredAt: '2026-12-01T18:00:00.000Z', data: { id: 'f1' } });
    const headers = deliveryHeaders({ event: 'FEED_FAILING', deliveryId: 'd1', timestamp: 5, secret: 's'.repeat(16), body });
    expect(headers).toEqual({
      'content-type': 'application/json',
      'x-newsdesk-event': 'FEED_FAILING',
      'x-newsdesk-delivery': 'd1',
      'x-newsdesk-timestamp': '5',
      'x-newsdesk-signature': signDelivery('s'.repeat(16), 5, body),
    });
  });
});
