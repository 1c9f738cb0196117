import { createHmac, timingSafeEqual } from 'node:crypto';
import { createServer, type IncomingMessage, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';

/** One delivery attempt as a receiver saw it, with its own verdict on the signature and timestamp. */
export interface Received {
  event: string;
  deliveryId: string;
  timestamp: number;
  body: { event: string; occurredAt: string; data: Record<string, any> };
  /** The signature matches HMAC-SHA256("<timestamp>.<raw body>") with the secret, and the timestamp is within 5 minutes. */
  verified: boolean;
  answered: number;
}

/** What a careful receiver does (docs/webhooks.md): the raw body, a constant-time comparison, a timestamp tolerance. */
export function verify(secret: string, headers: IncomingMessage['headers'], raw: Buffer, toleranceSeconds = 300): boolean {
  const timestamp = Number(headers['x-newsdesk-timestamp']);
  const given = String(headers['x-newsdesk-signature'] ?? '');
  if (!Number.isInteger(timestamp) || Math.abs(Date.now() / 1000 - timestamp) > toleranceSeconds) return false;
  const expected = `sha256=${createHmac('sha256', secret).update(`${timestamp}.`).update(raw).digest('hex')}`;
  return given.length === expected.length && timingSafeEqual(Buffer.from(given), Buffer.from(expected));
}

/**
 * A webhook receiver on 127.0.0.1 (port 0): records every request and answers what `answer` says for the
 * n-th request (1-based), 200 by default.
 */
export class Receiver {
  readonly received: Received[] = [];
  answer: (n: number) => number = () => 200;
  private constructor(
    private readonly server: Server,
    private readonly secret: string,
  ) {}

  static async start(secret: string): Promise<Receiver> {
    const server = createServer();
    const receiver = new Receiver(server, secret);
    server.on('request', (req, res) => {
      const chunks: Buffer[] = [];
      req.on('data', (c: Buffer) => chunks.push(c));
      req.on('end', () => {
        const raw = Buffer.concat(chunks);
        const answered = receiver.answer(receiver.received.length + 1);
        receiver.received.push({
          event: String(req.headers['x-newsdesk-event']),
          deliveryId: String(req.headers['x-newsdesk-delivery']),
          timestamp: Number(req.headers['x-newsdesk-timestamp']),
          body: JSON.parse(raw.toString('utf8')),
          verified: req.method === 'POST' && req.headers['content-type'] === 'application/json' && verify(receiver.secret, req.headers, raw),
          answered,
        });
        res.writeHead(answered, { 'content-type': 'text/plain' }).end(answered < 300 ? 'ok' : 'no');
      });
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    return receiver;
  }

  get url(): string {
    return `http://127.0.0.1:${(this.server.address() as AddressInfo).port}/hook`;
  }

  of(event: string): Received[] {
    return this.received.filter((r) => r.event === event);
  }

  close(): Promise<void> {
    this.server.closeAllConnections();
    return new Promise((resolve) => this.server.close(() => resolve()));
  }
}
