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
      connectionTimeoutMillis: config.databaseConnectTimeoutMs,
      application_name: 'newsdesk',
    },
  };
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
