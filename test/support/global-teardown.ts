import { Client } from 'pg';
import IORedis from 'ioredis';

/**
 * Drops the run's template database and any per-file database a crashed file left behind, and deletes the
 * run's Redis keys (every file's prefix starts with the run's). KEEP_TEST_DB=1 keeps them for debugging.
 */
export default async function globalTeardown(): Promise<void> {
  const template = process.env.NEWSDESK_TEST_TEMPLATE_URL;
  if (process.env.KEEP_TEST_DB === '1' || !template) return;
  const url = new URL(template);
  const name = url.pathname.slice(1);
  url.pathname = '/postgres';
  const client = new Client({ connectionString: url.toString() });
  await client.connect();
  try {
    const { rows } = await client.query<{ datname: string }>(
      `SELECT datname FROM pg_database WHERE datname = $1 OR starts_with(datname, $1 || '_')`,
      [name],
    );
    for (const row of rows) await client.query(`DROP DATABASE IF EXISTS "${row.datname}" WITH (FORCE)`);
  } finally {
    await client.end();
  }
  const redis = new IORedis(process.env.REDIS_URL ?? 'redis://127.0.0.1:6379/0', { lazyConnect: true, maxRetriesPerRequest: 1 });
  try {
    await redis.connect();
    let cursor = '0';
    do {
      const [next, keys] = await redis.scan(cursor, 'MATCH', `${process.env.NEWSDESK_TEST_REDIS_PREFIX}*`, 'COUNT', 1000);
      if (keys.length) await redis.del(...keys);
      cursor = next;
    } while (cursor !== '0');
  } catch {
    // Redis may be down on purpose in some tests' aftermath; the prefix is unique anyway.
  } finally {
    redis.disconnect();
  }
}
