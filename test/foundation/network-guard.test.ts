import { spawn } from 'node:child_process';
import { lookup } from 'node:dns';
import { promises as dnsPromises } from 'node:dns';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { connect, createServer, type Server } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

/**
 * The guard that keeps every test on this machine. Its tests never reach beyond loopback, not even when the
 * guard is broken: the "outside" addresses here are loopback ones the test tells the guard to block.
 */
// eslint-disable-next-line @typescript-eslint/no-require-imports -- the guard is plain CommonJS
const guard = require('../support/network-guard.js') as {
  configure(o: { block?: string[]; logFile?: string | null }): () => void;
  refusal(host: string, what: string): string | null;
};

const BLOCKED_IP = '127.0.0.77';
const BLOCKED_NAME = 'localhost';

describe('network guard', () => {
  let dir: string;
  let log: string;
  let server: Server;
  let port: number;
  let undo: () => void;
  let accepted = 0;

  beforeAll(async () => {
    server = createServer((socket) => {
      accepted++;
      socket.destroy();
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    port = (server.address() as { port: number }).port;
  });
  afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())));

  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'newsdesk-guard-'));
    log = join(dir, 'refused.log');
    undo = guard.configure({ block: [BLOCKED_IP, BLOCKED_NAME], logFile: log });
  });
  afterEach(() => {
    undo();
    rmSync(dir, { recursive: true, force: true });
  });

  it('lets loopback through and refuses public and private addresses and names (classification only)', () => {
    expect(guard.refusal('127.0.0.1', 'connection to')).toBeNull();
    expect(guard.refusal('::1', 'connection to')).toBeNull();
    expect(guard.refusal('::ffff:127.0.0.1', 'connection to')).toBeNull();
    expect(guard.refusal('93.184.215.14', 'connection to')).toBe('connection to 93.184.215.14 (not loopback)');
    expect(guard.refusal('10.0.0.1', 'connection to')).toBe('connection to 10.0.0.1 (not loopback)');
    expect(guard.refusal('2001:db8::1', 'connection to')).toBe('connection to 2001:db8::1 (not loopback)');
    expect(guard.refusal('example.org', 'DNS lookup of')).toBe('DNS lookup of example.org (a name other than localhost)');
  });

  it('refuses a connection in the test process, logs it, and the server never sees it', async () => {
    const error = await new Promise<NodeJS.ErrnoException>((resolve) => {
      const socket = connect({ host: BLOCKED_IP, port });
      socket.on('error', resolve);
      socket.on('connect', () => resolve(Object.assign(new Error('connected'), { code: 'CONNECTED' })));
    });
    expect(error.code).toBe('ENETGUARD');
    expect(error.message).toContain(`connection to ${BLOCKED_IP} (blocked for this test)`);
    expect(readFileSync(log, 'utf8')).toContain(`refused connection to ${BLOCKED_IP}`);
    expect(accepted).toBe(0);
  });

  it('refuses a name lookup (callback and promise forms) and a DNS query', async () => {
    const err = await new Promise<NodeJS.ErrnoException | null>((resolve) => lookup(BLOCKED_NAME, (e) => resolve(e)));
    expect(err?.code).toBe('ENETGUARD');
    await expect(dnsPromises.lookup(BLOCKED_NAME)).rejects.toMatchObject({ code: 'ENETGUARD' });
    await expect(dnsPromises.resolve4('newsdesk.invalid')).rejects.toMatchObject({ code: 'ENETGUARD' });
    const lines = readFileSync(log, 'utf8').split('\n').filter((l) => l.startsWith('network guard'));
    expect(lines).toHaveLength(3);
  });

  it('is loaded in the processes a test starts (NODE_OPTIONS), which log to the same file', async () => {
    expect(process.env.NODE_OPTIONS).toContain('network-guard.js');
    const script = `require('node:net').connect({ host: '${BLOCKED_IP}', port: ${port} }).on('error', (e) => { console.log(e.code); }).on('connect', () => console.log('CONNECTED'));`;
    const child = spawn(process.execPath, ['-e', script], {
      env: { ...process.env, NEWSDESK_NET_GUARD_BLOCK: BLOCKED_IP, NEWSDESK_NET_GUARD_LOG: log },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let out = '';
    child.stdout.on('data', (d: Buffer) => (out += d.toString()));
    await new Promise((resolve) => child.on('exit', resolve));
    expect(out.trim()).toBe('ENETGUARD');
    expect(existsSync(log) && readFileSync(log, 'utf8')).toContain(`refused connection to ${BLOCKED_IP}`);
    expect(accepted).toBe(0);
  });

  it('still lets this file reach its own loopback servers', async () => {
    const connected = await new Promise<boolean>((resolve) => {
      const socket = connect({ host: '127.0.0.1', port }, () => resolve(true));
      socket.on('error', () => resolve(false));
    });
    expect(connected).toBe(true);
  });
});
