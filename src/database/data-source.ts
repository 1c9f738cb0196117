import { DataSource, DataSourceOptions, Logger } from 'typeorm';
import { AppConfig } from '../config/app-config';
import { MIGRATIONS } from './migrations';
import { SnakeNamingStrategy } from './naming.strategy';

/**
 * The one description of newsdesk's database, shared by the API, the worker, the CLIs and the tests.
 * No entity list here: each domain registers its own tables (TypeOrmModule.forFeature), so the ground
 * floor names no domain; migrations are SQL and need none.
 */
export function dataSourceOptions(config: AppConfig, overrides: { logger?: Logger; url?: string; replicas?: boolean } = {}): DataSourceOptions {
  const url = overrides.url ?? config.databaseUrl;
  const replicas = overrides.replicas ? config.databaseReplicaUrls : [];
  return {
    type: 'postgres',
    // With replicas, the primary takes everything but what routeReads() lets a request read elsewhere.
    ...(replicas.length
      ? { replication: { master: { url }, slaves: replicas.map((replica) => ({ url: replica })), defaultMode: 'master' as const } }
      : { url }),
    migrations: MIGRATIONS,
    namingStrategy: new SnakeNamingStrategy(),
    // Schema changes go through migrations only.
    synchronize: false,
    migrationsRun: false,
    logger: overrides.logger,
    logging: overrides.logger ? ['query', 'error'] : ['error'],
    extra: {
      max: config.databasePoolSize,
      // Kept open while idle (warmPool opens them at start): opening one under load took 45 ms, seen as
      // /health waiting beside a 5 MB push in bench:ingest.
      min: Math.min(WARM_CONNECTIONS, config.databasePoolSize),
      connectionTimeoutMillis: config.databaseConnectTimeoutMs,
      application_name: 'newsdesk',
    },
  };
}

/** Connections each pool keeps open when idle. */
export const WARM_CONNECTIONS = 2;

/** Opens the pool's warm connections now, so the first requests after start do not each open one. */
export async function warmPool(dataSource: DataSource): Promise<void> {
  const pool = (dataSource.driver as unknown as { master?: { connect(): Promise<{ release(): void }>; options?: { min?: number } } }).master;
  if (!pool?.connect) return;
  const clients = await Promise.all(Array.from({ length: pool.options?.min ?? 0 }, () => pool.connect()));
  for (const client of clients) client.release();
}

export function createDataSource(config = new AppConfig()): DataSource {
  return new DataSource(dataSourceOptions(config));
}

/** Refuses to serve an unmigrated database, with a message that says what to run. */
export async function assertMigrated(dataSource: DataSource): Promise<void> {
  const pending = await dataSource.showMigrations();
  if (pending) {
    throw new Error('The database has pending migrations. Run `npm run migrate` (or `npm run demo`, which migrates first).');
  }
}
