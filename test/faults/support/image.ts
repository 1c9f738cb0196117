import { ChildProcess, spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, symlinkSync } from 'node:fs';
import { request } from 'node:http';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';

const ROOT = join(__dirname, '..', '..', '..');

/** The image's start command: the last CMD of the Dockerfile, which must be in exec (JSON array) form. */
export function imageCommand(dockerfile = join(ROOT, 'Dockerfile')): string[] {
  const cmd = readFileSync(dockerfile, 'utf8')
    .split('\n')
    .filter((line) => /^CMD\s/.test(line))
    .pop();
  if (!cmd) throw new Error('the Dockerfile has no CMD');
  const text = cmd.replace(/^CMD\s+/, '');
  if (!text.startsWith('[')) return ['/bin/sh', '-c', text];
  return JSON.parse(text) as string[];
}

/** A service's command in docker-compose.yml (an exec-form JSON array on its `command:` line). */
export function composeCommand(service: string, file = join(ROOT, 'docker-compose.yml')): string[] {
  const lines = readFileSync(file, 'utf8').split('\n');
  const start = lines.findIndex((line) => line === `  ${service}:`);
  const command = lines.slice(start + 1).find((line) => /^\s+command:/.test(line) || /^ {2}\S/.test(line));
  if (start < 0 || !command || !/command:/.test(command)) throw new Error(`no command for ${service} in ${file}`);
  return JSON.parse(command.replace(/^\s+command:\s*/, '')) as string[];
}

/** The promise's value, or 'still running' after `ms` (the timer is cleared either way). */
export async function within<T>(promise: Promise<T>, ms: number): Promise<T | 'still running'> {
  let timer: NodeJS.Timeout | undefined;
  try {
    return await Promise.race([promise, new Promise<'still running'>((resolve) => (timer = setTimeout(() => resolve('still running'), ms)))]);
  } finally {
    clearTimeout(timer);
  }
}

/**
 * A folder laid out like the image's /app (dist/ beside node_modules and locales), with dist/ a link to a
 * build of this checkout: the image's relative command paths resolve as in the container.
 */
export class ImageRoot {
  readonly dir = mkdtempSync(join(tmpdir(), 'newsdesk-app-'));

  constructor(distDir: string) {
    symlinkSync(distDir, join(this.dir, 'dist'));
  }

  remove(): void {
    rmSync(this.dir, { recursive: true, force: true });
  }
}

/**
 * A command run as PID 1 of a new PID namespace, as Docker runs a container's command. `pid` is the
 * process's id seen from here (the namespace's init), where signals are sent as `docker stop` does.
 */
export class Pid1Process {
  output = '';
  readonly wrapper: ChildProcess;
  readonly exited: Promise<{ code: number | null; signal: NodeJS.Signals | null }>;

  constructor(command: string[], options: { cwd: string; env: Record<string, string> }) {
    // The bundled Node 24 first on PATH, so the command's bare `node` is the one the image ships.
    const PATH = `${dirname(process.execPath)}:${process.env.PATH ?? ''}`;
    this.wrapper = spawn('unshare', ['--pid', '--fork', '--mount-proc', '--kill-child', ...command], {
      cwd: options.cwd,
      env: { ...process.env, NODE_OPTIONS: '', PATH, ...options.env },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    this.wrapper.stdout!.on('data', (d: Buffer) => (this.output += d.toString()));
    this.wrapper.stderr!.on('data', (d: Buffer) => (this.output += d.toString()));
    this.exited = new Promise((resolve) => this.wrapper.on('exit', (code, signal) => resolve({ code, signal })));
  }

  /** The host pid of the namespace's PID 1 (unshare's only child), once it exists. */
  async pid(timeoutMs = 10_000): Promise<number> {
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      try {
        const children = readFileSync(`/proc/${this.wrapper.pid}/task/${this.wrapper.pid}/children`, 'utf8').trim();
        if (children) return Number(children.split(/\s+/)[0]);
      } catch {
        // not there yet
      }
      if (Date.now() > deadline) throw new Error(`no PID 1 in the namespace:\n${this.output}`);
      await new Promise((r) => setTimeout(r, 20));
    }
  }

  /** The process's pid inside its namespace (the last NSpid entry): 1 for the namespace's init. */
  static namespacePid(hostPid: number): number {
    const line = readFileSync(`/proc/${hostPid}/status`, 'utf8').split('\n').find((l) => l.startsWith('NSpid:'))!;
    return Number(line.split(/\s+/).pop());
  }

  /** The command line of a host pid (what runs as PID 1). */
  static argv(hostPid: number): string[] {
    return readFileSync(`/proc/${hostPid}/cmdline`, 'utf8').split('\0').filter(Boolean);
  }

  kill(): void {
    if (this.wrapper.exitCode === null && this.wrapper.signalCode === null) this.wrapper.kill('SIGKILL');
  }
}

/** Polls GET url until it answers (any status), e.g. until an API listens. */
export async function waitForHttp(url: string, timeoutMs = 30_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const up = await new Promise<boolean>((resolve) => {
      const req = request(url, (res) => {
        res.resume();
        resolve(true);
      });
      req.on('error', () => resolve(false));
      req.end();
    });
    if (up) return;
    if (Date.now() > deadline) throw new Error(`${url} did not answer`);
    await new Promise((r) => setTimeout(r, 100));
  }
}
