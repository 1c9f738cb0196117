import { AsyncLocalStorage } from 'node:async_hooks';
import type { DataSource, ReplicationMode } from 'typeorm';
import type { PostgresDriver } from 'typeorm/driver/postgres/PostgresDriver.js';

/**
 * Which server a request's reads go to. Everything goes to the primary unless the request was marked as
 * one that may read from a replica (an anonymous GraphQL query, once the replicas have replayed the last
 * write: see ReplicaReads); writes and transactions always take the primary whatever the mark says.
 */
interface ReadScope {
  replica: boolean;
}

const scope = new AsyncLocalStorage<ReadScope>();

/** Gives a request its own read scope (HTTP middleware, after the body parsers: their callbacks lose the context). */
export function readScopeMiddleware(_req: unknown, _res: unknown, next: () => void): void {
  scope.run({ replica: false }, next);
}

/** Lets the rest of the current request read from a replica. Outside a request scope it does nothing. */
export function allowReplicaReads(): void {
  const current = scope.getStore();
  if (current) current.replica = true;
}

/** True when the current request was allowed to read from a replica. */
export function replicaReadsAllowed(): boolean {
  return scope.getStore()?.replica === true;
}

/**
 * With TypeORM's `replication` option every SELECT built by a query builder would go to a replica, keyed
 * requests and the worker included. Here the request's scope decides instead, and a replica that cannot
 * be reached hands the read to the primary (the primary is never behind), so a replica outage costs no
 * request.
 */
export function routeReads(dataSource: DataSource): void {
  dataSource.defaultReplicationModeForReads = (): ReplicationMode => (replicaReadsAllowed() ? 'slave' : 'master');
  const driver = dataSource.driver as PostgresDriver;
  if (!driver.isReplicated) return;
  const toReplica = driver.obtainSlaveConnection.bind(driver);
  driver.obtainSlaveConnection = () => toReplica().catch(() => driver.obtainMasterConnection());
}

/** node-postgres' pool as TypeORM keeps it (typed `any` there). */
interface PrimaryPool {
  query(sql: string, params: unknown[]): Promise<{ rows: unknown[] }>;
}

/**
 * A read on the primary straight from its pool, logged as TypeORM logs its own: a query runner's connect,
 * broadcast and release around each statement cost the list about 6% of its throughput (docs/benchmarks-notes.md).
 */
async function readFromPrimary<T>(dataSource: DataSource, driver: PostgresDriver, sql: string, params: unknown[]): Promise<T[]> {
  dataSource.logger.logQuery(sql, params);
  try {
    return (await (driver.master as PrimaryPool).query(sql, params)).rows as T[];
  } catch (error) {
    dataSource.logger.logQueryError(error as Error, sql, params);
    throw error;
  }
}

/**
 * A raw SELECT routed like a query builder's (to a replica when the request may read from one). The hot
 * reads use it with constant SQL: building and hydrating through TypeORM cost the article list more CPU
 * than PostgreSQL spent answering it (profile in docs/benchmarks-notes.md, "Reads at size").
 */
export async function readRows<T>(dataSource: DataSource, sql: string, params: unknown[]): Promise<T[]> {
  const mode = dataSource.defaultReplicationModeForReads();
  const driver = dataSource.driver as PostgresDriver;
  if (mode === 'master' || !driver.isReplicated) return readFromPrimary<T>(dataSource, driver, sql, params);
  const runner = dataSource.createQueryRunner(mode);
  try {
    return (await runner.query(sql, params)) as T[];
  } finally {
    await runner.release();
  }
}
