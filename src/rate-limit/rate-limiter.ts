import { Injectable, Logger } from '@nestjs/common';
import { RedisService } from '../redis/redis.service';

export type LimitKind = 'anon' | 'key' | 'ingest' | 'ws';

export interface LimitDecision {
  allowed: boolean;
  /** Seconds until the current window ends (what Retry-After says). */
  retryAfterSeconds: number;
}

const WINDOW_MS = 60_000;
/** A Redis that does not answer this fast lets the request through rather than holding it. */
const DECISION_TIMEOUT_MS = 250;

/**
 * One Lua call on one key (so it also runs on Redis Cluster): count this request in the current
 * minute's window, set the window's expiry on its first request, return the count and the time left.
 */
const HIT = `
local count = redis.call('INCR', KEYS[1])
if count == 1 then redis.call('PEXPIRE', KEYS[1], ARGV[1]) end
local ttl = redis.call('PTTL', KEYS[1])
if ttl < 0 then redis.call('PEXPIRE', KEYS[1], ARGV[1]); ttl = tonumber(ARGV[1]) end
return {count, ttl}`;

/**
 * Fixed one-minute windows counted in Redis, so every API process shares them. A limit of 0 is off.
 * When Redis is down or slow the request goes through: reads must keep working during a Redis outage.
 */
@Injectable()
export class RateLimiter {
  private readonly logger = new Logger(RateLimiter.name);

  constructor(private readonly redis: RedisService) {}

  async hit(kind: LimitKind, id: string, perMinute: number): Promise<LimitDecision> {
    if (perMinute <= 0) return { allowed: true, retryAfterSeconds: 0 };
    const key = `${this.redis.prefix}:rate:${kind}:${id}`;
    let timer: NodeJS.Timeout | undefined;
    const timeout = new Promise<null>((resolve) => {
      timer = setTimeout(() => resolve(null), DECISION_TIMEOUT_MS);
    });
    try {
      const answer = (await Promise.race([this.redis.client.eval(HIT, 1, key, WINDOW_MS), timeout])) as [number, number] | null;
      if (!answer) return { allowed: true, retryAfterSeconds: 0 };
      const [count, ttl] = answer;
      return { allowed: count <= perMinute, retryAfterSeconds: Math.max(1, Math.ceil(ttl / 1000)) };
    } catch (error) {
      this.logger.warn(`rate limit not checked (Redis): ${(error as Error).message}`);
      return { allowed: true, retryAfterSeconds: 0 };
    } finally {
      clearTimeout(timer);
    }
  }
}
