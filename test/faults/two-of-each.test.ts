import { spawn } from 'node:child_process';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import { createClient } from 'graphql-ws';
import WebSocket from 'ws';
import { makeSection } from '../support/factories';
import { TestApp } from '../support/test-app';
import { rss } from '../feeds/support/feed-server';
import { waitFor } from '../feeds/support/wait';
import { apiPortFrom, BuiltWorker, WorkerProcess } from '../feeds/support/worker-process';
import { waitForHttp } from './support/image';

/** Feeds that answer slowly and remember how many requests for the same feed were ever open at once. */
class SlowFeeds {
  readonly open = new Map<string, number>();
  readonly most = new Map<string, number>();
  private server?: Server;

  async start(items: number): Promise<this> {
    this.server = createServer((req, res) => {
      const path = req.url ?? '/';
      const now = (this.open.get(path) ?? 0) + 1;
      this.open.set(path, now);
      this.most.set(path, Math.max(now, this.most.get(path) ?? 0));
      setTimeout(() => {
        this.open.set(path, (this.open.get(path) ?? 1) - 1);
        res.writeHead(200, { 'content-type': 'application/rss+xml; charset=utf-8' });
        res.end(rss(Array.from({ length: items }, (_, i) => ({ guid: `${path}-${i}`, title: `Item ${i} of ${path}` }))));
      }, 300);
    });
    await new Promise<void>((resolve) => this.server!.listen(0, '127.0.0.1', resolve));
    return this;
  }

  url(path: string): string {
    return `http://127.0.0.1:${(this.server!.address() as AddressInfo).port}${path}`;
  }

  async stop(): Promise<void> {
    this.server?.closeAllConnections();
    await new Promise((resolve) => this.server?.close(resolve));
  }
}

describe('two API processes and two workers on one PostgreSQL and one Redis behave as one', () => {
  let t: TestApp;
  let built: BuiltWorker;
  let feeds: SlowFeeds;
  const processes: WorkerProcess[] = [];
  const ports: number[] = [];
  let admin: string;
  let editor: string;
  const ANON_PER_MIN = 20;

  beforeAll(async () => {
    built = BuiltWorker.build();
    t = await TestApp.start();
    feeds = await new SlowFeeds().start(40);
    admin = await t.key('ADMIN');
    editor = await t.key('EDITOR');
    const env = { ...process.env, NODE_OPTIONS: process.env.NODE_OPTIONS ?? '', HOST: '127.0.0.1', LOG_LEVEL: 'log', RATE_LIMIT_ANON_PER_MIN: String(ANON_PER_MIN) };
    // PORT=0: each API binds a free port and logs it (never a port picked, closed and raced for).
    const apis = [0, 1].map(() => new WorkerProcess(spawn(process.execPath, [join(built.dir, 'main.js')], { env: { ...env, PORT: '0' }, stdio: ['ignore', 'pipe', 'pipe'] })));
    processes.push(...apis);
    ports.push(...(await Promise.all(apis.map((api) => apiPortFrom(() => api.output)))));
    await Promise.all(ports.map((port) => waitForHttp(`http://127.0.0.1:${port}/health`, 150_000)));
    for (let i = 0; i < 2; i++) {
      const worker = built.start({ FETCH_ALLOWLIST: '127.0.0.1,::1', FEED_DISPATCH_EVERY_MS: '200', FEED_WORKER_CONCURRENCY: '4', LOG_LEVEL: 'log' });
      processes.push(worker);
      await worker.ready(150_000);
    }
  }, 420_000);
  afterAll(async () => {
    for (const p of processes) p.kill('SIGKILL');
    await Promise.all(processes.map((p) => p.exited));
    await feeds?.stop();
    await t?.close();
  });

  const gql = async (port: number, query: string, variables: Record<string, unknown> = {}, key?: string) => {
    const res = await fetch(`http://127.0.0.1:${port}/graphql`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', ...(key ? { authorization: `Bearer ${key}` } : {}) },
      body: JSON.stringify({ query, variables }),
    });
    return { status: res.status, retryAfter: res.headers.get('retry-after'), body: (await res.json()) as { data?: any; errors?: { extensions: { code: string } }[] } };
  };

  it('never polls a feed twice at once, even when both APIs ask both workers to refresh it', async () => {
    const section = await makeSection(t, admin);
    const ids: string[] = [];
    for (let i = 0; i < 6; i++) {
      const res = await gql(ports[i % 2], `mutation($input: RegisterFeedInput!) { registerFeed(input: $input) { id } }`, { input: { section: section.slug, url: feeds.url(`/f${i}.xml`) } }, editor);
      expect(res.body.errors).toBeUndefined();
      ids.push(res.body.data.registerFeed.id);
    }
    // Refreshes through both APIs while the first polls run: four requests for every feed.
    await Promise.all(ids.flatMap((id) => ports.flatMap((port) => [1, 2].map(() => gql(port, `mutation($id: ID!) { refreshFeed(id: $id) { id } }`, { id }, editor)))));
    const count = async () => (await t.dataSource.query(`SELECT count(*)::int AS n, count(DISTINCT identity)::int AS d FROM articles WHERE section_id = $1`, [section.id]))[0];
    await waitFor(async () => (await count()).n === 6 * 40, 'every item of the six feeds', 90_000, 200);
    await new Promise((r) => setTimeout(r, 1000));
    expect(await count()).toEqual({ n: 240, d: 240 });
    expect([...feeds.most.values()].every((most) => most === 1)).toBe(true);
    expect(feeds.most.size).toBe(6);
  }, 150_000);

  it('delivers an event raised through one API to a subscriber of the other', async () => {
    const section = await makeSection(t, admin);
    const translator = await t.key('TRANSLATOR', { locales: ['ur'] });
    const client = createClient({ url: `ws://127.0.0.1:${ports[1]}/graphql`, webSocketImpl: WebSocket, connectionParams: { Authorization: `Bearer ${translator}` }, retryAttempts: 0 });
    try {
      const iterator = client.iterate<{ translationNeeded: { locale: string; reason: string; article: { id: string } } }>({
        query: `subscription { translationNeeded(locale: "ur") { locale reason article { id } } }`,
      });
      let heard: { locale: string; reason: string; article: { id: string } } | undefined;
      const first = iterator.next().then((r) => (heard = r.value?.data?.translationNeeded));
      // The subscription is live once B listens on Redis: create articles through A until B hears one.
      const created: string[] = [];
      for (let i = 0; i < 40 && !heard; i++) {
        const res = await gql(ports[0], `mutation($input: CreateArticleInput!) { createArticle(input: $input) { id } }`, { input: { section: section.slug, locale: 'en', title: `Across APIs ${i}` } }, editor);
        expect(res.body.errors).toBeUndefined();
        created.push(res.body.data.createArticle.id);
        await Promise.race([first, new Promise((r) => setTimeout(r, 250))]);
      }
      expect(heard).toEqual({ locale: 'ur', reason: 'MISSING', article: { id: expect.any(String) } });
      expect(created).toContain(heard!.article.id);
      await iterator.return?.();
    } finally {
      await client.dispose();
    }
  }, 60_000);

  it("shares the anonymous rate limit: the two APIs together allow RATE_LIMIT_ANON_PER_MIN, not twice that", async () => {
    const answers: (Awaited<ReturnType<typeof gql>> & { api: number })[] = [];
    for (let i = 0; i < 2 * ANON_PER_MIN; i++) answers.push({ ...(await gql(ports[i % 2], '{ __typename }')), api: i % 2 });
    const limited = answers.filter((a) => a.status === 429);
    expect(answers.filter((a) => a.status === 200).length).toBeLessThanOrEqual(ANON_PER_MIN);
    expect(limited.length).toBeGreaterThanOrEqual(ANON_PER_MIN);
    // Both APIs refuse once the shared count is spent (each alone would still have allowed half of them).
    expect(new Set(limited.map((a) => a.api))).toEqual(new Set([0, 1]));
    expect(limited[0].body.errors?.[0].extensions.code).toBe('RATE_LIMITED');
    expect(Number(limited[0].retryAfter)).toBeGreaterThan(0);
  }, 60_000);

});
