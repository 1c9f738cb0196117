import type { NestExpressApplication } from '@nestjs/platform-express';
import helmet from 'helmet';
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
 * What the API process puts in front of every route, in this order: a request id, helmet's headers (no X-Powered-By,
 * nosniff, ...; a CSP on the HTML pages), CORS for the configured origins only, the abuse limits (before
 * any body is read), the client address from X-Forwarded-For only behind trusted proxies, and keep-alive
 * above common load balancers' idle timeout.
 */
export function applyHttpDefences(app: NestExpressApplication, config: AppConfig): void {
  app.disable('x-powered-by');
  app.use(requestIdMiddleware);
  // The API answers JSON; a CSP matters for HTML, so only the dashboard gets one (Apollo's landing page loads its own assets).
  app.use(helmet({ contentSecurityPolicy: false, crossOriginEmbedderPolicy: false }));
  app.use(DASHBOARD_PATH, helmet.contentSecurityPolicy(DASHBOARD_CSP));
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
  const server = app.getHttpServer();
  server.keepAliveTimeout = config.http.keepAliveTimeoutMs;
  server.headersTimeout = config.http.headersTimeoutMs;
}
