import { Queue } from 'bullmq';
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

  it('counts HTTP requests by matched route and status', async () => {
    await t.http.get('/health');
    await t.http.get('/no/such/route');
    const text = (await t.http.get('/metrics')).text;
    expect(sample(text, 'newsdesk_http_requests_total', { method: 'GET', route: '/health', status: '200' })).toBeGreaterThanOrEqual(1);
    expect(sample(text, 'newsdesk_http_requests_total', { method: 'GET', route: '(unmatched)', status: '404' })).toBeGreaterThanOrEqual(1);
    expect(text).not.toContain('/no/such/route');
    expect(sample(text, 'newsdesk_http_request_duration_seconds_count', { method: 'GET', route: '/health', status: '200' })).toBeGreaterThanOrEqual(1);
  });

  it('counts GraphQL operations by root field and outcome', async () => {
    await t.gql('query Anything { locales { code } }');
    await t.gql('{ search(query: "") { totalCount } }');
    await t.gql('{ nonsense }');
    const text = (await t.http.get('/metrics')).text;
    expect(sample(text, 'newsdesk_graphql_operations_total', { operation: 'locales', type: 'query', outcome: 'ok' })).toBeGreaterThanOrEqual(1);
    expect(sample(text, 'newsdesk_graphql_operations_total', { operation: 'search', type: 'query', outcome: 'error' })).toBeGreaterThanOrEqual(1);
    expect(sample(text, 'newsdesk_graphql_operations_total', { operation: '(invalid)', type: 'unknown', outcome: 'error' })).toBeGreaterThanOrEqual(1);
    expect(text).not.toContain('Anything');
    expect(
      sample(text, 'newsdesk_graphql_request_duration_seconds_count', { operation: 'locales', type: 'query', outcome: 'ok' }),
    ).toBeGreaterThanOrEqual(1);
  });

  it('reports queue depths of the registered queues', async () => {
    const config = t.app.get(AppConfig);
    const queue = new Queue('feeds', { connection: { url: config.redisUrl }, prefix: config.redisPrefix });
    const job = await queue.add('metrics-test', {}, { delay: 3_600_000 });
    try {
      const text = (await t.http.get('/metrics')).text;
      expect(sample(text, 'newsdesk_queue_jobs', { queue: 'feeds', state: 'delayed' })).toBeGreaterThanOrEqual(1);
      expect(sample(text, 'newsdesk_queue_jobs', { queue: 'feeds', state: 'failed' })).toEqual(expect.any(Number));
    } finally {
      await job.remove();
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
