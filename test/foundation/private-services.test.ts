import { createServer } from 'node:net';
import IORedis from 'ioredis';
import { Client } from 'pg';
import { PrivatePostgres, PrivateRedis } from '../support/private-services';

async function pgQuery(url: string, sql: string): Promise<unknown[]> {
  const client = new Client({ connectionString: url, connectionTimeoutMillis: 5000 });
  await client.connect();
  try {
    return (await client.query(sql)).rows;
  } finally {
    await client.end();
  }
}

async function canConnect(url: string): Promise<boolean> {
  try {
    await pgQuery(url, 'SELECT 1');
    return true;
  } catch {
    return false;
  }
}

describe('private PostgreSQL (for tests that stop or break the database)', () => {
  let pg: PrivatePostgres;
  beforeAll(async () => {
    pg = await PrivatePostgres.start();
  }, 120_000);
  afterAll(() => pg?.cleanup());

  it('runs on its own loopback port, never the shared 5432', async () => {
    expect(pg.port).not.toBe(5432);
    expect(pg.url()).toBe(`postgres://postgres@127.0.0.1:${pg.port}/postgres`);
    expect(await pgQuery(pg.url(), 'SELECT 41 + 1 AS answer')).toEqual([{ answer: 42 }]);
  });

  it('keeps its data and its port across a kill and a start', async () => {
    await pgQuery(pg.url(), 'CREATE TABLE kept (n int); INSERT INTO kept VALUES (7)');
    const port = pg.port;
    await pg.kill();
    expect(await canConnect(pg.url())).toBe(false);
    await pg.start();
    expect(pg.port).toBe(port);
    expect(await pgQuery(pg.url(), 'SELECT n FROM kept')).toEqual([{ n: 7 }]);
  }, 120_000);

  it('stops cleanly and restarts', async () => {
    await pg.stop();
    expect(await canConnect(pg.url())).toBe(false);
    await pg.restart();
    expect(await canConnect(pg.url())).toBe(true);
  }, 120_000);
});

describe('private Redis (for tests that stop or break Redis)', () => {
  const servers: PrivateRedis[] = [];
  afterAll(async () => {
    for (const s of servers) await s.cleanup();
  });

  it('starts on a loopback port of its own', async () => {
    const redis = await PrivateRedis.start();
    servers.push(redis);
    expect(redis.port).not.toBe(6379);
    const client = new IORedis(redis.url(), { maxRetriesPerRequest: 1 });
    try {
      expect(await client.ping()).toBe('PONG');
    } finally {
      client.disconnect();
    }
  });

  it('moves to another port when the bind fails (no pick-close-start race)', async () => {
    const taken = createServer();
    await new Promise<void>((resolve) => taken.listen(0, '127.0.0.1', resolve));
    const takenPort = (taken.address() as { port: number }).port;
    try {
      const redis = await PrivateRedis.start({ tryPortsFirst: [takenPort] });
      servers.push(redis);
      expect(redis.port).not.toBe(takenPort);
      expect(redis.running).toBe(true);
    } finally {
      taken.close();
    }
  });

  it('keeps its port and (with persist) its data across kill and start', async () => {
    const redis = await PrivateRedis.start({ persist: true });
    servers.push(redis);
    const client = new IORedis(redis.url(), { maxRetriesPerRequest: 0, retryStrategy: () => 50 });
    client.on('error', () => undefined);
    try {
      await client.set('k', 'v');
      const port = redis.port;
      await redis.kill();
      expect(redis.running).toBe(false);
      await expect(client.get('k')).rejects.toThrow();
      await redis.start();
      expect(redis.port).toBe(port);
      await expect(waitFor(() => client.get('k'))).resolves.toBe('v');
      await redis.restart();
      await expect(waitFor(() => client.get('k'))).resolves.toBe('v');
    } finally {
      client.disconnect();
    }
  });
});

async function waitFor<T>(fn: () => Promise<T>, ms = 10_000): Promise<T> {
  const deadline = Date.now() + ms;
  for (;;) {
    try {
      return await fn();
    } catch (error) {
      if (Date.now() > deadline) throw error;
      await new Promise((r) => setTimeout(r, 50));
    }
  }
}
