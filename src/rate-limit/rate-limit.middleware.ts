import { Injectable } from '@nestjs/common';
import type { Counter } from 'prom-client';
import type { NextFunction, Request, Response } from 'express';
import type { IncomingMessage, Server } from 'node:http';
import type { Duplex } from 'node:stream';
import { bearerToken } from '../common/bearer-token';
import { AuthService } from '../auth';
import { AppConfig } from '../config/app-config';
import { LocaleRegistry } from '../i18n/locale-registry';
import { negotiateLocale } from '../i18n/negotiate';
import { Translator } from '../i18n/translator';
import { MetricsService } from '../metrics';
import { clientAddress, TrustedProxies } from './client-address';
import { LimitDecision, LimitKind, RateLimiter } from './rate-limiter';

/** Probes and scrapes are never limited: an orchestrator must always be able to ask. */
const EXEMPT = /^\/(health(\/|$)|metrics$)/;

/**
 * Abuse limits in front of every route: per API key for requests with a valid key, else per client
 * address; POST /ingest per address; WebSocket connects per address (at the HTTP upgrade). Over the
 * limit: 429 with Retry-After and a translated RATE_LIMITED error, before any other work is done.
 */
@Injectable()
export class RateLimitMiddleware {
  private readonly trusted: TrustedProxies;
  private readonly refused: Counter<'limit'>;

  constructor(
    private readonly config: AppConfig,
    private readonly limiter: RateLimiter,
    private readonly auth: AuthService,
    private readonly translator: Translator,
    private readonly locales: LocaleRegistry,
    metrics: MetricsService,
  ) {
    this.trusted = new TrustedProxies(config.trustedProxies);
    this.refused = metrics.counter('newsdesk_rate_limited_total', 'Requests refused by an abuse limit, by limit', ['limit']);
  }

  get trustedProxies(): TrustedProxies {
    return this.trusted;
  }

  /** Express middleware (registered first, before bodies are read). */
  readonly handle = (req: Request, res: Response, next: NextFunction): void => {
    if (EXEMPT.test(req.path)) return next();
    this.decide(req)
      .then(({ kind, decision }) => {
        if (decision.allowed) return next();
        this.rejected(kind);
        const message = this.translator.t(this.localeOf(req), 'errors:http.rateLimited');
        const error = { code: 'RATE_LIMITED', retryAfter: decision.retryAfterSeconds };
        res.setHeader('Retry-After', String(decision.retryAfterSeconds));
        if (req.path === '/graphql') res.status(429).json({ errors: [{ message, extensions: error }] });
        else res.status(429).json({ ...error, message });
      })
      .catch(next);
  };

  /** Puts the WebSocket limit in front of every 'upgrade' listener (graphql-ws's included). Call after init. */
  guardUpgrades(server: Server): void {
    const listeners = server.listeners('upgrade') as ((req: IncomingMessage, socket: Duplex, head: Buffer) => void)[];
    if (listeners.length === 0) return;
    server.removeAllListeners('upgrade');
    server.on('upgrade', (req: IncomingMessage, socket: Duplex, head: Buffer) => {
      const address = clientAddress(req.socket.remoteAddress, req.headers['x-forwarded-for'], this.trusted);
      this.limiter
        .hit('ws', address, this.config.rateLimits.wsPerMin)
        .then((decision) => {
          if (decision.allowed) return listeners.forEach((listener) => listener.call(server, req, socket, head));
          this.rejected('ws');
          const message = this.translator.t(negotiateLocale(req.headers['accept-language'], this.locales.codes, this.locales.defaultLocale), 'errors:http.rateLimited');
          const body = JSON.stringify({ code: 'RATE_LIMITED', retryAfter: decision.retryAfterSeconds, message });
          socket.end(
            `HTTP/1.1 429 Too Many Requests\r\nRetry-After: ${decision.retryAfterSeconds}\r\nContent-Type: application/json; charset=utf-8\r\n` +
              `Content-Length: ${Buffer.byteLength(body)}\r\nConnection: close\r\n\r\n${body}`,
          );
        })
        .catch(() => socket.destroy());
    });
  }

  private async decide(req: Request): Promise<{ kind: LimitKind; decision: LimitDecision }> {
    const limits = this.config.rateLimits;
    const address = clientAddress(req.socket.remoteAddress, req.headers['x-forwarded-for'], this.trusted);
    if (req.path.startsWith('/ingest/')) return { kind: 'ingest', decision: await this.limiter.hit('ingest', address, limits.ingestPerMin) };
    const token = bearerToken(req.headers.authorization);
    if (token) {
      // Only a valid key earns the key's own budget; made-up keys count against the address.
      const principal = await this.auth.authenticateOnce(req, token).catch(() => null);
      if (principal) return { kind: 'key', decision: await this.limiter.hit('key', principal.keyId, limits.keyPerMin) };
    }
    return { kind: 'anon', decision: await this.limiter.hit('anon', address, limits.anonPerMin) };
  }

  private rejected(kind: LimitKind): void {
    this.refused.inc({ limit: kind });
  }

  private localeOf(req: Request): string {
    return negotiateLocale(req.headers['accept-language'], this.locales.codes, this.locales.defaultLocale);
  }
}
