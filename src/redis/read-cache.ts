import { Injectable, Logger } from '@nestjs/common';
import { createHash } from 'node:crypto';
import { AppConfig } from '../config/app-config';
import { RedisService } from './redis.service';
import { ReplicaReads } from './replica-reads';

/**
 * What a cached read depends on. Every write to it bumps its version, which retires every entry made
 * under the old one: no key listing, no multi-key delete, so it works the same on Redis Cluster.
 */
export type ReadScope = 'articles' | 'sections' | 'mentions' | 'desk';

/** A Redis command slower than this is treated as Redis being away: the read goes to PostgreSQL. */
const REDIS_TIMEOUT_MS = 250;
/**
 * Counts (totalCount, coverage) are kept this long under their versions even when the read cache is off:
 * a bump retires them on every write that changes them, so they stay exact, and an aggregate over 100,000
 * articles is not run again for every request that asks for it.
 */
const COUNT_TTL_SECONDS = 3600;
/** Persisted queries are few and small: keep them a week after their last registration. */
const APQ_TTL_SECONDS = 7 * 24 * 3600;

/**
 * Versioned read cache shared by every process through Redis. Reads never fail because of it: when
 * Redis is down or slow the cache is skipped. A version bump that could not reach Redis is retried
 * when it comes back, and until then this process reads around the cache.
 */
@Injectable()
export class ReadCache {
  private readonly logger = new Logger(ReadCache.name);
  private readonly pendingBumps = new Set<ReadScope>();
  /** Misses being computed in this process, by versioned key: a stampede after a bump computes each once. */
  private readonly inFlight = new Map<string, Promise<string>>();
  private listening = false;

  constructor(
    private readonly redis: RedisService,
    private readonly config: AppConfig,
    private readonly replicas: ReplicaReads,
  ) {}

  get enabled(): boolean {
    return this.config.readCacheTtlSeconds > 0;
  }

  private key(...parts: string[]): string {
    return `${this.redis.prefix}:read:${parts.join(':')}`;
  }

  /** A command against Redis, or undefined when Redis is not ready or too slow. */
  private async attempt<T>(command: (client: RedisService['client']) => Promise<T>): Promise<T | undefined> {
    const client = this.redis.client;
    this.listenForReconnect(client);
    if (client.status !== 'ready') return undefined;
    let timer: NodeJS.Timeout | undefined;
    try {
      return await Promise.race([
        command(client),
        new Promise<undefined>((resolve) => {
          timer = setTimeout(() => resolve(undefined), REDIS_TIMEOUT_MS);
        }),
      ]);
    } catch {
      return undefined;
    } finally {
      clearTimeout(timer);
    }
  }

  private listenForReconnect(client: RedisService['client']): void {
    if (this.listening) return;
    this.listening = true;
    client.on('ready', () => void this.flushPendingBumps());
  }

  /** The versions of `scopes` as one string, or null when the cache cannot be used now. */
  async versions(scopes: readonly ReadScope[], evenWhenOff = false): Promise<string | null> {
    if ((!this.enabled && !evenWhenOff) || this.pendingBumps.size) return null;
    // One GET per key (not MGET), so the keys may live on different Cluster slots.
    const values = await this.attempt((c) => Promise.all(scopes.map((s) => c.get(this.key('v', s)))));
    return values ? values.map((v) => v ?? '0').join('.') : null;
  }

  async get(key: string): Promise<string | null> {
    return (await this.attempt((c) => c.get(this.key(key)))) ?? null;
  }

  async set(key: string, value: string, ttlSeconds = this.config.readCacheTtlSeconds): Promise<void> {
    await this.attempt((c) => c.set(this.key(key), value, 'EX', ttlSeconds));
  }

  /**
   * The value cached for `name` under the current versions of `scopes`, else `compute()` (then cached).
   * Values must be JSON. Concurrent misses of one key in this process share one `compute()`: after a write
   * retires a scope, fifty readers of an expensive aggregate run it once, not fifty times. They never share
   * with a computation started under an older version (the key holds the versions).
   */
  async remember<T>(scopes: readonly ReadScope[], name: string, compute: () => Promise<T>): Promise<T> {
    return this.rememberFor(scopes, name, compute, false);
  }

  /** As `remember`, for counts: also when the read cache is off (see COUNT_TTL_SECONDS). */
  async count<T>(scopes: readonly ReadScope[], name: string, compute: () => Promise<T>): Promise<T> {
    return this.rememberFor(scopes, name, compute, true);
  }

  private async rememberFor<T>(scopes: readonly ReadScope[], name: string, compute: () => Promise<T>, isCount: boolean): Promise<T> {
    const versions = await this.versions(scopes, isCount);
    if (versions === null) return compute();
    const key = `${scopes.join('.')}:${versions}:${digest(name)}`;
    const hit = await this.get(key);
    if (hit !== null) return JSON.parse(hit) as T;
    const running = this.inFlight.get(key);
    if (running) return JSON.parse(await running) as T;
    const value = compute();
    const json = value.then((v) => JSON.stringify(v));
    this.inFlight.set(key, json);
    try {
      // The computing caller gets the value itself, as before; those who joined get it as a hit would.
      await this.set(key, await json, isCount ? Math.max(COUNT_TTL_SECONDS, this.config.readCacheTtlSeconds) : undefined);
      return await value;
    } finally {
      this.inFlight.delete(key);
    }
  }

  /**
   * Retires everything cached under these scopes, and records the write's position for the read replicas.
   * Called after the write committed; never throws. Also when this process's own cache is off: other
   * processes may cache what it wrote.
   */
  async bump(...scopes: ReadScope[]): Promise<void> {
    // First, so a reader that sees the new version also sees a write position that holds this write.
    await this.replicas.recordWrite();
    for (const scope of scopes) {
      const done = await this.attempt((c) => c.incr(this.key('v', scope)));
      // Counts are cached even when this process's read cache is off, so a lost bump always matters.
      if (done === undefined) {
        this.pendingBumps.add(scope);
        this.logger.warn(`Read cache: could not retire "${scope}" entries now; reads bypass the cache until Redis is back.`);
      }
    }
  }

  /**
   * The store of Apollo's automatic persisted queries (hash -> query text), shared by every API process.
   * Misses when Redis is away: the client then sends the full query, as the APQ protocol expects.
   */
  persistedQueries(): { get(key: string): Promise<string | undefined>; set(key: string, value: string, options?: { ttl?: number | null }): Promise<void>; delete(key: string): Promise<void> } {
    return {
      get: async (key) => (await this.get(`apq:${key}`)) ?? undefined,
      set: async (key, value, options) => this.set(`apq:${key}`, value, options?.ttl ?? APQ_TTL_SECONDS),
      delete: async (key) => {
        await this.attempt((c) => c.del(this.key(`apq:${key}`)));
      },
    };
  }

  private async flushPendingBumps(): Promise<void> {
    for (const scope of [...this.pendingBumps]) {
      if ((await this.attempt((c) => c.incr(this.key('v', scope)))) !== undefined) this.pendingBumps.delete(scope);
    }
  }
}

/** A short, stable name for any text (queries, filters) to use inside a key. */
export function digest(text: string): string {
  return createHash('sha256').update(text).digest('base64url').slice(0, 32);
}
