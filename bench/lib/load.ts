import { Agent, request } from 'node:http';
import { monitorEventLoopDelay } from 'node:perf_hooks';

type IntervalHistogram = ReturnType<typeof monitorEventLoopDelay>;

/** One HTTP request of a scenario (the same one, repeated). */
export interface LoadRequest {
  method: 'GET' | 'POST';
  path: string;
  headers?: Record<string, string>;
  body?: string;
}

export interface LoadResult {
  requests: number;
  errors: number;
  seconds: number;
  rps: number;
  p50Ms: number;
  p95Ms: number;
  p99Ms: number;
  /**
   * The load generator's own event-loop delay, p99 and max, over the measure: a latency includes it (a
   * request answered while the generator was blocked is timed late), so a large figure makes p99 suspect.
   */
  generatorDelayP99Ms: number;
  generatorDelayMaxMs: number;
}

/** Watches the generator's event loop from now until the histogram is read. */
function watchGenerator(): IntervalHistogram {
  const h = monitorEventLoopDelay({ resolution: 10 });
  h.enable();
  return h;
}

function percentile(sorted: number[], p: number): number {
  if (!sorted.length) return 0;
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))];
}

/** One request on a keep-alive agent: its latency in ms, or null on an error (status >= 400, GraphQL errors, network). */
function once(agent: Agent, port: number, req: LoadRequest, check: (status: number, body: string) => boolean): Promise<number | null> {
  const started = process.hrtime.bigint();
  return new Promise((resolve) => {
    const r = request(
      { host: '127.0.0.1', port, method: req.method, path: req.path, agent, headers: { ...req.headers, ...(req.body ? { 'content-length': Buffer.byteLength(req.body) } : {}) } },
      (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (c: Buffer) => chunks.push(c));
        res.on('end', () => {
          const ms = Number(process.hrtime.bigint() - started) / 1e6;
          resolve(check(res.statusCode ?? 0, Buffer.concat(chunks).toString('utf8')) ? ms : null);
        });
        res.on('error', () => resolve(null));
      },
    );
    r.on('error', () => resolve(null));
    if (req.body) r.write(req.body);
    r.end();
  });
}

/** A GraphQL answer with data and no errors; any other 2xx body is fine as it is. */
export const okResponse = (status: number, body: string): boolean =>
  status >= 200 && status < 300 && !(body.startsWith('{') && body.includes('"errors"'));

/**
 * Closed loop: `connections` keep-alive connections, each sending the next request as soon as the last
 * one answered, for `seconds`.
 */
export async function closedLoop(port: number, req: LoadRequest, connections: number, seconds: number): Promise<LoadResult> {
  const agent = new Agent({ keepAlive: true, maxSockets: connections });
  const delay = watchGenerator();
  const latencies: number[] = [];
  let errors = 0;
  const deadline = Date.now() + seconds * 1000;
  const started = Date.now();
  await Promise.all(
    Array.from({ length: connections }, async () => {
      while (Date.now() < deadline) {
        const ms = await once(agent, port, req, okResponse);
        if (ms === null) errors++;
        else latencies.push(ms);
      }
    }),
  );
  const elapsed = (Date.now() - started) / 1000;
  agent.destroy();
  return summarise(latencies, errors, elapsed, delay);
}

/** Open loop: `rate` requests per second on a schedule (not waiting for answers), for `seconds`. */
export async function fixedRate(port: number, req: LoadRequest, rate: number, seconds: number): Promise<LoadResult> {
  const agent = new Agent({ keepAlive: true, maxSockets: 256 });
  const delay = watchGenerator();
  const latencies: number[] = [];
  let errors = 0;
  const total = Math.round(rate * seconds);
  const started = Date.now();
  const pending: Promise<void>[] = [];
  for (let i = 0; i < total; i++) {
    const due = started + (i * 1000) / rate;
    const wait = due - Date.now();
    if (wait > 0) await new Promise((r) => setTimeout(r, wait));
    pending.push(
      once(agent, port, req, okResponse).then((ms) => {
        if (ms === null) errors++;
        else latencies.push(ms);
      }),
    );
  }
  await Promise.all(pending);
  const elapsed = (Date.now() - started) / 1000;
  agent.destroy();
  return summarise(latencies, errors, elapsed, delay);
}

function summarise(latencies: number[], errors: number, seconds: number, delay: IntervalHistogram): LoadResult {
  delay.disable();
  const sorted = latencies.sort((a, b) => a - b);
  const round = (n: number) => Math.round(n * 10) / 10;
  return {
    requests: sorted.length + errors,
    errors,
    seconds: round(seconds),
    rps: round(sorted.length / seconds),
    p50Ms: round(percentile(sorted, 50)),
    p95Ms: round(percentile(sorted, 95)),
    p99Ms: round(percentile(sorted, 99)),
    generatorDelayP99Ms: round(delay.percentile(99) / 1e6),
    generatorDelayMaxMs: round(delay.max / 1e6),
  };
}
