import { ChildProcess, spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { runKeysCli } from '../../src/cli/keys';
import { FeedServer } from '../feeds/support/feed-server';
import { waitFor } from '../feeds/support/wait';
import { WorkerProcess } from '../feeds/support/worker-process';
import { DIST, ensureFreshDist } from '../support/fresh-dist';

const ROOT = join(__dirname, '..', '..');

const RSS = `<?xml version="1.0"?><rss version="2.0"><channel><title>Obs</title><link>https://obs.example.org/</link>
<item><title>Observed item</title><link>https://obs.example.org/1</link><guid>obs-1</guid><description>Text</description></item></channel></rss>`;

/** Every metric name a Grafana expression reads (newsdesk's and the Node.js defaults it charts). */
export function metricNamesIn(expr: string): string[] {
  return [...new Set([...expr.matchAll(/\b((?:newsdesk|process|nodejs)_[a-z0-9_]+)/g)].map((m) => m[1]))];
}

/** Metric families a /metrics text declares (a histogram's _bucket/_sum/_count come with its name). */
function declared(text: string): Set<string> {
  const names = new Set<string>();
  for (const match of text.matchAll(/^# TYPE (\S+) (\w+)$/gm)) {
    names.add(match[1]);
    if (match[2] === 'histogram') for (const suffix of ['_bucket', '_sum', '_count']) names.add(match[1] + suffix);
  }
  return names;
}

describe('logs, request ids, worker metrics and health (real API and worker processes)', () => {
  let api: ChildProcess;
  let apiOutput = '';
  let worker: WorkerProcess;
  let feeds: FeedServer;
  let base: string;
  let workerBase: string;
  let adminKey: string;
  const requestId = `logtest-${randomBytes(6).toString('hex')}`;
  const feedToken = `tok${randomBytes(8).toString('hex')}`;
  let pushSecret = '';
  const signature = 'sha256=' + randomBytes(32).toString('hex');

  const gql = async (query: string, headers: Record<string, string> = {}) => {
    const res = await fetch(`${base}/graphql`, {
      method: 'POST',
      headers: { 'Content-Type': 'application/json', Authorization: `Bearer ${adminKey}`, ...headers },
      body: JSON.stringify({ query }),
    });
    return (await res.json()) as { data?: any; errors?: any[] };
  };

  beforeAll(async () => {
    // The build of the current src/ (rebuilt when older), never a stale dist/.
    ensureFreshDist();
    feeds = await new FeedServer().start();
    feeds.routes.set('/obs.xml', { body: RSS });
    const env = { LOG_LEVEL: 'log', FETCH_ALLOWLIST: '127.0.0.1', HOST: '127.0.0.1', FEED_DISPATCH_EVERY_MS: '60000' };
    api = spawn(process.execPath, [join(DIST, 'main.js')], { cwd: ROOT, env: { ...process.env, ...env, PORT: '0' }, stdio: ['ignore', 'pipe', 'pipe'] });
    api.stdout!.on('data', (d: Buffer) => (apiOutput += d.toString()));
    api.stderr!.on('data', (d: Buffer) => (apiOutput += d.toString()));
    worker = new WorkerProcess(
      spawn(process.execPath, [join(DIST, 'worker.js')], { cwd: ROOT, env: { ...process.env, ...env, WORKER_METRICS_PORT: '0' }, stdio: ['ignore', 'pipe', 'pipe'] }),
    );
    const lines: string[] = [];
    await runKeysCli(['create', '--role', 'ADMIN', '--name', 'observability test'], (line) => lines.push(line));
    adminKey = lines[lines.length - 1];
    // Generous waits: the shared 2-core machine can take tens of seconds to start a process.
    await waitFor(async () => {
      if (api.exitCode !== null) throw new Error(`the API exited:\n${apiOutput}`);
      return apiOutput.includes('newsdesk API ready');
    }, 'the API to start', 120_000);
    await worker.ready(120_000);
    // Both bound port 0 (a free port each, never picked, closed and raced for) and log the one they got.
    base = `http://127.0.0.1:${/newsdesk API ready: http:\/\/[^:/]+:(\d+)\/graphql/.exec(apiOutput)![1]}`;
    workerBase = `http://127.0.0.1:${(await waitFor(async () => /worker metrics and health on port (\d+)/.exec(worker.output), 'the worker metrics port'))[1]}`;

    // A request with a known id enqueues a poll; keys, a push secret, a signature and a ?token= pass through.
    await gql('mutation { createSection(input: { slug: "obs", names: { en: "Obs" }, country: "SE", defaultLocale: "en" }) { id } }');
    const feed = await gql(`mutation { registerFeed(input: { section: "obs", url: "${feeds.url('/obs.xml')}", locale: "en" }) { id } }`);
    await gql(`mutation { refreshFeed(id: "${feed.data.registerFeed.id}") { id } }`, { 'X-Request-Id': requestId });
    pushSecret = (await gql('mutation { rotatePushSecret(section: "obs") }')).data.rotatePushSecret;
    await fetch(`${base}/ingest/obs`, { method: 'POST', headers: { 'Content-Type': 'application/rss+xml', 'X-Hub-Signature-256': signature }, body: RSS });
    await fetch(`${base}/feeds/en.atom?token=${feedToken}`);
    await fetch(`${base}/no/such/route?token=${feedToken}`, { headers: { Authorization: `Bearer nd_${feedToken}${feedToken}` } });
    await waitFor(async () => worker.output.includes(requestId), 'the worker to log the poll', 60_000);
  }, 300_000);

  afterAll(async () => {
    api?.kill('SIGTERM');
    worker?.kill('SIGTERM');
    await Promise.all([api && new Promise((r) => (api.exitCode !== null ? r(null) : api.once('exit', r))), worker?.exited]);
    await feeds?.stop();
  });

  const jsonLines = (text: string) =>
    text
      .split('\n')
      .filter((line) => line.trim())
      .map((line) => {
        try {
          return JSON.parse(line) as Record<string, any>;
        } catch {
          throw new Error(`not a JSON log line: ${line}`);
        }
      });

  it('writes one JSON object per line, with level, time and the process', () => {
    for (const line of [...jsonLines(apiOutput), ...jsonLines(worker.output)]) {
      expect(line).toEqual(expect.objectContaining({ level: expect.any(String), time: expect.any(Number), service: expect.stringMatching(/^(api|worker)$/) }));
    }
  });

  it('carries the request id from the API request into the job it enqueued: one worker line for the poll, with its outcome', () => {
    const access = jsonLines(apiOutput).filter((l) => l.req?.id === requestId);
    expect(access).toEqual([expect.objectContaining({ req: expect.objectContaining({ method: 'POST', url: '/graphql' }), res: { statusCode: 200 } })]);
    const polls = jsonLines(worker.output).filter((l) => l.requestId === requestId && l.queue === 'feeds');
    expect(polls).toEqual([expect.objectContaining({ msg: 'poll ingested', outcome: 'ingested', items: 1, durationMs: expect.any(Number) })]);
  });

  it('never writes keys, push secrets, signatures or ?token= values', () => {
    const all = apiOutput + worker.output;
    expect(pushSecret.length).toBeGreaterThan(10);
    for (const secret of [adminKey, pushSecret, signature.slice(7), feedToken]) expect(all).not.toContain(secret);
    expect(jsonLines(apiOutput).some((l) => l.req?.url === '/feeds/en.atom?token=[REDACTED]')).toBe(true);
  });

  it('serves the worker its own /metrics, /health/live and /health/ready', async () => {
    expect((await fetch(`${workerBase}/health/live`)).status).toBe(200);
    const ready = await fetch(`${workerBase}/health/ready`);
    expect(ready.status).toBe(200);
    expect(await ready.json()).toEqual({ ready: true, postgres: 'up', redis: 'up', redisPolicy: 'noeviction', draining: false });
    const text = await (await fetch(`${workerBase}/metrics`)).text();
    expect(text).toMatch(/^newsdesk_worker_jobs_total\{queue="feeds",job="poll",outcome="ingested"\} 1$/m);
    expect(text).toMatch(/^newsdesk_items_ingested_total 1$/m);
    for (const queue of ['feeds', 'mentions', 'translation-digest']) expect(text).toContain(`newsdesk_queue_jobs{queue="${queue}",state="failed"}`);
    expect(text).toMatch(/^newsdesk_polled_sources\{kind="feed",status="ACTIVE"\} 1$/m);
  });

  it('has the API ready and live, and every metric the Grafana dashboard queries exists in the API or worker /metrics', async () => {
    expect((await fetch(`${base}/health/live`)).status).toBe(200);
    expect((await fetch(`${base}/health/ready`)).status).toBe(200);
    const names = new Set([...declared(await (await fetch(`${base}/metrics`)).text()), ...declared(await (await fetch(`${workerBase}/metrics`)).text())]);
    const dashboard = JSON.parse(readFileSync(join(ROOT, 'docs', 'grafana', 'newsdesk.json'), 'utf8')) as { panels: { title: string; targets: { expr: string }[] }[] };
    const queried = dashboard.panels.flatMap((p) => p.targets.flatMap((t) => metricNamesIn(t.expr).map((name) => `${p.title}: ${name}`)));
    expect(queried.length).toBeGreaterThan(10);
    expect(queried.filter((q) => !names.has(q.split(': ')[1]))).toEqual([]);
  });
});
