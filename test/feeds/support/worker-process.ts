import { ChildProcess, spawn } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { DIST, ensureFreshDist } from '../../support/fresh-dist';

const ROOT = join(__dirname, '..', '..', '..');

/** The node flags of package.json's start:worker (e.g. --max-semi-space-size=4 --max-old-space-size=512). */
export function workerNodeFlags(): string[] {
  const scripts = (JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8')) as { scripts: Record<string, string> }).scripts;
  return scripts['start:worker'].split(/\s+/).filter((a) => a.startsWith('--'));
}

/**
 * The build of the current src/ (dist/, rebuilt first when any output is older than its source:
 * test/support/fresh-dist.ts), for tests that need a real `node worker.js` or `node main.js` process.
 */
export class BuiltWorker {
  private constructor(readonly dir: string) {}

  static build(): BuiltWorker {
    ensureFreshDist();
    return new BuiltWorker(DIST);
  }

  /** Started with the node flags of `npm run start:worker` (its memory settings), as production starts it. */
  start(env: Record<string, string>): WorkerProcess {
    return new WorkerProcess(
      spawn(process.execPath, [...workerNodeFlags(), join(this.dir, 'worker.js')], { cwd: ROOT, env: { ...process.env, ...env }, stdio: ['ignore', 'pipe', 'pipe'] }),
    );
  }
}

export class WorkerProcess {
  output = '';
  readonly exited: Promise<{ code: number | null; signal: NodeJS.Signals | null }>;

  constructor(readonly child: ChildProcess) {
    child.stdout!.on('data', (d: Buffer) => (this.output += d.toString()));
    child.stderr!.on('data', (d: Buffer) => (this.output += d.toString()));
    this.exited = new Promise((resolve) => child.on('exit', (code, signal) => resolve({ code, signal })));
  }

  async ready(timeoutMs = 90_000): Promise<void> {
    const deadline = Date.now() + timeoutMs;
    while (!this.output.includes('newsdesk worker running')) {
      if (this.child.exitCode !== null || Date.now() > deadline) throw new Error(`worker did not start:\n${this.output}`);
      await new Promise((r) => setTimeout(r, 50));
    }
  }

  kill(signal: NodeJS.Signals): void {
    if (this.child.exitCode === null && this.child.signalCode === null) this.child.kill(signal);
  }
}

/**
 * The port an API started with PORT=0 bound, from its "newsdesk API ready: http://host:PORT/graphql" line
 * (LOG_LEVEL log or lower): a free port chosen by the kernel, never one picked, closed and raced for.
 */
export async function apiPortFrom(output: () => string, timeoutMs = 150_000): Promise<number> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const match = /newsdesk API ready: http:\/\/[^\s/]+:(\d+)\/graphql/.exec(output());
    if (match) return Number(match[1]);
    if (Date.now() > deadline) throw new Error(`the API did not say it was ready:\n${output()}`);
    await new Promise((r) => setTimeout(r, 50));
  }
}
