import { ChildProcess, spawn } from 'node:child_process';
import { request as httpRequest } from 'node:http';
import { connect } from 'node:net';
import { join } from 'node:path';
import { makeArticle, makeSection, type SectionFixture } from '../support/factories';
import { DIST, ensureFreshDist } from '../support/fresh-dist';
import { TestApp } from '../support/test-app';
import { waitFor } from '../feeds/support/wait';

const ROOT = join(__dirname, '..', '..');
const LOOPS = 4;
const SLOW = 4;
const DELAY_MS = 2000;

type Outcome = { status: number; body: string } | { error: string };

/** One POST /graphql on a connection of its own (no keep-alive, so no idle connection is closed under a request). */
function post(port: number, query: string): Promise<Outcome> {
  const body = JSON.stringify({ query });
  return new Promise((resolve) => {
    const req = httpRequest(
      { host: '127.0.0.1', port, path: '/graphql', method: 'POST', agent: false, headers: { 'Content-Type': 'application/json', 'Content-Length': Buffer.byteLength(body), Connection: 'close' } },
      (res) => {
        let text = '';
        res.on('data', (d: Buffer) => (text += d.toString()));
        res.on('end', () => resolve({ status: res.statusCode ?? 0, body: text }));
        res.on('error', (error: NodeJS.ErrnoException) => resolve({ error: error.code ?? error.message }));
      },
    );
    req.on('error', (error: NodeJS.ErrnoException) => resolve({ error: error.code ?? error.message }));
    req.end(body);
  });
}

/** A request whose body arrives in two parts, so it is in flight when the signal comes. */
function slowPost(port: number, query: string) {
  const body = JSON.stringify({ query });
  const socket = connect(port, '127.0.0.1');
  let answer = '';
  socket.on('data', (d: Buffer) => (answer += d.toString()));
  socket.on('error', () => undefined);
  const answered = new Promise<string>((resolve) => socket.on('close', () => resolve(answer)));
  const opened = new Promise<void>((resolve) => socket.on('connect', () => resolve()));
  const half = Math.floor(body.length / 2);
  return {
    start: async () => {
      await opened;
      socket.write(`POST /graphql HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/json\r\nContent-Length: ${Buffer.byteLength(body)}\r\nConnection: close\r\n\r\n${body.slice(0, half)}`);
    },
    finish: () => socket.write(body.slice(half)),
    answered,
  };
}

describe('SIGTERM to the API under load (node dist/main.js)', () => {
  let t: TestApp;
  let section: SectionFixture;
  let api: ChildProcess;
  let output = '';

  beforeAll(async () => {
    ensureFreshDist();
    t = await TestApp.start();
    section = await makeSection(t, await t.key('ADMIN'));
    await makeArticle(t, await t.key('EDITOR'), section.slug, { title: 'Served while draining' });
    api = spawn(process.execPath, [join(DIST, 'main.js')], {
      cwd: ROOT,
      env: { ...process.env, PORT: '0', HOST: '127.0.0.1', LOG_LEVEL: 'log', RATE_LIMIT_ANON_PER_MIN: '0', SHUTDOWN_DELAY_MS: String(DELAY_MS) },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    api.stdout!.on('data', (d: Buffer) => (output += d.toString()));
    api.stderr!.on('data', (d: Buffer) => (output += d.toString()));
  }, 300_000); // may rebuild dist/ first (ensureFreshDist)
  afterAll(async () => {
    if (api && api.exitCode === null && api.signalCode === null) api.kill('SIGKILL');
    await t?.close();
  });

  it('turns not-ready at once, answers every request (in flight at the signal, or arriving while it drains), then exits 0', async () => {
    const port = Number(
      (
        await waitFor(async () => {
          if (api.exitCode !== null) throw new Error(`the API exited:\n${output}`);
          return /newsdesk API ready: http:\/\/[^:/]+:(\d+)\/graphql/.exec(output);
        }, 'the API to start', 120_000)
      )[1],
    );
    const query = `{ articles(section: "${section.slug}") { edges { node { translation { title } } } } }`;
    const ok = (o: Outcome) => 'status' in o && o.status === 200 && o.body.includes('Served while draining') && !o.body.includes('"errors"');
    expect(ok(await post(port, query))).toBe(true);

    const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((resolve) => api.once('exit', (code, signal) => resolve({ code, signal })));
    const outcomes: Outcome[] = [];
    // The load goes on until "the load balancer" sees readiness fail, as one stops sending to a draining process.
    let balancerGaveUp = false;
    const loop = async () => {
      while (!balancerGaveUp) outcomes.push(await post(port, query));
    };
    const balancer = async () => {
      for (;;) {
        const res = await fetch(`http://127.0.0.1:${port}/health/ready`);
        if (res.status === 503) return (await res.json()) as { draining: boolean };
        await new Promise((r) => setTimeout(r, 100));
      }
    };
    const loops = Array.from({ length: LOOPS }, loop);
    const slow = Array.from({ length: SLOW }, () => slowPost(port, query));
    await Promise.all(slow.map((s) => s.start()));
    await waitFor(async () => outcomes.length >= 20, 'some load', 30_000, 20);

    const servedBeforeSignal = outcomes.length;
    api.kill('SIGTERM');
    const signalledAt = Date.now();
    const readiness = await balancer();
    balancerGaveUp = true;
    expect(readiness.draining).toBe(true);
    const servedWhileDraining = outcomes.length - servedBeforeSignal;
    // The slow requests were in flight all along: they complete during the drain.
    for (const s of slow) s.finish();
    const answers = await Promise.all(slow.map((s) => s.answered));
    const exit = await exited;
    await Promise.all(loops);
    // It kept serving for the delay before it stopped listening.
    expect(Date.now() - signalledAt).toBeGreaterThanOrEqual(DELAY_MS);
    expect(servedWhileDraining).toBeGreaterThan(0);

    for (const answer of answers) {
      expect(answer).toMatch(/^HTTP\/1\.1 200/);
      expect(answer).toContain('Served while draining');
    }
    // Nothing was cut: every request, before the signal or during the drain, has its full, correct answer (no reset, no 503, no error).
    expect(outcomes.filter((o) => !ok(o))).toEqual([]);
    expect(outcomes.filter(ok).length).toBeGreaterThanOrEqual(20);
    expect(exit).toEqual({ code: 0, signal: null });
  }, 120_000);
});
