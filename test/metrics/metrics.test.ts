import { Queue, Worker } from 'bullmq';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { AppConfig } from '../../src/config/app-config';
import { MetricsService } from '../../src/metrics/metrics.service';
import { TestApp } from '../support/test-app';

/** The value of one sample line (metric name with exactly these labels), or undefined. */
function sample(text: string, name: string, labels: Record<string, string>): number | undefined {
  const wanted = Object.entries(labels)
    .map(([k, v]) => `${k}="${v}"`)
    .sort()
    .join(',');
  for (const line of text.split('\n')) {
    const match = /^([a-zA-Z_:][\w:]*)(?:\{(.*)\})? (\S+)$/.exec(line);
    if (!match || match[1] !== name) continue;
    const have = (match[2] ?? '').split(/,(?=\w+=")/).filter(Boolean).sort().join(',');
    if (have === wanted) return Number(match[3]);
  }
  return undefined;
}

describe('GET /metrics', () => {
  let t: TestApp;
  beforeAll(async () => (t = await TestApp.start()));
  afterAll(() => t.close());

  it('serves default process metrics in the Prometheus text format', async () => {
    const res = await t.http.get('/metrics');
    expect(res.status).toBe(200);
    expect(res.headers['content-type']).toMatch(/^text\/plain; version=0\.0\.4/);
    expect(res.text).toContain('# TYPE process_cpu_user_seconds_total counter');
    expect(res.text).toContain('nodejs_eventloop_lag_seconds');
  });

  /** What /metrics says now (each scrape is itself one request to the /metrics route, never to the routes read here). */
  const scrape = async () => (await t.http.get('/metrics')).text;

  it('counts HTTP requests by matched route and status, one per request', async () => {
    const health = { method: 'GET', route: '/health', status: '200' };
    const unmatched = { method: 'GET', route: '(unmatched)', status: '404' };
    const before = await scrape();
    await t.http.get('/health');
    await t.http.get('/health');
    await t.http.get('/no/such/route');
    const after = await scrape();
    const moved = (name: string, labels: Record<string, string>) => (sample(after, name, labels) ?? 0) - (sample(before, name, labels) ?? 0);
    expect(moved('newsdesk_http_requests_total', health)).toBe(2);
    expect(moved('newsdesk_http_requests_total', unmatched)).toBe(1);
    expect(moved('newsdesk_http_request_duration_seconds_count', health)).toBe(2);
    expect(after).not.toContain('/no/such/route');
  });

  it('counts GraphQL operations by root field and outcome, one per operation', async () => {
    const ok = { operation: 'locales', type: 'query', outcome: 'ok' };
    const failed = { operation: 'search', type: 'query', outcome: 'error' };
    const invalid = { operation: '(invalid)', type: 'unknown', outcome: 'error' };
    const before = await scrape();
    await t.gql('query Anything { locales { code } }');
    await t.gql('{ search(query: "") { totalCount } }');
    await t.gql('{ nonsense }');
    await t.gql('{ nonsense }');
    const after = await scrape();
    const moved = (name: string, labels: Record<string, string>) => (sample(after, name, labels) ?? 0) - (sample(before, name, labels) ?? 0);
    expect(moved('newsdesk_graphql_operations_total', ok)).toBe(1);
    expect(moved('newsdesk_graphql_operations_total', failed)).toBe(1);
    expect(moved('newsdesk_graphql_operations_total', invalid)).toBe(2);
    expect(moved('newsdesk_graphql_request_duration_seconds_count', ok)).toBe(1);
    expect(after).not.toContain('Anything');
  });

  it('reports queue depths of the registered queues, as they move', async () => {
    // This file's Redis prefix is its own and no worker runs here: the feeds queue holds only what this test adds.
    const config = t.app.get(AppConfig);
    const connection = { url: config.redisUrl };
    const queue = new Queue('feeds', { connection, prefix: config.redisPrefix });
    const depths = async () => {
      const text = await scrape();
      return { delayed: sample(text, 'newsdesk_queue_jobs', { queue: 'feeds', state: 'delayed' }), failed: sample(text, 'newsdesk_queue_jobs', { queue: 'feeds', state: 'failed' }) };
    };
    let worker: Worker | undefined;
    try {
      expect(await depths()).toEqual({ delayed: 0, failed: 0 });
      const later = await queue.add('metrics-test', {}, { delay: 3_600_000 });
      expect(await depths()).toEqual({ delayed: 1, failed: 0 });
      await later.remove();
      // A job that fails its only attempt and is kept: failed 1 (the worker is this test's; nothing else is queued).
      worker = new Worker('feeds', () => Promise.reject(new Error('metrics-test failure')), { connection, prefix: config.redisPrefix, autorun: false });
      const failedOnce = new Promise<void>((resolve) => worker!.on('failed', () => resolve()));
      await queue.add('metrics-fail', {}, { attempts: 1, removeOnFail: false });
      void worker.run();
      await failedOnce;
      expect(await depths()).toEqual({ delayed: 0, failed: 1 });
    } finally {
      await worker?.close();
      await queue.obliterate({ force: true });
      await queue.close();
    }
  });

  it('lets other domains add gauges read at scrape time', async () => {
    let depth = 3;
    t.app.get(MetricsService).registerGauge({ name: 'newsdesk_test_depth', help: 'test', labelNames: ['kind'], collect: () => [{ labels: { kind: 'a' }, value: depth }] });
    expect(sample((await t.http.get('/metrics')).text, 'newsdesk_test_depth', { kind: 'a' })).toBe(3);
    depth = 5;
    expect(sample((await t.http.get('/metrics')).text, 'newsdesk_test_depth', { kind: 'a' })).toBe(5);
    t.app.get(MetricsService).registerGauge({ name: 'newsdesk_test_broken', help: 'test', collect: () => Promise.reject(new Error('down')) });
    expect((await t.http.get('/metrics')).status).toBe(200);
  });
});

describe('GET /metrics with METRICS_TOKEN', () => {
  let t: TestApp;
  const token = 'metrics-token-of-some-length';
  beforeAll(async () => {
    process.env.METRICS_TOKEN = token;
    t = await TestApp.start();
  });
  afterAll(async () => {
    delete process.env.METRICS_TOKEN;
    await t.close();
  });

  it('needs the token', async () => {
    const none = await t.http.get('/metrics').set('Accept-Language', 'zh');
    expect(none.status).toBe(401);
    const zh = JSON.parse(readFileSync(join(__dirname, '..', '..', 'locales', 'zh', 'metrics.json'), 'utf8'));
    expect(none.body).toEqual({ code: 'UNAUTHENTICATED', message: zh.errors.token });
    expect((await t.http.get('/metrics').set('Authorization', 'Bearer wrong-token-of-some-length')).status).toBe(401);
    const ok = await t.http.get('/metrics').set('Authorization', `Bearer ${token}`);
    expect(ok.status).toBe(200);
    expect(ok.text).toContain('process_cpu_user_seconds_total');
  });
});
