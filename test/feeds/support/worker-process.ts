import { ChildProcess, spawn } from 'node:child_process';
import { join } from 'node:path';
import { DIST, ensureFreshDist } from '../../support/fresh-dist';

const ROOT = join(__dirname, '..', '..', '..');

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

  start(env: Record<string, string>): WorkerProcess {
    return new WorkerProcess(spawn(process.execPath, [join(this.dir, 'worker.js')], { cwd: ROOT, env: { ...process.env, ...env }, stdio: ['ignore', 'pipe', 'pipe'] }));
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
