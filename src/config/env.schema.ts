import { z } from 'zod';

/** Every environment variable newsdesk reads, with the default that works on a developer's machine. */
const url = (protocols: string[]) =>
  z.string().refine((value) => {
    try {
      return protocols.includes(new URL(value).protocol);
    } catch {
      return false;
    }
  }, `must be a URL (${protocols.join(' or ')})`);

const int = (min: number, max: number) => z.coerce.number().int().min(min).max(max);

export const envSchema = z.object({
  NODE_ENV: z.enum(['development', 'production', 'test']).default('development'),
  DATABASE_URL: url(['postgres:', 'postgresql:']).default('postgres://postgres@127.0.0.1:5432/newsdesk'),
  /**
   * PostgreSQL read replicas (streaming standbys of DATABASE_URL), comma-separated; empty for none. The API
   * sends anonymous GraphQL reads to them once they have replayed the last write (docs/scale-out.md).
   */
  DATABASE_REPLICA_URLS: z
    .string()
    .refine(
      (value) =>
        value.split(',').every((part) => {
          try {
            return ['postgres:', 'postgresql:'].includes(new URL(part.trim()).protocol);
          } catch {
            return false;
          }
        }),
      'must be postgres:// URLs separated by commas',
    )
    .optional(),
  REDIS_URL: url(['redis:', 'rediss:']).default('redis://127.0.0.1:6379/0'),
  /**
   * Namespace for every Redis key (BullMQ queues, pub/sub channels), so several installs can share one Redis.
   * One `{...}` hash tag is allowed (and needed on Redis Cluster): `{newsdesk}` keeps every key in one slot.
   */
  REDIS_PREFIX: z
    .string()
    .regex(/^[A-Za-z0-9_-]*(\{[A-Za-z0-9_-]+\})?[A-Za-z0-9_-]*$/, 'letters, digits, _ and -, with at most one {hash tag}')
    .refine((value) => value.replace(/[{}]/g, '').length > 0, 'may not be empty')
    .default('newsdesk'),
  /**
   * Redis Cluster: comma-separated host:port of some of its nodes (REDIS_URL is then ignored but for its
   * password); empty for a single Redis. Needs a hash-tagged REDIS_PREFIX such as {newsdesk}.
   */
  REDIS_CLUSTER_NODES: z
    .string()
    .regex(/^(\s*[A-Za-z0-9.:[\]-]+:\d+\s*)(,\s*[A-Za-z0-9.:[\]-]+:\d+\s*)*$/, 'host:port pairs separated by commas')
    .optional(),
  // 0 picks a free port (tests).
  PORT: int(0, 65535).default(3000),
  HOST: z.string().min(1).default('0.0.0.0'),
  DEFAULT_LOCALE: z.string().min(2).default('en'),
  /** Comma-separated subset of the locales in locales/locales.json to serve; empty means all of them. */
  LOCALES: z.string().default(''),
  /** Signs pagination cursors so a cursor that newsdesk did not issue is refused. */
  CURSOR_SECRET: z.string().min(16).default('newsdesk-dev-cursor-secret-change-me'),
  /** Encrypts push secrets at rest (any string; a key is derived from it). */
  SECRET_KEY: z.string().min(16).default('newsdesk-dev-secret-key-change-me'),
  LOG_LEVEL: z.enum(['error', 'warn', 'log', 'debug', 'verbose']).default('log'),
  /** Feed fetching: the private-network guard's allowlist (comma-separated hosts, IPs or CIDRs; empty = none). */
  FETCH_ALLOWLIST: z.string().default(''),
  /** Largest body accepted, counted after decompression. */
  FETCH_MAX_BYTES: int(1024, 1024 * 1024 * 1024).default(10 * 1024 * 1024),
  FETCH_CONNECT_TIMEOUT_MS: int(100, 120000).default(10000),
  /** Deadline for a whole fetch, redirects and body included (defeats a server that drips bytes). */
  FETCH_TOTAL_TIMEOUT_MS: int(500, 600000).default(30000),
  FETCH_USER_AGENT: z.string().min(1).default('newsdesk/0.1 (feed fetcher; +https://newsdesk.invalid/bot)'),
  /** At most this many requests at a time to one host (host:port), counted across every worker process through Redis. */
  FETCH_PER_HOST_CONCURRENCY: int(1, 64).default(2),
  /**
   * How long a poll job may keep waiting (delayed, holding no worker slot) for its host to have a free slot;
   * then the feed is rescheduled this much later without counting a failure.
   */
  FETCH_HOST_WAIT_SECONDS: int(1, 3600).default(120),
  /** GraphQL limits (graphql-armor's usual defaults). */
  GRAPHQL_MAX_DEPTH: int(1, 50).default(6),
  GRAPHQL_MAX_ALIASES: int(1, 1000).default(15),
  GRAPHQL_MAX_TOKENS: int(50, 100000).default(1000),
  GRAPHQL_MAX_DIRECTIVES: int(1, 1000).default(50),
  /** Postgres pool and timeouts (the pg default waits forever for a connection). */
  DATABASE_POOL_SIZE: int(1, 200).default(10),
  DATABASE_CONNECT_TIMEOUT_MS: int(100, 120000).default(5000),
  /** Feed ingestion (issue 3). */
  FEED_MAX_FAILURES: int(1, 1000).default(10),
  FEED_MIN_INTERVAL_MINUTES: int(1, 1440).default(5),
  FEED_MAX_INTERVAL_MINUTES: int(5, 10080).default(1440),
  /** First back-off after a failure, doubled per consecutive failure, capped. */
  FEED_BACKOFF_BASE_SECONDS: int(1, 86400).default(60),
  FEED_BACKOFF_CAP_MINUTES: int(1, 10080).default(720),
  /**
   * How often the dispatcher looks for due feeds, and how many it enqueues per run. Once a second: a due
   * feed waits at most that long for its poll (one indexed query per queue and second, nothing when none is due).
   */
  FEED_DISPATCH_EVERY_MS: int(200, 600000).default(1000),
  FEED_DISPATCH_BATCH: int(1, 100000).default(500),
  /** How long a dispatched or polling feed is leased before another poll may start. */
  FEED_LEASE_SECONDS: int(10, 86400).default(600),
  FEED_UPSERT_BATCH: int(1, 10000).default(500),
  FEED_WORKER_CONCURRENCY: int(1, 256).default(4),
  /** BullMQ lock of an active job; a killed worker's job is retried after about twice this. */
  FEED_JOB_LOCK_MS: int(1000, 600000).default(30000),
  PUSH_MAX_BYTES: int(1024, 100 * 1024 * 1024).default(5 * 1024 * 1024),
  PUSH_SECRET_OVERLAP_HOURS: z.coerce.number().min(0).max(24 * 30).default(24),
  /**
   * WebSub subscriber: subscribe to the hub a polled feed advertises (the feed is then polled only as a
   * backup). Off by default: a hub must be able to reach WEBSUB_CALLBACK_URL from the Internet.
   */
  WEBSUB_SUBSCRIBE: z.enum(['true', 'false']).default('false'),
  /** The public base URL hubs call back (`<base>/websub/<feed id>`); empty: PUBLIC_URL. */
  WEBSUB_CALLBACK_URL: url(['http:', 'https:']).optional(),
  /** The lease newsdesk asks hubs for (the hub decides; renewed before it ends). */
  WEBSUB_LEASE_SECONDS: int(60, 365 * 86400).default(10 * 86400),
  /** WebSub publisher: the hub told when newsdesk's own feeds change (hub.mode=publish); empty: none, and no rel="hub" in them. */
  WEBSUB_HUB_URL: url(['http:', 'https:']).optional(),
  /** Publications within this window are told to the hub in one ping per feed. */
  WEBSUB_PUBLISH_DEBOUNCE_MS: int(0, 3_600_000).default(10_000),
  /** Translation desk: how long a claim reserves a task for its translator. */
  TRANSLATION_CLAIM_HOURS: z.coerce.number().positive().max(24 * 30).default(48),
  /** Translation desk: when the translators' daily digest is composed (cron, in TRANSLATION_DIGEST_TZ). */
  TRANSLATION_DIGEST_CRON: z.string().regex(/^\S+( \S+){4,5}$/, 'a cron pattern of 5 or 6 fields').default('0 6 * * *'),
  TRANSLATION_DIGEST_TZ: z.string().min(1).default('UTC'),
  /** Mention alerts: when the daily e-mail digests of watches are sent (cron, in MENTION_DIGEST_TZ). */
  MENTION_DIGEST_CRON: z.string().regex(/^\S+( \S+){4,5}$/, 'a cron pattern of 5 or 6 fields').default('0 7 * * *'),
  MENTION_DIGEST_TZ: z.string().min(1).default('UTC'),
  /** The address clients reach newsdesk at (outgoing feeds link to themselves with it). */
  PUBLIC_URL: url(['http:', 'https:']).default('http://localhost:3000'),
  /** When set, GET /metrics needs "Authorization: Bearer <METRICS_TOKEN>"; when empty it is open (keep the port private). */
  METRICS_TOKEN: z.string().min(16).optional(),
  /** Abuse limits, requests a minute (0 turns a limit off): per anonymous client address, per API key, POST /ingest per address, WebSocket connects per address. */
  RATE_LIMIT_ANON_PER_MIN: int(0, 10_000_000).default(300),
  RATE_LIMIT_KEY_PER_MIN: int(0, 10_000_000).default(1200),
  RATE_LIMIT_INGEST_PER_MIN: int(0, 10_000_000).default(120),
  RATE_LIMIT_WS_PER_MIN: int(0, 10_000_000).default(60),
  /** Proxies whose X-Forwarded-For is believed (comma-separated addresses or CIDR ranges; empty: none, the socket's peer is the client). */
  TRUST_PROXY: z.string().default(''),
  /** Origins browsers may call the API from (comma-separated, e.g. https://desk.example.org; * for any; empty: none). */
  CORS_ORIGINS: z.string().default(''),
  /** Above common load balancers' idle timeouts (60 s), so the proxy, not newsdesk, closes idle connections. */
  HTTP_KEEP_ALIVE_TIMEOUT_MS: int(1000, 3_600_000).default(65_000),
  HTTP_HEADERS_TIMEOUT_MS: int(1000, 3_600_000).default(66_000),
  /**
   * On SIGTERM the API first answers /health/ready with 503 and keeps serving this long, so load balancers
   * stop sending before it stops listening; then it closes and lets the requests in flight finish.
   */
  SHUTDOWN_DELAY_MS: int(0, 600_000).default(5000),
  /** The worker's own /metrics, /health/live and /health/ready (0 picks a free port). */
  WORKER_METRICS_PORT: int(0, 65535).default(9464),
  /** Query cost limit: every field costs 1, and a list's contents cost as many times as its first: asks for. */
  GRAPHQL_MAX_COST: int(10, 10_000_000).default(5000),
  /**
   * E-mail (the translators' daily digest) by SMTP: smtp://user:password@host:587 (STARTTLS when offered) or
   * smtps://…:465; empty: digests are only logged. A secret when it holds a password: never logged.
   */
  SMTP_URL: url(['smtp:', 'smtps:']).optional(),
  SMTP_FROM: z.string().min(3).default('newsdesk <newsdesk@localhost>'),
  SMTP_TIMEOUT_MS: int(1000, 120_000).default(30_000),
  /** Machine suggestions: a LibreTranslate-compatible server (e.g. http://127.0.0.1:5000); empty turns them off. */
  MT_URL: url(['http:', 'https:']).optional(),
  /** Sent as api_key when the server wants one. */
  MT_API_KEY: z.string().min(1).optional(),
  MT_TIMEOUT_MS: int(500, 120_000).default(15_000),
  /** Outbound webhooks: a webhook is disabled after this many failed deliveries in a row (each after all its attempts). */
  WEBHOOK_DISABLE_AFTER: int(1, 10_000).default(10),
  /** Attempts per delivery (the first and its retries), with exponential back-off from WEBHOOK_RETRY_BASE_MS (30 s, 1 min, 2 min ...). */
  WEBHOOK_MAX_ATTEMPTS: int(1, 50).default(8),
  WEBHOOK_RETRY_BASE_MS: int(1, 86_400_000).default(30_000),
  /** Deadline of one attempt: connect, send, and the receiver's status line. */
  WEBHOOK_TIMEOUT_MS: int(100, 120_000).default(10_000),
  /** Deliveries at a time per worker process. */
  WEBHOOK_WORKER_CONCURRENCY: int(1, 256).default(4),
  /** Anonymous reads and counts cached in Redis for at most this long (invalidated on writes anyway); 0 turns the cache off. */
  READ_CACHE_TTL_SECONDS: int(0, 86400).default(300),
});

export type Env = z.infer<typeof envSchema>;

export class ConfigError extends Error {}

/** Parses the environment once; the message names every bad variable so start-up fails clearly. */
export function parseEnv(source: NodeJS.ProcessEnv = process.env): Env {
  const cleaned = Object.fromEntries(Object.entries(source).filter(([, v]) => v !== undefined && v !== ''));
  const result = envSchema.safeParse(cleaned);
  if (!result.success) {
    const lines = result.error.issues.map((issue) => `  ${issue.path.join('.')}: ${issue.message}`);
    throw new ConfigError(`Invalid configuration:\n${lines.join('\n')}`);
  }
  if (result.data.REDIS_CLUSTER_NODES && !/\{[^}]+\}/.test(result.data.REDIS_PREFIX)) {
    // BullMQ's scripts touch several keys of a queue at once; on a cluster they must share one slot.
    throw new ConfigError(`Invalid configuration:\n  REDIS_PREFIX: Redis Cluster needs a hash tag, e.g. {${result.data.REDIS_PREFIX}}`);
  }
  const unsafe = result.data.NODE_ENV === 'production' ? [...unsafeSecrets(result.data), ...unreachableCallback(result.data)] : [];
  if (unsafe.length) throw new ConfigError(`Invalid configuration:\n${unsafe.join('\n')}`);
  return result.data;
}

/** A WebSub hub on the Internet cannot call back a loopback address: production refuses to subscribe with one. */
function unreachableCallback(env: Env): string[] {
  if (env.WEBSUB_SUBSCRIBE !== 'true') return [];
  const host = new URL(env.WEBSUB_CALLBACK_URL ?? env.PUBLIC_URL).hostname.replace(/^\[|\]$/g, '');
  const loopback = host === 'localhost' || host.endsWith('.localhost') || /^127\./.test(host) || host === '::1';
  return loopback ? [`  WEBSUB_CALLBACK_URL: hubs cannot reach ${host}; set the public address newsdesk is reached at (or PUBLIC_URL)`] : [];
}

/** Secrets that production must set itself: the published defaults (or anything like them) sign and decrypt nothing safely. */
export const PRODUCTION_SECRETS = ['SECRET_KEY', 'CURSOR_SECRET'] as const;
export const MIN_PRODUCTION_SECRET_LENGTH = 32;

function unsafeSecrets(env: Env): string[] {
  return PRODUCTION_SECRETS.flatMap((name) => {
    const value = env[name];
    if (value === envSchema.shape[name].parse(undefined) || /change-?me/i.test(value)) {
      return [`  ${name}: the development default cannot be used in production; set a long random value (openssl rand -base64 48)`];
    }
    if (value.length < MIN_PRODUCTION_SECRET_LENGTH || new Set(value).size < 10) {
      return [`  ${name}: too short or too simple for production; use at least ${MIN_PRODUCTION_SECRET_LENGTH} random characters`];
    }
    return [];
  });
}
