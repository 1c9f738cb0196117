import { spawn } from 'node:child_process';
import { join } from 'node:path';
import { Client } from 'pg';
import { randomBytes } from 'node:crypto';
import { DIST, ensureFreshDist } from '../support/fresh-dist';

const MAIN = join(DIST, 'main.js');

/** Runs the built API with an environment; resolves with its exit code and output (or kills it after `ms`). */
function runApi(env: Record<string, string>, ms = 20000): Promise<{ code: number | null; output: string }> {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, [MAIN], { env: { ...process.env, ...env }, stdio: ['ignore', 'pipe', 'pipe'] });
    let output = '';
    child.stdout.on('data', (d) => (output += d));
    child.stderr.on('data', (d) => (output += d));
    const timer = setTimeout(() => child.kill('SIGKILL'), ms);
    child.on('exit', (code) => {
      clearTimeout(timer);
      resolve({ code, output });
    });
  });
}

describe('start-up', () => {
  // The build of the current src/, never a stale dist/ left from an earlier checkout.
  beforeAll(() => ensureFreshDist(), 300_000);

  it.each([
    ['PORT', 'not-a-port'],
    ['DATABASE_URL', 'mysql://localhost/x'],
    ['REDIS_URL', 'nonsense'],
    ['DEFAULT_LOCALE', 'x'],
  ])('a bad %s stops start-up with a message naming it', async (name, value) => {
    const { code, output } = await runApi({ [name]: value });
    expect(code).toBe(1);
    expect(output).toContain(name);
  });

  it('under NODE_ENV=production refuses the development SECRET_KEY, naming it and printing no secret', async () => {
    const { code, output } = await runApi({ NODE_ENV: 'production', SECRET_KEY: '', CURSOR_SECRET: 'Vt7Kq2Wm9Rz4Lx1Pn8Hc3Js6Bd0Gf5Ya' });
    expect(code).toBe(1);
    expect(output).toMatch(/SECRET_KEY: the development default cannot be used in production/);
    expect(output).not.toContain('Vt7Kq2Wm9Rz4Lx1Pn8Hc3Js6Bd0Gf5Ya');
    expect(output).not.toContain('newsdesk-dev-secret-key-change-me');
  });

  it('refuses to start on an unmigrated database, saying what to run', async () => {
    const name = `newsdesk_unmigrated_${randomBytes(4).toString('hex')}`;
    const admin = new URL(process.env.DATABASE_URL!);
    admin.pathname = '/postgres';
    const client = new Client({ connectionString: admin.toString() });
    await client.connect();
    await client.query(`CREATE DATABASE ${name}`);
    try {
      const url = new URL(process.env.DATABASE_URL!);
      url.pathname = `/${name}`;
      const { code, output } = await runApi({ DATABASE_URL: url.toString(), PORT: '0' });
      expect(code).toBe(1);
      expect(output).toContain('npm run migrate');
    } finally {
      await client.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
      await client.end();
    }
  });
});
