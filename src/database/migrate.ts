import { Client } from 'pg';
import { AppConfig } from '../config/app-config';
import { createDataSource } from './data-source';

/** Creates the database named in DATABASE_URL when it does not exist yet (needs a role allowed to CREATE DATABASE). */
export async function ensureDatabase(databaseUrl: string): Promise<void> {
  const url = new URL(databaseUrl);
  const name = decodeURIComponent(url.pathname.slice(1));
  url.pathname = '/postgres';
  const client = new Client({ connectionString: url.toString(), connectionTimeoutMillis: 5000 });
  await client.connect();
  try {
    const { rowCount } = await client.query('SELECT 1 FROM pg_database WHERE datname = $1', [name]);
    if (!rowCount) await client.query(`CREATE DATABASE "${name.replace(/"/g, '""')}"`);
  } finally {
    await client.end();
  }
}

/** Any constant: the advisory lock that keeps two starting processes from migrating at once. */
const MIGRATION_LOCK = 7_164_520_011;

/** Applies pending migrations; returns their names. Safe to run from several processes at once. */
export async function migrate(config = new AppConfig()): Promise<string[]> {
  await ensureDatabase(config.databaseUrl);
  const lock = new Client({ connectionString: config.databaseUrl, connectionTimeoutMillis: config.databaseConnectTimeoutMs });
  await lock.connect();
  const dataSource = createDataSource(config);
  try {
    await lock.query('SELECT pg_advisory_lock($1)', [MIGRATION_LOCK]);
    await dataSource.initialize();
    const applied = await dataSource.runMigrations({ transaction: 'each' });
    return applied.map((m) => m.name);
  } finally {
    if (dataSource.isInitialized) await dataSource.destroy();
    await lock.end();
  }
}

if (require.main === module) {
  migrate()
    .then((names) => {
      console.log(names.length ? `Applied ${names.length} migration(s): ${names.join(', ')}` : 'Database is up to date.');
    })
    .catch((error: unknown) => {
      console.error(error instanceof Error ? error.message : error);
      process.exit(1);
    });
}
