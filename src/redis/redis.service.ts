import { Injectable, Logger, OnApplicationBootstrap, OnApplicationShutdown } from '@nestjs/common';
import IORedis, { Cluster, Redis, RedisOptions } from 'ioredis';
import { AppConfig } from '../config/app-config';

/** A connection to one Redis or to a Redis Cluster (REDIS_CLUSTER_NODES); both speak the same commands. */
export type RedisConnection = Redis | Cluster;

/**
 * Redis connections of a process. The API's connections fail fast when Redis is down
 * (no offline queue) so that requests answer an error instead of hanging; workers' connections
 * wait and retry for ever, as BullMQ requires.
 */
@Injectable()
export class RedisService implements OnApplicationBootstrap, OnApplicationShutdown {
  private readonly logger = new Logger(RedisService.name);
  private readonly connections: RedisConnection[] = [];
  private shared?: RedisConnection;

  constructor(private readonly config: AppConfig) {}

  get prefix(): string {
    return this.config.redisPrefix;
  }

  /** Options for a new connection; `blocking` is for BullMQ workers and subscribers. */
  options(kind: 'api' | 'blocking'): RedisOptions {
    return {
      maxRetriesPerRequest: kind === 'blocking' ? null : 1,
      enableOfflineQueue: kind === 'blocking',
      lazyConnect: false,
      connectTimeout: 3000,
      retryStrategy: (times) => Math.min(times * 200, 5000),
    };
  }

  create(kind: 'api' | 'blocking'): RedisConnection {
    const nodes = this.config.redisClusterNodes;
    const client = nodes.length ? this.cluster(nodes, kind) : new IORedis(this.config.redisUrl, this.options(kind));
    // Without a listener an 'error' event would crash the process while Redis is away.
    client.on('error', (error: Error) => this.logger.warn(`Redis (${kind}): ${error.message}`));
    this.connections.push(client);
    return client;
  }

  /** A Redis Cluster client: the same per-node settings, the credentials of REDIS_URL, the same fail-fast rule. */
  private cluster(nodes: { host: string; port: number }[], kind: 'api' | 'blocking'): Cluster {
    const { retryStrategy, enableOfflineQueue, ...perNode } = this.options(kind);
    const url = new URL(this.config.redisUrl);
    return new Cluster(nodes, {
      redisOptions: {
        ...perNode,
        username: decodeURIComponent(url.username) || undefined,
        password: decodeURIComponent(url.password) || undefined,
        tls: url.protocol === 'rediss:' ? {} : undefined,
      },
      enableOfflineQueue,
      clusterRetryStrategy: retryStrategy,
    });
  }

  /** One shared fail-fast connection for health checks and light commands. */
  get client(): RedisConnection {
    this.shared ??= this.create('api');
    return this.shared;
  }

  /** True when Redis answers within the timeout (waiting for a connection still being made). */
  async ping(timeoutMs = 1000): Promise<boolean> {
    const client = this.client;
    let timer: NodeJS.Timeout | undefined;
    const deadline = new Promise<never>((_, reject) => {
      timer = setTimeout(() => reject(new Error('timeout')), timeoutMs);
    });
    try {
      if (client.status !== 'ready') {
        await Promise.race([new Promise((resolve) => client.once('ready', resolve)), deadline]);
      }
      return (await Promise.race([client.ping(), deadline])) === 'PONG';
    } catch {
      return false;
    } finally {
      clearTimeout(timer);
    }
  }

  /** BullMQ loses jobs silently when Redis evicts keys: say so loudly at start-up. */
  async onApplicationBootstrap(): Promise<void> {
    if (!(await this.ping(2000))) return;
    try {
      const [, policy] = (await this.client.config('GET', 'maxmemory-policy')) as string[];
      if (policy && policy !== 'noeviction') {
        this.logger.warn(`Redis maxmemory-policy is "${policy}": BullMQ needs "noeviction" or queued jobs may be lost.`);
      }
    } catch {
      // CONFIG is disabled on some managed Redis services; nothing to check then.
    }
  }

  async onApplicationShutdown(): Promise<void> {
    await Promise.all(this.connections.map((c) => c.quit().catch(() => c.disconnect())));
  }
}
