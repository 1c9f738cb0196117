import { spawn, type ChildProcess } from 'node:child_process';
import { createServer } from 'node:net';
import { makeArticle, makeSection } from '../support/factories';
import { TestApp } from '../support/test-app';

/** A free TCP port on 127.0.0.1. */
function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as { port: number };
      server.close(() => resolve(port));
    });
  });
}

async function startRedis(port: number): Promise<ChildProcess> {
  const child = spawn('redis-server', ['--port', String(port), '--bind', '127.0.0.1', '--save', '', '--appendonly', 'no'], { stdio: 'pipe' });
  await new Promise<void>((resolve, reject) => {
    child.once('error', reject);
    child.stdout.on('data', (chunk: Buffer) => {
      if (chunk.toString().includes('Ready to accept connections')) resolve();
    });
  });
  return child;
}

/** Reads go on from PostgreSQL while the cache's Redis is away (a private redis-server this test stops). */
describe('read cache without Redis', () => {
  let t: TestApp;
  let redis: ChildProcess | null = null;
  let section: string;
  const saved = { ttl: process.env.READ_CACHE_TTL_SECONDS, url: process.env.REDIS_URL };

  beforeAll(async () => {
    const port = await freePort();
    redis = await startRedis(port);
    process.env.READ_CACHE_TTL_SECONDS = '300';
    process.env.REDIS_URL = `redis://127.0.0.1:${port}/0`;
    t = await TestApp.start();
    const admin = await t.key('ADMIN');
    const editor = await t.key('EDITOR');
    section = (await makeSection(t, admin)).slug;
    await makeArticle(t, editor, section, { title: 'Still readable' });
  });
  afterAll(async () => {
    for (const [name, value] of [['READ_CACHE_TTL_SECONDS', saved.ttl], ['REDIS_URL', saved.url]] as const) {
      if (value === undefined) delete process.env[name];
      else process.env[name] = value;
    }
    redis?.kill('SIGKILL');
    await t.close();
  });

  it('answers the same list before and after Redis stops', async () => {
    const LIST = `query($s: String) { articles(section: $s) { totalCount edges { node { translation { title } } } } }`;
    const before = await t.gql(LIST, { variables: { s: section } });
    expect(before.data!.articles.totalCount).toBe(1);
    const stopped = new Promise((resolve) => redis!.once('exit', resolve));
    redis!.kill('SIGKILL');
    await stopped;
    redis = null;
    const started = Date.now();
    const after = await t.gql(LIST, { variables: { s: section } });
    expect(after.errors).toBeUndefined();
    expect(after.data).toEqual(before.data);
    // Skipped, not waited for: well under the API's Redis connect timeout (3 s).
    expect(Date.now() - started).toBeLessThan(2000);
  });
});
