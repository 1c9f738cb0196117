import { randomBytes } from 'node:crypto';
import { migrate } from '../../src/database/migrate';
import { AppConfig } from '../../src/config/app-config';
import { parseEnv } from '../../src/config/env.schema';

/**
 * Migrates (never synchronises, exactly as production does) one template database per run. Each test
 * file then gets its own clone and its own Redis prefix (test-environment.ts), so files never see each
 * other's rows, queues or jobs, and runs never see each other's.
 */
export default async function globalSetup(): Promise<void> {
  const runId = `${Date.now().toString(36)}_${randomBytes(3).toString('hex')}`;
  const base = new URL(process.env.TEST_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres');
  base.pathname = `/newsdesk_test_${runId}`;
  process.env.DATABASE_URL = base.toString();
  process.env.NEWSDESK_TEST_TEMPLATE_URL = base.toString();
  process.env.REDIS_PREFIX = `newsdesk-test-${runId}`;
  process.env.NEWSDESK_TEST_REDIS_PREFIX = process.env.REDIS_PREFIX;
  process.env.REDIS_URL = process.env.TEST_REDIS_URL ?? 'redis://127.0.0.1:6379/0';
  process.env.NODE_ENV = 'test';
  // Many tests write rows behind the API's back (SQL, services) and then read through it: the read cache is
  // off unless a test turns it on (test/scale/read-cache.test.ts does).
  process.env.READ_CACHE_TTL_SECONDS ??= '0';
  process.env.LOG_LEVEL = process.env.LOG_LEVEL ?? 'error';
  // Every request of the suite comes from 127.0.0.1: abuse limits are off here; test/production/rate-limits.test.ts sets its own.
  for (const limit of ['RATE_LIMIT_ANON_PER_MIN', 'RATE_LIMIT_KEY_PER_MIN', 'RATE_LIMIT_INGEST_PER_MIN', 'RATE_LIMIT_WS_PER_MIN']) {
    process.env[limit] = process.env[limit] ?? '0';
  }
  // Workers (in-process and spawned) serve their metrics on a free port, never a fixed one two could share.
  process.env.WORKER_METRICS_PORT = process.env.WORKER_METRICS_PORT ?? '0';
  // ... and listen on loopback only (the network guard refuses 0.0.0.0).
  process.env.HOST = process.env.HOST ?? '127.0.0.1';
  process.env.NEWSDESK_TEST_RUN = runId;
  await migrate(new AppConfig(parseEnv()));
}
