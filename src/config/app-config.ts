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
  get graphqlLimits() {
    return {
      maxDepth: this.env.GRAPHQL_MAX_DEPTH,
      maxAliases: this.env.GRAPHQL_MAX_ALIASES,
      maxTokens: this.env.GRAPHQL_MAX_TOKENS,
      maxDirectives: this.env.GRAPHQL_MAX_DIRECTIVES,
    };
  }
}
