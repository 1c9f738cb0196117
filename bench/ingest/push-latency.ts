import { spawn, type ChildProcess } from 'node:child_process';
import { request } from 'node:http';
import type { Client } from 'pg';
import { signBody } from '../../src/feeds/push/signature';
import { SecretBox } from '../../src/common/secret-box';

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

function call(port: number, method: string, path: string, body?: Buffer, headers: Record<string, string> = {}): Promise<{ status: number; body: string; ms: number }> {
  const start = process.hrtime.bigint();
  return new Promise((resolve, reject) => {
    const req = request({ host: '127.0.0.1', port, method, path, headers: { ...headers, ...(body ? { 'content-length': String(body.length) } : {}) } }, (res) => {
      let text = '';
      res.on('data', (d: Buffer) => (text += d.toString()));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, body: text, ms: Number(process.hrtime.bigint() - start) / 1e6 }));
    });
    req.on('error', reject);
    req.end(body);
  });
}

const percentile = (values: number[], p: number) => {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted.length ? +sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))].toFixed(1) : null;
};

/** GET /health back to back for `ms`, or until `until` resolves: each latency in ms. */
async function healthLatencies(port: number, until: Promise<unknown> | number): Promise<number[]> {
  const out: number[] = [];
  let done = false;
  if (typeof until === 'number') setTimeout(() => (done = true), until);
  else void until.finally(() => (done = true));
  while (!done) {
    out.push((await call(port, 'GET', '/health')).ms);
    await sleep(5);
  }
  return out;
}

export interface PushLatencyResult {
  bodyMb: number;
  answer: { status: number; ms: number };
  healthIdle: { p50: number | null; max: number | null; samples: number };
  healthDuringPush: { p50: number | null; max: number | null; samples: number };
  addedMaxMs: number | null;
  ingestedAfterSeconds: number | null;
  itemCount: number | null;
}

/**
 * Starts the real API (dist/main.js), gives a section a push secret, and POSTs a signed body of about 5 MB
 * while /health is called back to back: the latency /health sees while the push is received and answered,
 * against the same calls with no push. Then waits for the worker to ingest the push.
 */
export async function pushWithHealth(root: string, env: Record<string, string>, pg: Client, body: Buffer): Promise<PushLatencyResult> {
  const port = 30000 + Math.floor(Math.random() * 20000);
  const api: ChildProcess = spawn(process.execPath, [`${root}/dist/main.js`], { cwd: root, env: { ...process.env, ...env, PORT: String(port) }, stdio: ['ignore', 'pipe', 'pipe'] });
  let out = '';
  api.stdout!.on('data', (d: Buffer) => (out += d.toString()));
  api.stderr!.on('data', (d: Buffer) => (out += d.toString()));
  try {
    const deadline = Date.now() + 60_000;
    for (;;) {
      if (api.exitCode !== null || Date.now() > deadline) throw new Error(`API did not start:\n${out.slice(-2000)}`);
      const up = await call(port, 'GET', '/health').catch(() => null);
      if (up?.status === 200) break;
      await sleep(200);
    }
    const [{ id: section }] = (await pg.query<{ id: string }>(`INSERT INTO sections (slug, names, default_locale, homepage) VALUES ('bench-push', '{"en":"Push"}', 'en', 'https://push.example/') RETURNING id`)).rows;
    const secret = 'whsec_bench_push_secret';
    await pg.query(`INSERT INTO section_push_secrets (section_id, current_secret, rotated_at) VALUES ($1, $2, now())`, [section, new SecretBox(env.SECRET_KEY).seal(secret)]);
    for (let i = 0; i < 20; i++) await call(port, 'GET', '/health'); // warm
    const idle = await healthLatencies(port, 2000);
    const sent = call(port, 'POST', '/ingest/bench-push', body, { 'content-type': 'application/rss+xml', 'x-hub-signature-256': signBody(body, secret) });
    const during = await healthLatencies(port, sent);
    const answer = await sent;
    const jobId = (JSON.parse(answer.body) as { jobId?: string }).jobId;
    const startIngest = Date.now();
    let state: { state: string; item_count: number | null } | undefined;
    while (jobId && Date.now() - startIngest < 300_000) {
      state = (await pg.query<{ state: string; item_count: number | null }>(`SELECT state, item_count FROM pushed_documents WHERE id = $1`, [jobId])).rows[0];
      if (state && state.state !== 'QUEUED') break;
      await sleep(100);
    }
    const idleMax = Math.max(...idle);
    return {
      bodyMb: +(body.length / 2 ** 20).toFixed(2),
      answer: { status: answer.status, ms: +answer.ms.toFixed(1) },
      healthIdle: { p50: percentile(idle, 50), max: +idleMax.toFixed(1), samples: idle.length },
      healthDuringPush: { p50: percentile(during, 50), max: during.length ? +Math.max(...during).toFixed(1) : null, samples: during.length },
      addedMaxMs: during.length ? +(Math.max(...during) - (percentile(idle, 50) ?? 0)).toFixed(1) : null,
      ingestedAfterSeconds: state?.state === 'INGESTED' ? +((Date.now() - startIngest) / 1000).toFixed(2) : null,
      itemCount: state?.item_count ?? null,
    };
  } finally {
    api.kill('SIGTERM');
    await new Promise((r) => (api.exitCode !== null ? r(null) : api.on('exit', r)));
  }
}
