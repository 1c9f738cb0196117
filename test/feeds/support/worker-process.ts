import { ChildProcess, spawn, spawnSync } from 'node:child_process';
import { existsSync, rmSync } from 'node:fs';
import { join } from 'node:path';

const ROOT = join(__dirname, '..', '..', '..');

/**
 * Compiles src/ into a private folder at the repository root (so that locales/ resolves as from dist/),
 * for tests that need a real `node worker.js` process. Removed by `remove()`.
 */
export class BuiltWorker {
  readonly dir: string;

  private constructor(dir: string) {
    this.dir = dir;
  }

  static build(): BuiltWorker {
    const dir = join(ROOT, `.test-dist-${process.env.NEWSDESK_TEST_RUN ?? process.pid}-${process.pid}`);
    const result = spawnSync(
      process.execPath,
      [require.resolve('typescript/bin/tsc'), '-p', join(ROOT, 'tsconfig.build.json'), '--outDir', dir, '--tsBuildInfoFile', join(dir, '.tsbuildinfo')],
      { cwd: ROOT, encoding: 'utf8' },
    );
    // tsc emits even when another engineer's unrelated file has a type error; the worker entry must exist.
    if (!existsSync(join(dir, 'worker.js'))) throw new Error(`build failed:\n${result.stdout}\n${result.stderr}`);
    return new BuiltWorker(dir);
  }

  start(env: Record<string, string>): WorkerProcess {
    return new WorkerProcess(spawn(process.execPath, [join(this.dir, 'worker.js')], { cwd: ROOT, env: { ...process.env, ...env }, stdio: ['ignore', 'pipe', 'pipe'] }));
  }

  remove(): void {
    rmSync(this.dir, { recursive: true, force: true });
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

/** A private redis-server on a loopback port of its own (never the shared 6379 one). */
export class PrivateRedis {
  private child?: ChildProcess;

  constructor(readonly port: number) {}

  get url(): string {
    return `redis://127.0.0.1:${this.port}/0`;
  }

  async start(): Promise<void> {
    this.child = spawn('redis-server', ['--port', String(this.port), '--bind', '127.0.0.1', '--save', '', '--appendonly', 'no', '--maxmemory-policy', 'noeviction'], {
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let out = '';
    this.child.stdout!.on('data', (d: Buffer) => (out += d.toString()));
    const deadline = Date.now() + 10_000;
    while (!out.includes('Ready to accept connections')) {
      if (this.child.exitCode !== null || Date.now() > deadline) throw new Error(`redis-server did not start:\n${out}`);
      await new Promise((r) => setTimeout(r, 25));
    }
  }

  async stop(): Promise<void> {
    const child = this.child;
    if (!child || child.exitCode !== null) return;
    const exited = new Promise((resolve) => child.on('exit', resolve));
    child.kill('SIGKILL');
    await exited;
  }
}
