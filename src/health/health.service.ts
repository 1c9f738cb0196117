import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { isDraining } from '../common/draining';
import { RedisService } from '../redis/redis.service';

export interface HealthReport {
  status: 'ok' | 'degraded' | 'down';
  postgres: 'up' | 'down';
  redis: 'up' | 'down';
}

export interface ReadinessReport {
  ready: boolean;
  postgres: 'up' | 'down';
  redis: 'up' | 'down';
  /** Redis's maxmemory-policy; anything but noeviction may silently drop queued jobs. */
  redisPolicy: string | null;
  /** Shutting down (SIGTERM): still serving what arrives, but send nothing new. */
  draining: boolean;
}

@Injectable()
export class HealthService {
  constructor(
    private readonly dataSource: DataSource,
    private readonly redis: RedisService,
  ) {}

  async check(): Promise<HealthReport> {
    const [postgres, redis] = await Promise.all([this.postgresUp(), this.redis.ping()]);
    return {
      status: !postgres ? 'down' : redis ? 'ok' : 'degraded',
      postgres: postgres ? 'up' : 'down',
      redis: redis ? 'up' : 'down',
    };
  }

  /** Ready to take traffic or jobs: not shutting down, PostgreSQL and Redis answer, and Redis will not evict job keys. */
  async ready(): Promise<ReadinessReport> {
    const [postgres, redis] = await Promise.all([this.postgresUp(), this.redis.ping()]);
    const redisPolicy = redis ? await this.redisPolicy() : null;
    const draining = isDraining();
    return {
      ready: !draining && postgres && redis && (redisPolicy === null || redisPolicy === 'noeviction'),
      postgres: postgres ? 'up' : 'down',
      redis: redis ? 'up' : 'down',
      redisPolicy,
      draining,
    };
  }

  /** From INFO (which managed Redis services allow where CONFIG is disabled); null when unreadable. */
  private async redisPolicy(): Promise<string | null> {
    try {
      const info = await Promise.race([
        this.redis.client.info('memory'),
        new Promise<never>((_, reject) => setTimeout(() => reject(new Error('timeout')), 1000).unref()),
      ]);
      return /^maxmemory_policy:(\S+)/m.exec(info)?.[1] ?? null;
    } catch {
      return null;
    }
  }

  private async postgresUp(): Promise<boolean> {
    try {
      await this.dataSource.query('SELECT 1');
      return true;
    } catch {
      return false;
    }
  }
}
