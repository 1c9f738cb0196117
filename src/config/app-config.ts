import { Injectable } from '@nestjs/common';
import { type Env, parseEnv } from './env.schema';

/** The validated configuration, read through typed getters. Built once per process. */
@Injectable()
export class AppConfig {
  private readonly env: Env;

  constructor(env?: Env) {
    this.env = env ?? parseEnv();
  }

  get nodeEnv() {
    return this.env.NODE_ENV;
  }
  get isProduction() {
    return this.env.NODE_ENV === 'production';
  }
  get databaseUrl() {
    return this.env.DATABASE_URL;
  }
  /** Read replicas' URLs; empty when there are none. */
  get databaseReplicaUrls(): string[] {
    return list(this.env.DATABASE_REPLICA_URLS ?? '');
  }
  get databasePoolSize() {
    return this.env.DATABASE_POOL_SIZE;
  }
  get databaseConnectTimeoutMs() {
    return this.env.DATABASE_CONNECT_TIMEOUT_MS;
  }
  get redisUrl() {
    return this.env.REDIS_URL;
  }
  get redisPrefix() {
    return this.env.REDIS_PREFIX;
  }
  /** Redis Cluster seed nodes; empty for a single Redis at REDIS_URL. */
  get redisClusterNodes(): { host: string; port: number }[] {
    return (this.env.REDIS_CLUSTER_NODES ?? '')
      .split(',')
      .map((node) => node.trim())
      .filter(Boolean)
      .map((node) => {
        const at = node.lastIndexOf(':');
        return { host: node.slice(0, at).replace(/^\[|\]$/g, ''), port: Number(node.slice(at + 1)) };
      });
  }
  get port() {
    return this.env.PORT;
  }
  get host() {
    return this.env.HOST;
  }
  get defaultLocale() {
    return this.env.DEFAULT_LOCALE;
  }
  get enabledLocales(): string[] {
    return this.env.LOCALES.split(',')
      .map((s) => s.trim())
      .filter(Boolean);
  }
  get cursorSecret() {
    return this.env.CURSOR_SECRET;
  }
  get secretKey() {
    return this.env.SECRET_KEY;
  }
  get logLevel() {
    return this.env.LOG_LEVEL;
  }
  get fetch() {
    return {
      allowlist: this.env.FETCH_ALLOWLIST.split(',')
        .map((s) => s.trim())
        .filter(Boolean),
      maxBytes: this.env.FETCH_MAX_BYTES,
      connectTimeoutMs: this.env.FETCH_CONNECT_TIMEOUT_MS,
      totalTimeoutMs: this.env.FETCH_TOTAL_TIMEOUT_MS,
      userAgent: this.env.FETCH_USER_AGENT,
      perHostConcurrency: this.env.FETCH_PER_HOST_CONCURRENCY,
      hostWaitMs: this.env.FETCH_HOST_WAIT_SECONDS * 1000,
    };
  }
  get feeds() {
    return {
      maxFailures: this.env.FEED_MAX_FAILURES,
      minIntervalMs: this.env.FEED_MIN_INTERVAL_MINUTES * 60_000,
      maxIntervalMs: this.env.FEED_MAX_INTERVAL_MINUTES * 60_000,
      backoffBaseMs: this.env.FEED_BACKOFF_BASE_SECONDS * 1000,
      backoffCapMs: this.env.FEED_BACKOFF_CAP_MINUTES * 60_000,
      dispatchEveryMs: this.env.FEED_DISPATCH_EVERY_MS,
      dispatchBatch: this.env.FEED_DISPATCH_BATCH,
      leaseSeconds: this.env.FEED_LEASE_SECONDS,
      upsertBatch: this.env.FEED_UPSERT_BATCH,
      concurrency: this.env.FEED_WORKER_CONCURRENCY,
      jobLockMs: this.env.FEED_JOB_LOCK_MS,
    };
  }
  get push() {
    return {
      maxBytes: this.env.PUSH_MAX_BYTES,
      secretOverlapMs: this.env.PUSH_SECRET_OVERLAP_HOURS * 3_600_000,
    };
  }
  /** WebSub: the subscriber (on, callback base, lease asked for) and the publisher (hub, debounce). */
  get websub() {
    return {
      subscribe: this.env.WEBSUB_SUBSCRIBE === 'true',
      callbackBase: (this.env.WEBSUB_CALLBACK_URL ?? this.env.PUBLIC_URL).replace(/\/+$/, ''),
      leaseSeconds: this.env.WEBSUB_LEASE_SECONDS,
      hubUrl: this.env.WEBSUB_HUB_URL ?? null,
      publishDebounceMs: this.env.WEBSUB_PUBLISH_DEBOUNCE_MS,
    };
  }
  get translationClaimHours(): number {
    return this.env.TRANSLATION_CLAIM_HOURS;
  }
  get translationDigest(): { cron: string; tz: string } {
    return { cron: this.env.TRANSLATION_DIGEST_CRON, tz: this.env.TRANSLATION_DIGEST_TZ };
  }
  get mentionDigest(): { cron: string; tz: string } {
    return { cron: this.env.MENTION_DIGEST_CRON, tz: this.env.MENTION_DIGEST_TZ };
  }
  /** SMTP for outgoing mail; url null when mail is off. */
  get smtp(): { url: string | null; from: string; timeoutMs: number } {
    return { url: this.env.SMTP_URL ?? null, from: this.env.SMTP_FROM, timeoutMs: this.env.SMTP_TIMEOUT_MS };
  }
  /** The machine translation server; url null when machine suggestions are off. */
  get machineTranslation(): { url: string | null; apiKey: string | null; timeoutMs: number } {
    return { url: this.env.MT_URL ?? null, apiKey: this.env.MT_API_KEY ?? null, timeoutMs: this.env.MT_TIMEOUT_MS };
  }
  /** Outbound webhooks: attempts, back-off, deadline, concurrency, and failed deliveries in a row before a webhook is disabled. */
  get webhooks() {
    return {
      disableAfter: this.env.WEBHOOK_DISABLE_AFTER,
      maxAttempts: this.env.WEBHOOK_MAX_ATTEMPTS,
      retryBaseMs: this.env.WEBHOOK_RETRY_BASE_MS,
      timeoutMs: this.env.WEBHOOK_TIMEOUT_MS,
      concurrency: this.env.WEBHOOK_WORKER_CONCURRENCY,
    };
  }
  /** PUBLIC_URL without a trailing slash. */
  get publicUrl(): string {
    return this.env.PUBLIC_URL.replace(/\/+$/, '');
  }
  /** Seconds a cached anonymous read or count lives at most; 0 when the read cache is off. */
  get readCacheTtlSeconds(): number {
    return this.env.READ_CACHE_TTL_SECONDS;
  }
  get metricsToken(): string | null {
    return this.env.METRICS_TOKEN ?? null;
  }
  get graphqlLimits() {
    return {
      maxDepth: this.env.GRAPHQL_MAX_DEPTH,
      maxAliases: this.env.GRAPHQL_MAX_ALIASES,
      maxTokens: this.env.GRAPHQL_MAX_TOKENS,
      maxDirectives: this.env.GRAPHQL_MAX_DIRECTIVES,
      maxCost: this.env.GRAPHQL_MAX_COST,
    };
  }
  /** Requests a minute; 0 means no limit. */
  get rateLimits() {
    return {
      anonPerMin: this.env.RATE_LIMIT_ANON_PER_MIN,
      keyPerMin: this.env.RATE_LIMIT_KEY_PER_MIN,
      ingestPerMin: this.env.RATE_LIMIT_INGEST_PER_MIN,
      wsPerMin: this.env.RATE_LIMIT_WS_PER_MIN,
    };
  }
  get workerMetricsPort(): number {
    return this.env.WORKER_METRICS_PORT;
  }
  get trustedProxies(): string[] {
    return list(this.env.TRUST_PROXY);
  }
  get corsOrigins(): string[] {
    return list(this.env.CORS_ORIGINS);
  }
  get http() {
    return { keepAliveTimeoutMs: this.env.HTTP_KEEP_ALIVE_TIMEOUT_MS, headersTimeoutMs: this.env.HTTP_HEADERS_TIMEOUT_MS, shutdownDelayMs: this.env.SHUTDOWN_DELAY_MS };
  }
}

function list(value: string): string[] {
  return value
    .split(',')
    .map((s) => s.trim())
    .filter(Boolean);
}
