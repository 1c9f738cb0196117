import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { makeSection } from '../support/factories';
import { TestApp } from '../support/test-app';
import { FeedServer, rss } from './support/feed-server';
import { waitFor } from './support/wait';
import { BuiltWorker, WorkerProcess } from './support/worker-process';

/** A site that sends its headers, then one byte a second for ever; it logs each request's start and end. */
class DrippingSite {
  private server?: Server;
  active = 0;
  peak = 0;

  constructor(private readonly events: string[]) {}

  async start(): Promise<this> {
    this.server = createServer((req: IncomingMessage, res: ServerResponse) => {
      this.active++;
      this.peak = Math.max(this.peak, this.active);
      this.events.push(`slow-start ${req.url}`);
      res.writeHead(200, { 'content-type': 'application/rss+xml' });
      res.write('<');
      const timer = setInterval(() => res.write(' '), 1000);
      res.on('close', () => {
        clearInterval(timer);
        this.active--;
        this.events.push(`slow-gave-up ${req.url}`);
      });
    });
    await new Promise<void>((resolve) => this.server!.listen(0, '127.0.0.1', resolve));
    return this;
  }

  url(path: string): string {
    return `http://127.0.0.1:${(this.server!.address() as AddressInfo).port}${path}`;
  }

  async stop(): Promise<void> {
    this.server?.closeAllConnections();
    await new Promise<void>((resolve) => (this.server ? this.server.close(() => resolve()) : resolve()));
  }
}

const SLOW_FEEDS = 10;

describe('fair fetching: a slow site does not stall the others (two real worker processes)', () => {
  let t: TestApp;
  let built: BuiltWorker;
  let healthy: FeedServer;
  let slow: DrippingSite;
  const events: string[] = [];
  const workers: WorkerProcess[] = [];

  beforeAll(async () => {
    built = BuiltWorker.build();
    t = await TestApp.start();
    slow = await new DrippingSite(events).start();
    healthy = await new FeedServer().start();
  }, 360_000); // may rebuild dist/ first (ensureFreshDist), then starts two workers
  afterAll(async () => {
    for (const w of workers) {
      w.kill('SIGKILL');
      await w.exited;
    }
    await slow.stop();
    await healthy.stop();
    await t.close();
  });

  it('fetches the healthy site before any slow feed gives up, never sends the slow site more than its limit, and backs the slow feeds off', async () => {
    const admin = await t.key('ADMIN');
    const editor = await t.key('EDITOR');
    const section = await makeSection(t, admin);
    healthy.routes.set('/ok.xml', () => {
      events.push('healthy-fetched');
      return { body: rss([{ guid: 'ok-1', link: 'https://healthy.example/1', title: 'A healthy item' }]) };
    });
    const register = async (url: string) => {
      const res = await t.gql(`mutation($input: RegisterFeedInput!) { registerFeed(input: $input) { id } }`, {
        key: editor,
        variables: { input: { section: section.slug, url, locale: 'en' } },
      });
      expect(res.errors).toBeUndefined();
      return res.data!.registerFeed.id as string;
    };
    // The slow feeds first, so that they are due (and dispatched) before the healthy one.
    const slowIds: string[] = [];
    for (let i = 0; i < SLOW_FEEDS; i++) slowIds.push(await register(slow.url(`/slow-${i}.xml`)));
    const healthyId = await register(healthy.url('/ok.xml'));

    // Two workers of four slots each: eight polls at once, while the slow site may only get two.
    const env = {
      FETCH_ALLOWLIST: '127.0.0.1',
      FEED_DISPATCH_EVERY_MS: '200',
      FEED_WORKER_CONCURRENCY: '4',
      FETCH_PER_HOST_CONCURRENCY: '2',
      FETCH_TOTAL_TIMEOUT_MS: '3000',
      FETCH_HOST_WAIT_SECONDS: '600',
      FEED_LEASE_SECONDS: '1200',
      LOG_LEVEL: 'log', // ready() waits for the "worker running" line
    };
    for (let i = 0; i < 2; i++) {
      const w = built.start(env);
      workers.push(w);
      await w.ready(60_000);
    }

    const feeds = async () =>
      await t.dataSource.query<{ id: string; status: string; consecutive_failures: number; last_success_at: Date | null; last_fetched_at: Date | null; next_fetch_at: Date; last_error: { key: string } | null }[]>(`SELECT id, status, consecutive_failures, last_success_at, last_fetched_at, next_fetch_at, last_error FROM feeds WHERE section_id = $1`, [
        section.id,
      ]);
    await waitFor(async () => (await feeds()).filter((f) => slowIds.includes(f.id) && f.consecutive_failures > 0).length === SLOW_FEEDS, 'every slow feed to fail once', 150_000, 200);

    // The order of events, not times: the healthy feed was fetched before the first slow request ended.
    const firstGaveUp = events.findIndex((e) => e.startsWith('slow-gave-up'));
    expect(events.indexOf('healthy-fetched')).toBeGreaterThanOrEqual(0);
    expect(events.indexOf('healthy-fetched')).toBeLessThan(firstGaveUp);
    // Both workers together never sent the slow site more than two requests at a time, and did use both.
    expect(slow.peak).toBe(2);
    expect(events.filter((e) => e.startsWith('slow-start'))).toHaveLength(SLOW_FEEDS);

    const rows = await feeds();
    const good = rows.find((f) => f.id === healthyId)!;
    expect(good.status).toBe('ACTIVE');
    expect(good.last_success_at).not.toBeNull();
    for (const f of rows.filter((r) => slowIds.includes(r.id))) {
      // One failure each (the waits for the busy host counted none), a timeout, and a back-off of at least FEED_BACKOFF_BASE_SECONDS.
      expect({ status: f.status, failures: f.consecutive_failures, error: f.last_error?.key }).toEqual({ status: 'FAILING', failures: 1, error: 'fetch:errors.timeout' });
      expect(f.next_fetch_at.getTime() - f.last_fetched_at!.getTime()).toBeGreaterThanOrEqual(60_000);
    }
  }, 300_000);
});
