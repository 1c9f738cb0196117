import type { NestExpressApplication } from '@nestjs/platform-express';
import type { Response } from 'express';
import helmet from 'helmet';
import { resolve } from 'node:path';
import { DASHBOARD_PATH } from './admin/queue-dashboard';
import type { AppConfig } from './config/app-config';
import { requestIdMiddleware } from './logging/logger.module';
import { RateLimitMiddleware } from './rate-limit/rate-limit.middleware';

/** The HTML pages newsdesk serves (the queue dashboard) load only their own scripts; styles may be inline. */
const DASHBOARD_CSP = {
  useDefaults: false,
  directives: {
    defaultSrc: ["'self'"],
    scriptSrc: ["'self'"],
    styleSrc: ["'self'", "'unsafe-inline'", 'https://fonts.googleapis.com'],
    fontSrc: ["'self'", 'https://fonts.gstatic.com', 'data:'],
    imgSrc: ["'self'", 'data:'],
    connectSrc: ["'self'"],
    objectSrc: ["'none'"],
    baseUri: ["'self'"],
    formAction: ["'self'"],
    frameAncestors: ["'none'"],
  },
};

/**
 * The translators' page (/desk, built by `npm run build:desk`): only its own script, styles and the API at this
 * origin (fetch and the graphql-ws socket); nothing inline, nothing from a CDN, no framing.
 */
export const DESK_CSP = {
  useDefaults: false,
  directives: {
    defaultSrc: ["'none'"],
    scriptSrc: ["'self'"],
    styleSrc: ["'self'"],
    imgSrc: ["'self'", 'data:'],
    fontSrc: ["'self'"],
    connectSrc: ["'self'"],
    manifestSrc: ["'self'"],
    objectSrc: ["'none'"],
    baseUri: ["'none'"],
    formAction: ["'self'"],
    frameAncestors: ["'none'"],
  },
};

/** Where the build puts the page: dist/public/desk, beside the compiled server (dist/) or the sources (src/, in tests). */
export const DESK_DIR = resolve(__dirname, '..', 'dist', 'public', 'desk');

/**
 * What the API process puts in front of every route, in this order: a request id, helmet's headers (no X-Powered-By,
 * nosniff, ...; a CSP on the HTML pages), CORS for the configured origins only, the abuse limits (before
 * any body is read), the client address from X-Forwarded-For only behind trusted proxies, and keep-alive
 * above common load balancers' idle timeout.
 */
export function applyHttpDefences(app: NestExpressApplication, config: AppConfig): void {
  app.disable('x-powered-by');
  // Express hashed every answer for a weak ETag, no-store GraphQL POSTs included (1.8% of the API's CPU serving lists).
  // What may be cached sets its own strong one: GET reads (read-cache plugin), feeds and sitemaps, desk assets.
  app.disable('etag');
  app.use(requestIdMiddleware);
  // The API answers JSON; a CSP matters for HTML, so only the dashboard gets one (Apollo's landing page loads its own assets).
  app.use(helmet({ contentSecurityPolicy: false, crossOriginEmbedderPolicy: false }));
  app.use(DASHBOARD_PATH, helmet.contentSecurityPolicy(DASHBOARD_CSP));
  app.use('/desk', helmet.contentSecurityPolicy(DESK_CSP));
  const origins = config.corsOrigins;
  app.enableCors({
    origin: origins.includes('*') ? true : origins.length ? origins : false,
    methods: ['GET', 'HEAD', 'POST', 'OPTIONS'],
    allowedHeaders: ['Content-Type', 'Authorization', 'Accept-Language', 'Apollo-Require-Preflight', 'If-None-Match', 'If-Modified-Since'],
    exposedHeaders: ['Retry-After', 'ETag', 'Last-Modified'],
    maxAge: 600,
  });
  const limits = app.get(RateLimitMiddleware);
  app.set('trust proxy', (address: string) => limits.trustedProxies.trusts(address));
  app.use(limits.handle);
  // Hashed assets never change; the page itself is checked on every visit so a new build is picked up.
  app.useStaticAssets(DESK_DIR, {
    prefix: '/desk',
    index: 'index.html',
    setHeaders: (res: Response, path: string) => res.setHeader('Cache-Control', path.includes('/assets/') ? 'public, max-age=31536000, immutable' : 'no-cache'),
  });
  const server = app.getHttpServer();
  server.keepAliveTimeout = config.http.keepAliveTimeoutMs;
  server.headersTimeout = config.http.headersTimeoutMs;
}
