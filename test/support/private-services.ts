import { ChildProcess, spawn, spawnSync } from 'node:child_process';
import { chownSync, existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

/**
 * Private PostgreSQL and Redis servers for tests that must stop, kill or break a service: never the
 * machine's shared ones (127.0.0.1:5432 and :6379), which other engineers' runs use.
 *
 * Ports: a random high port is passed to the server itself and the start retried on another one when the
 * bind fails, so no port is picked, closed and then raced for. After the first start a server keeps its
 * port across stop/start/restart (clients reconnect to the same address, as in production).
 */

const PG_BIN = process.env.NEWSDESK_PG_BIN ?? '/usr/lib/postgresql/15/bin';
const ATTEMPTS = 12;
// At most 54,999: a cluster node also listens on its port + 10,000 (its bus), which must stay under 65,536.
const randomPort = () => 20_000 + Math.floor(Math.random() * 35_000);
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
const isRoot = () => typeof process.getuid === 'function' && process.getuid() === 0;

/** Runs a PostgreSQL tool as the postgres user when we are root (initdb and postgres refuse root). */
function pgTool(tool: string, args: string[]): { status: number | null; output: string } {
  const bin = join(PG_BIN, tool);
  const [cmd, argv] = isRoot() ? ['runuser', ['-u', 'postgres', '--', bin, ...args]] : [bin, args];
  const result = spawnSync(cmd, argv, { encoding: 'utf8', env: { ...process.env, NODE_OPTIONS: '' }, timeout: 120_000 });
  return { status: result.status, output: `${result.stdout ?? ''}${result.stderr ?? ''}${result.error?.message ?? ''}` };
}

function privateDir(prefix: string): string {
  const dir = mkdtempSync(join(tmpdir(), prefix));
  if (isRoot()) {
    const ids = spawnSync('id', ['-u', 'postgres'], { encoding: 'utf8' });
    const gids = spawnSync('id', ['-g', 'postgres'], { encoding: 'utf8' });
    chownSync(dir, Number(ids.stdout.trim()), Number(gids.stdout.trim()));
  }
  return dir;
}

export interface PrivatePostgresOptions {
  /** Extra `-c name=value` server settings. */
  settings?: Record<string, string | number>;
}

/** A throw-away PostgreSQL cluster (initdb + pg_ctl, trust auth, user postgres) in a temp dir. */
export class PrivatePostgres {
  port = 0;
  private readonly dir: string;
  private readonly data: string;

  private constructor(private readonly options: PrivatePostgresOptions) {
    this.dir = privateDir('newsdesk-pg-');
    this.data = join(this.dir, 'data');
  }

  /** initdb, then start on a free port. */
  static async start(options: PrivatePostgresOptions = {}): Promise<PrivatePostgres> {
    const pg = new PrivatePostgres(options);
    const init = pgTool('initdb', ['-D', pg.data, '-U', 'postgres', '-A', 'trust', '-E', 'UTF8', '--locale=C', '--no-sync']);
    if (init.status !== 0) {
      await pg.cleanup();
      throw new Error(`initdb failed:\n${init.output}`);
    }
    return pg.startOnFreePort();
  }

  /**
   * A streaming replica of this running server (wal_level is `replica` by default, and initdb's trust
   * rules allow replication from 127.0.0.1): pg_basebackup -R (with a fast checkpoint: a spread one takes minutes) into a folder of its own, started on another
   * port as a hot standby. `settings` go to the replica (e.g. recovery_min_apply_delay to make it lag).
   */
  async startReplica(options: PrivatePostgresOptions = {}): Promise<PrivatePostgres> {
    const replica = new PrivatePostgres(options);
    const backup = pgTool('pg_basebackup', ['-h', '127.0.0.1', '-p', String(this.port), '-U', 'postgres', '-D', replica.data, '-R', '-X', 'stream', '--checkpoint=fast', '--no-sync']);
    if (backup.status !== 0) {
      await replica.cleanup();
      throw new Error(`pg_basebackup failed:\n${backup.output}`);
    }
    return replica.startOnFreePort();
  }

  private async startOnFreePort(): Promise<PrivatePostgres> {
    for (let attempt = 1; ; attempt++) {
      this.port = randomPort();
      const started = this.pgCtlStart();
      if (started.ok) return this;
      if (!started.portTaken || attempt === ATTEMPTS) {
        await this.cleanup();
        throw new Error(`PostgreSQL did not start:\n${started.output}`);
      }
    }
  }

  /** The server's log since it was started on its port (with log_statement=all: every statement and its parameters). */
  log(): string {
    const file = join(this.dir, `server-${this.port}.log`);
    return existsSync(file) ? readFileSync(file, 'utf8') : '';
  }

  /** postgres://postgres@127.0.0.1:<port>/<database> */
  url(database = 'postgres'): string {
    return `postgres://postgres@127.0.0.1:${this.port}/${database}`;
  }

  private pgCtlStart(): { ok: boolean; portTaken: boolean; output: string } {
    const settings = { listen_addresses: '127.0.0.1', fsync: 'off', max_connections: 50, ...this.options.settings };
    const serverOptions = [`-p ${this.port}`, `-k ${this.dir}`, ...Object.entries(settings).map(([k, v]) => `-c ${k}=${v}`)].join(' ');
    const log = join(this.dir, `server-${this.port}.log`);
    const res = pgTool('pg_ctl', ['start', '-w', '-t', '60', '-D', this.data, '-l', log, '-o', serverOptions]);
    const output = `${res.output}\n${existsSync(log) ? readFileSync(log, 'utf8') : ''}`;
    return { ok: res.status === 0, portTaken: /could not bind|already in use|could not create any TCP\/IP sockets/i.test(output), output };
  }

  /** Starts it again on its port (after stop or kill). */
  async start(): Promise<void> {
    for (let attempt = 1; ; attempt++) {
      const started = this.pgCtlStart();
      if (started.ok) return;
      // The port can still be held by a dying backend for a moment after a kill.
      if (!started.portTaken || attempt === ATTEMPTS) throw new Error(`PostgreSQL did not restart:\n${started.output}`);
      await sleep(250);
    }
  }

  /** A clean shutdown that waits for clients to be disconnected (pg_ctl -m fast). */
  async stop(): Promise<void> {
    this.pgCtl('stop', 'fast');
  }

  /** An abrupt stop, like a crash: no checkpoint, recovery on the next start (pg_ctl -m immediate). */
  async kill(): Promise<void> {
    this.pgCtl('stop', 'immediate');
  }

  async restart(): Promise<void> {
    await this.stop();
    await this.start();
  }

  private pgCtl(action: 'stop', mode: 'fast' | 'immediate'): void {
    if (!existsSync(join(this.data, 'postmaster.pid'))) return;
    const res = pgTool('pg_ctl', [action, '-w', '-t', '60', '-D', this.data, '-m', mode]);
    if (res.status !== 0 && existsSync(join(this.data, 'postmaster.pid'))) throw new Error(`pg_ctl ${action} failed:\n${res.output}`);
  }

  /** Stops the server (immediately) and removes its files. Safe to call twice. */
  async cleanup(): Promise<void> {
    try {
      this.pgCtl('stop', 'immediate');
    } finally {
      rmSync(this.dir, { recursive: true, force: true });
    }
  }
}

export interface PrivateRedisOptions {
  /** Keep data across stop/start (append-only file in the temp dir). Off: a restart starts empty. */
  persist?: boolean;
  /** Extra `--name value` settings. */
  settings?: Record<string, string | number>;
  /** Ports to try before random ones (the helper's own test passes a taken one). */
  tryPortsFirst?: number[];
}

/** A throw-away redis-server on a loopback port of its own. */
export class PrivateRedis {
  port = 0;
  private child?: ChildProcess;
  private readonly dir: string;

  private constructor(private readonly options: PrivateRedisOptions) {
    this.dir = mkdtempSync(join(tmpdir(), 'newsdesk-redis-'));
  }

  static async start(options: PrivateRedisOptions = {}): Promise<PrivateRedis> {
    const redis = new PrivateRedis(options);
    const first = [...(options.tryPortsFirst ?? [])];
    for (let attempt = 1; ; attempt++) {
      redis.port = first.shift() ?? randomPort();
      const started = await redis.spawnServer();
      if (started.ok) return redis;
      if (!started.portTaken || attempt === ATTEMPTS) {
        await redis.cleanup();
        throw new Error(`redis-server did not start:\n${started.output}`);
      }
    }
  }

  /** redis://127.0.0.1:<port>/<db> */
  url(db = 0): string {
    return `redis://127.0.0.1:${this.port}/${db}`;
  }

  get running(): boolean {
    return !!this.child && this.child.exitCode === null && this.child.signalCode === null;
  }

  private async spawnServer(): Promise<{ ok: boolean; portTaken: boolean; output: string }> {
    const persistence = this.options.persist ? ['--appendonly', 'yes', '--appendfsync', 'always'] : ['--appendonly', 'no'];
    const settings = Object.entries(this.options.settings ?? {}).flatMap(([k, v]) => [`--${k}`, String(v)]);
    const args = ['--port', String(this.port), '--bind', '127.0.0.1', '--save', '', '--dir', this.dir, ...persistence, ...settings];
    const child = spawn('redis-server', args, { stdio: ['ignore', 'pipe', 'pipe'], env: { ...process.env, NODE_OPTIONS: '' } });
    let output = '';
    child.stdout.on('data', (d: Buffer) => (output += d.toString()));
    child.stderr.on('data', (d: Buffer) => (output += d.toString()));
    const deadline = Date.now() + 20_000;
    while (!output.includes('Ready to accept connections')) {
      if (child.exitCode !== null || child.signalCode !== null || Date.now() > deadline) {
        if (child.exitCode === null) child.kill('SIGKILL');
        return { ok: false, portTaken: /already in use|Could not create server TCP listening socket/i.test(output), output };
      }
      await sleep(20);
    }
    this.child = child;
    return { ok: true, portTaken: false, output };
  }

  /** Starts it again on its port (after stop or kill). */
  async start(): Promise<void> {
    if (this.running) return;
    for (let attempt = 1; ; attempt++) {
      const started = await this.spawnServer();
      if (started.ok) return;
      if (!started.portTaken || attempt === ATTEMPTS) throw new Error(`redis-server did not restart:\n${started.output}`);
      await sleep(250);
    }
  }

  /** A clean shutdown (SIGTERM). */
  async stop(): Promise<void> {
    await this.signal('SIGTERM');
  }

  /** An abrupt stop, like a crash (SIGKILL). */
  async kill(): Promise<void> {
    await this.signal('SIGKILL');
  }

  async restart(): Promise<void> {
    await this.stop();
    await this.start();
  }

  private async signal(signal: NodeJS.Signals): Promise<void> {
    const child = this.child;
    if (!child || child.exitCode !== null || child.signalCode !== null) return;
    const exited = new Promise((resolve) => child.once('exit', resolve));
    child.kill(signal);
    await exited;
  }

  /** Kills the server and removes its files. Safe to call twice. */
  async cleanup(): Promise<void> {
    await this.kill();
    rmSync(this.dir, { recursive: true, force: true });
  }
}
