import { Module, OnApplicationBootstrap } from '@nestjs/common';
import { HttpAdapterHost } from '@nestjs/core';
import type { Server } from 'node:http';
import { AuthModule } from '../auth';
import { RateLimitMiddleware } from './rate-limit.middleware';
import { RateLimiter } from './rate-limiter';

/** Abuse limits of the API process (bootstrap registers the middleware before anything reads a body). */
@Module({
  imports: [AuthModule],
  providers: [RateLimiter, RateLimitMiddleware],
  exports: [RateLimitMiddleware],
})
export class RateLimitModule implements OnApplicationBootstrap {
  constructor(
    private readonly middleware: RateLimitMiddleware,
    private readonly adapter: HttpAdapterHost,
  ) {}

  /** graphql-ws attaches its upgrade listener while the GraphQL module initialises; wrap it afterwards. */
  onApplicationBootstrap(): void {
    const server = this.adapter.httpAdapter?.getHttpServer() as Server | undefined;
    if (server) this.middleware.guardUpgrades(server);
  }
}
