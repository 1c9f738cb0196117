import { Client } from 'pg';
import { AppConfig } from '../config/app-config';
import { rebuildSearchVectors } from '../database/search-rebuild';

/**
 * `npm run search:rebuild`: recomputes every translation's search vector with the current folding
 * (after an upgrade that changes it). Safe while the API and workers run: one batch per statement.
 */
async function main(): Promise<void> {
  const config = new AppConfig();
  const client = new Client({ connectionString: config.databaseUrl, connectionTimeoutMillis: config.databaseConnectTimeoutMs });
  await client.connect();
  try {
    const db = { query: async (sql: string, params?: unknown[]) => (await client.query<Record<string, unknown>>(sql, params)).rows };
    const done = await rebuildSearchVectors(db, (n) => {
      if (n % 10_000 === 0) console.log(`${n} translations…`);
    });
    console.log(`Rebuilt the search vectors of ${done} translations.`);
  } finally {
    await client.end();
  }
}

main().catch((error: unknown) => {
  // The message only: a driver error's stack or connection details are not for the terminal log.
  console.error(error instanceof Error ? error.message : error);
  process.exit(1);
});
