import { Injectable, Logger, Optional } from '@nestjs/common';
import { DataSource } from 'typeorm';
import type { PostgresDriver } from 'typeorm/driver/postgres/PostgresDriver.js';
import { AppConfig } from '../config/app-config';
import { RedisService } from './redis.service';

/** WAL positions as bytes since 0/0, in text (pg_lsn minus pg_lsn is numeric). */
const CURRENT_SQL = `SELECT (pg_current_wal_lsn() - '0/0'::pg_lsn)::text AS lsn`;
const REPLAYED_SQL = `SELECT (pg_last_wal_replay_lsn() - '0/0'::pg_lsn)::text AS lsn`;
/** Keeps the highest position any process recorded (two writers may finish in either order). */
const RAISE_SCRIPT = `local cur = tonumber(redis.call('GET', KEYS[1]) or '0')
if tonumber(ARGV[1]) > cur then redis.call('SET', KEYS[1], ARGV[1]) end
return 1`;
const REDIS_TIMEOUT_MS = 250;
const REPLICA_TIMEOUT_MS = 1000;

/**
 * The lowest position every replica has replayed, or null when one is unknown (down, or not a standby:
 * pg_last_wal_replay_lsn() is null on a primary). TypeORM picks a replica at random per query, so a read
 * may go to a replica only when all of them are far enough.
 */
export function lowestReplayed(positions: readonly (string | null | undefined)[]): bigint | null {
  if (!positions.length || positions.some((p) => p === null || p === undefined || !/^\d+$/.test(p))) return null;
  return positions.map((p) => BigInt(p as string)).reduce((a, b) => (b < a ? b : a));
}

function withTimeout<T>(work: Promise<T>, ms: number): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  return Promise.race([
    work,
    new Promise<never>((_, reject) => {
      timer = setTimeout(() => reject(new Error('timed out')), ms);
    }),
  ]).finally(() => clearTimeout(timer));
}

/**
 * Read-your-writes with PostgreSQL read replicas (DATABASE_REPLICA_URLS). Every write that anonymous reads
 * can see already bumps the read cache (ReadCache.bump); just before that, the primary's WAL position is
 * recorded in Redis, shared by every API and worker process. An anonymous read goes to the replicas only
 * when they have replayed at least that position: so a read that follows a publish never shows the older
 * state, and a cache entry filled under the new version never holds it either. Whenever this cannot be
 * known (Redis or a replica away, a record that failed), reads take the primary.
 */
@Injectable()
export class ReplicaReads {
  private readonly logger = new Logger(ReplicaReads.name);
  /** The replicas' lowest replayed position when last asked: it only grows, so an old value errs on the safe side. */
  private replayed: bigint | null = null;
  private refreshing?: Promise<bigint | null>;
  /** A write whose position could not be recorded: no replica reads from this process until it is. */
  private unrecorded = false;

  constructor(
    private readonly redis: RedisService,
    private readonly config: AppConfig,
    @Optional() private readonly dataSource?: DataSource,
  ) {}

  /** Replicas are configured (the worker records write positions without opening replica connections). */
  get enabled(): boolean {
    return this.config.databaseReplicaUrls.length > 0 && !!this.dataSource;
  }

  private get key(): string {
    return `${this.redis.prefix}:db:written-lsn`;
  }

  /** Records the primary's current WAL position as written; call after the write committed. Never throws. */
  async recordWrite(): Promise<void> {
    if (!this.enabled) return;
    try {
      const [row] = await this.dataSource!.query<{ lsn: string }[]>(CURRENT_SQL);
      await withTimeout(this.redis.client.eval(RAISE_SCRIPT, 1, this.key, row.lsn), REDIS_TIMEOUT_MS);
      this.unrecorded = false;
    } catch (error) {
      this.unrecorded = true;
      this.logger.warn(`Could not record the write position for the read replicas (${(error as Error).message}); this process reads from the primary until it can.`);
    }
  }

  /** Whether the current anonymous read may go to the replicas. Never throws: false means the primary. */
  async mayRead(): Promise<boolean> {
    if (!this.enabled || !this.replicaPools().length) return false;
    if (this.unrecorded) await this.recordWrite();
    if (this.unrecorded) return false;
    try {
      let written = await withTimeout(this.redis.client.get(this.key), REDIS_TIMEOUT_MS);
      if (written === null) {
        // Redis lost it (restarted empty): the primary's position now is at least every finished write's.
        await this.recordWrite();
        written = await withTimeout(this.redis.client.get(this.key), REDIS_TIMEOUT_MS);
        if (written === null) return false;
      }
      const required = BigInt(written);
      if (this.replayed !== null && this.replayed >= required) return true;
      const replayed = await this.refresh();
      return replayed !== null && replayed >= required;
    } catch {
      return false;
    }
  }

  private refresh(): Promise<bigint | null> {
    this.refreshing ??= this.readReplayed().finally(() => (this.refreshing = undefined));
    return this.refreshing;
  }

  private async readReplayed(): Promise<bigint | null> {
    const positions = await Promise.all(
      this.replicaPools().map((pool) =>
        withTimeout(pool.query(REPLAYED_SQL), REPLICA_TIMEOUT_MS).then(
          (result) => result.rows[0]?.lsn ?? null,
          () => null,
        ),
      ),
    );
    this.replayed = lowestReplayed(positions);
    return this.replayed;
  }

  private replicaPools(): { query(sql: string): Promise<{ rows: { lsn: string | null }[] }> }[] {
    const driver = this.dataSource?.driver as PostgresDriver | undefined;
    return driver?.isReplicated ? (driver.slaves as never[]) : [];
  }
}
