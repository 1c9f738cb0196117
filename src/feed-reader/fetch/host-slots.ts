import { randomUUID } from 'node:crypto';
import type { Cluster, Redis } from 'ioredis';

/** A slot held for requests to one host; release it when the request is done. */
export interface HostSlot {
  readonly host: string;
  release(): Promise<void>;
}

/** No slot was free: when one is expected to be (a hint, in ms from now). */
export interface HostBusy {
  retryAfterMs: number;
}

/**
 * At most `limit` requests at a time to one host (host:port, lower-cased). `holdMs` bounds how long a slot
 * is held if its holder dies without releasing it (a crashed worker cannot block a site for ever).
 */
export interface HostSlots {
  readonly limit: number;
  tryAcquire(host: string, holdMs: number): Promise<HostSlot | HostBusy>;
}

export const isSlot = (v: HostSlot | HostBusy): v is HostSlot => 'release' in v;

/** A job may not wait for a slot: the host is busy with other requests (not a failure of the feed). */
export class HostBusyError extends Error {
  override readonly name = 'HostBusyError';

  constructor(
    readonly host: string,
    readonly retryAfterMs: number,
  ) {
    super(`host ${host} is busy (${retryAfterMs} ms)`);
  }
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/**
 * A slot for `host`, waiting up to `waitMs` for one (polling at the hint, between 20 ms and 1 s). With
 * `waitMs` 0 the caller never waits: HostBusyError at once.
 */
export async function acquireHostSlot(slots: HostSlots, host: string, holdMs: number, waitMs: number): Promise<HostSlot> {
  const until = Date.now() + waitMs;
  for (;;) {
    const got = await slots.tryAcquire(host, holdMs);
    if (isSlot(got)) return got;
    const left = until - Date.now();
    if (left <= 0) throw new HostBusyError(host, got.retryAfterMs);
    await sleep(Math.min(left, Math.max(20, Math.min(1000, got.retryAfterMs))));
  }
}

/** Slots of one process (tests, tools): a count per host, entries gone when idle. */
export class LocalHostSlots implements HostSlots {
  private readonly held = new Map<string, Map<string, number>>();

  constructor(readonly limit: number) {}

  async tryAcquire(host: string, holdMs: number): Promise<HostSlot | HostBusy> {
    const key = host.toLowerCase();
    const now = Date.now();
    const holders = this.held.get(key) ?? new Map<string, number>();
    for (const [token, until] of holders) if (until <= now) holders.delete(token);
    if (holders.size >= this.limit) return { retryAfterMs: Math.max(1, Math.min(...holders.values()) - now) };
    const token = randomUUID();
    holders.set(token, now + holdMs);
    this.held.set(key, holders);
    return {
      host: key,
      release: async () => {
        holders.delete(token);
        if (!holders.size && this.held.get(key) === holders) this.held.delete(key);
      },
    };
  }

  /** Hosts with a slot held (for tests). */
  get busyHosts(): number {
    return this.held.size;
  }
}

/**
 * One sorted set per host (member: a holder's token, score: when its hold ends), trimmed, counted and added
 * to in one script on one key, so it works on Redis Cluster; Redis's own clock decides expiry, so workers
 * whose clocks differ still agree. Returns {1, 0} when the slot was taken, {0, ms until the first hold ends}
 * otherwise.
 */
const ACQUIRE = `
local t = redis.call('TIME')
local now = tonumber(t[1]) * 1000 + math.floor(tonumber(t[2]) / 1000)
local hold = tonumber(ARGV[2])
redis.call('ZREMRANGEBYSCORE', KEYS[1], '-inf', now)
if redis.call('ZCARD', KEYS[1]) < tonumber(ARGV[1]) then
  redis.call('ZADD', KEYS[1], now + hold, ARGV[3])
  local last = redis.call('ZRANGE', KEYS[1], -1, -1, 'WITHSCORES')
  redis.call('PEXPIREAT', KEYS[1], tonumber(last[2]))
  return {1, 0}
end
local first = redis.call('ZRANGE', KEYS[1], 0, 0, 'WITHSCORES')
return {0, tonumber(first[2]) - now}
`;

type SlotRedis = (Redis | Cluster) & { newsdeskAcquireHostSlot(key: string, limit: number, holdMs: number, token: string): Promise<[number, number]> };

/** Slots shared by every worker process through Redis (keys `<prefix>:fetch-host:<host>`). */
export class RedisHostSlots implements HostSlots {
  private readonly redis: SlotRedis;

  constructor(
    redis: Redis | Cluster,
    private readonly prefix: string,
    readonly limit: number,
  ) {
    if (!('newsdeskAcquireHostSlot' in redis)) redis.defineCommand('newsdeskAcquireHostSlot', { numberOfKeys: 1, lua: ACQUIRE });
    this.redis = redis as SlotRedis;
  }

  keyOf(host: string): string {
    return `${this.prefix}:fetch-host:${host.toLowerCase()}`;
  }

  async tryAcquire(host: string, holdMs: number): Promise<HostSlot | HostBusy> {
    const key = this.keyOf(host);
    const token = randomUUID();
    const [taken, retryAfterMs] = await this.redis.newsdeskAcquireHostSlot(key, this.limit, Math.max(1, Math.round(holdMs)), token);
    if (taken !== 1) return { retryAfterMs: Math.max(1, retryAfterMs) };
    return {
      host: host.toLowerCase(),
      release: async () => {
        await this.redis.zrem(key, token);
      },
    };
  }
}
