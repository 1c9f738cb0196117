import { Client } from 'pg';

/**
 * A second database for the calling test file, cloned from the run's migrated template: a newsdesk with no
 * rows, as a new installation has (e.g. to import there what another one exported). Named after the file's
 * own database, so the run's teardown drops it should the file crash before `drop()`.
 */
export async function freshDatabase(suffix = 'fresh'): Promise<{ url: string; drop: () => Promise<void> }> {
  const template = process.env.NEWSDESK_TEST_TEMPLATE_URL;
  const own = process.env.DATABASE_URL;
  if (!template || !own) throw new Error('freshDatabase: run through jest.config.js (NEWSDESK_TEST_TEMPLATE_URL and DATABASE_URL unset)');
  const url = new URL(own);
  const name = `${url.pathname.slice(1)}_${suffix}`;
  url.pathname = `/${name}`;
  const admin = async (sql: string) => {
    const postgres = new URL(template);
    postgres.pathname = '/postgres';
    const client = new Client({ connectionString: postgres.toString() });
    await client.connect();
    try {
      await client.query(sql);
    } finally {
      await client.end();
    }
  };
  await admin(`CREATE DATABASE "${name}" TEMPLATE "${new URL(template).pathname.slice(1)}"`);
  return { url: url.toString(), drop: () => admin(`DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`) };
}
