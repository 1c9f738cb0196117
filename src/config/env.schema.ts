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
  REDIS_URL: url(['redis:', 'rediss:']).default('redis://127.0.0.1:6379/0'),
  /** Namespace for every Redis key (BullMQ queues, pub/sub channels), so several installs can share one Redis. */
  REDIS_PREFIX: z.string().regex(/^[A-Za-z0-9_-]+$/, 'letters, digits, _ and - only').default('newsdesk'),
  PORT: int(1, 65535).default(3000),
  HOST: z.string().min(1).default('0.0.0.0'),
  DEFAULT_LOCALE: z.string().min(2).default('en'),
  /** Comma-separated subset of the locales in locales/locales.json to serve; empty means all of them. */
  LOCALES: z.string().default(''),
  /** Signs pagination cursors so a cursor that newsdesk did not issue is refused. */
  CURSOR_SECRET: z.string().min(16).default('newsdesk-dev-cursor-secret-change-me'),
  /** Encrypts push secrets at rest (any string; a key is derived from it). */
  SECRET_KEY: z.string().min(16).default('newsdesk-dev-secret-key-change-me'),
  LOG_LEVEL: z.enum(['error', 'warn', 'log', 'debug', 'verbose']).default('log'),
  /** GraphQL limits (graphql-armor's usual defaults). */
  GRAPHQL_MAX_DEPTH: int(1, 50).default(6),
  GRAPHQL_MAX_ALIASES: int(1, 1000).default(15),
  GRAPHQL_MAX_TOKENS: int(50, 100000).default(1000),
  GRAPHQL_MAX_DIRECTIVES: int(1, 1000).default(50),
  /** Postgres pool and timeouts (the pg default waits forever for a connection). */
  DATABASE_POOL_SIZE: int(1, 200).default(10),
  DATABASE_CONNECT_TIMEOUT_MS: int(100, 120000).default(5000),
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
  return result.data;
}
