import { randomBytes } from 'node:crypto';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { EnvironmentContext, JestEnvironmentConfig } from '@jest/environment';
import { TestEnvironment as NodeEnvironment } from 'jest-environment-node';
import { Client } from 'pg';

const GUARD = join(__dirname, 'network-guard.js');
// Installed here, in the runner's own context, so that it reads the real process.env (this file's log).
// eslint-disable-next-line @typescript-eslint/no-require-imports -- plain CommonJS, also loaded with `node --require`
require(GUARD);

/** postgres://.../<name> with the database name swapped. */
function withDatabase(url: string, name: string): string {
  const u = new URL(url);
  u.pathname = `/${name}`;
  return u.toString();
}

async function admin<T>(templateUrl: string, run: (client: Client) => Promise<T>): Promise<T> {
  const client = new Client({ connectionString: withDatabase(templateUrl, 'postgres') });
  await client.connect();
  try {
    return await run(client);
  } finally {
    await client.end();
  }
}

/**
 * Each test file gets a database of its own, cloned from the run's migrated template (global-setup.ts),
 * and a Redis prefix of its own, so rows, queues and jobs one file leaves behind never reach another
 * file's workers. The database is dropped when the file ends (KEEP_TEST_DB=1 keeps it). Processes that a
 * test starts inherit the file's DATABASE_URL and REDIS_PREFIX, and load the network guard.
 */
export default class NewsdeskTestEnvironment extends NodeEnvironment {
  private readonly database: string;
  private readonly vars: Record<string, string>;
  private saved: Record<string, string | undefined> = {};

  constructor(config: JestEnvironmentConfig, context: EnvironmentContext) {
    super(config, context);
    const run = process.env.NEWSDESK_TEST_RUN ?? 'adhoc';
    const fileId = randomBytes(3).toString('hex');
    this.database = `newsdesk_test_${run}_${fileId}`;
    const template = process.env.NEWSDESK_TEST_TEMPLATE_URL ?? process.env.DATABASE_URL ?? '';
    const nodeOptions = (process.env.NODE_OPTIONS ?? '').replace(/\s*--require[= ]\S*network-guard\.js/g, '');
    this.vars = {
      DATABASE_URL: withDatabase(template, this.database),
      REDIS_PREFIX: `${process.env.NEWSDESK_TEST_REDIS_PREFIX ?? 'newsdesk-test'}-${fileId}`,
      NEWSDESK_NET_GUARD_LOG: join(tmpdir(), `newsdesk-net-guard-${run}-${fileId}.log`),
      NODE_OPTIONS: `${nodeOptions} --require ${GUARD}`.trim(),
    };
  }

  override async setup(): Promise<void> {
    await super.setup();
    const template = process.env.NEWSDESK_TEST_TEMPLATE_URL;
    if (!template) throw new Error('NEWSDESK_TEST_TEMPLATE_URL is not set: run the tests through jest.config.js (globalSetup)');
    const source = new URL(template).pathname.slice(1);
    await admin(template, (c) => c.query(`CREATE DATABASE "${this.database}" TEMPLATE "${source}"`));
    // Both the file's sandbox and this process (whose env spawn() uses when a test passes none).
    const sandboxEnv = (this.global.process).env;
    for (const [name, value] of Object.entries(this.vars)) {
      this.saved[name] = process.env[name];
      process.env[name] = value;
      sandboxEnv[name] = value;
    }
  }

  override async teardown(): Promise<void> {
    for (const [name, value] of Object.entries(this.saved)) {
      if (value === undefined) delete process.env[name];
      else process.env[name] = value;
    }
    const template = process.env.NEWSDESK_TEST_TEMPLATE_URL;
    if (template && process.env.KEEP_TEST_DB !== '1') {
      await admin(template, (c) => c.query(`DROP DATABASE IF EXISTS "${this.database}" WITH (FORCE)`));
    }
    await super.teardown();
  }
}
