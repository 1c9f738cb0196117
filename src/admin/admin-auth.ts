import type { NextFunction, Request, RequestHandler, Response } from 'express';
import { actorOf, type AuditService } from '../audit';
import { type AuthService } from '../auth';
import { DomainError, forbidden, httpStatusOf, unauthenticated } from '../common/errors';
import type { LocaleRegistry } from '../i18n/locale-registry';
import { negotiateLocale } from '../i18n/negotiate';
import type { Translator } from '../i18n/translator';

/**
 * The API key in an Authorization header: "Bearer <key>", or HTTP Basic with the key as the password
 * (any user name), which browsers ask for by themselves. undefined: no header; null: unreadable.
 */
export function adminCredential(header: string | undefined): string | null | undefined {
  if (!header) return undefined;
  const bearer = /^Bearer\s+(\S+)\s*$/i.exec(header);
  if (bearer) return bearer[1];
  const basic = /^Basic\s+([A-Za-z0-9+/=]+)\s*$/i.exec(header);
  if (!basic) return null;
  const decoded = Buffer.from(basic[1], 'base64').toString('utf8');
  const colon = decoded.indexOf(':');
  const password = colon >= 0 ? decoded.slice(colon + 1) : '';
  return password || null;
}

/** The methods that change nothing. */
const READS = ['GET', 'HEAD', 'OPTIONS'];

/** A state-changing request sent by another site (the browser re-sends Basic credentials on its own). */
export function isCrossSite(req: Pick<Request, 'method' | 'headers'>): boolean {
  if (READS.includes(req.method)) return false;
  const site = req.headers['sec-fetch-site'];
  if (site && site !== 'same-origin' && site !== 'none') return true;
  const origin = req.headers.origin;
  if (!origin) return false;
  try {
    return new URL(origin).host !== req.headers.host;
  } catch {
    return true;
  }
}

export interface AdminGuardDeps {
  auth: AuthService;
  translator: Translator;
  locales: LocaleRegistry;
  /** Whether Redis answers: the dashboard's every call needs it, and would hang until it returns. */
  redisUp: () => Promise<boolean>;
  /** Records the dashboard's changes (retry, clean, pause, ...) in the audit log. */
  audit: Pick<AuditService, 'record'>;
}


/**
 * Express middleware: ADMIN keys only; 401 (with a Basic challenge) without a valid key, 403 for other roles
 * and for cross-site writes; 503 while Redis is down.
 */
export function adminOnly({ auth, translator, locales, redisUp, audit }: AdminGuardDeps): RequestHandler {
  const refuse = (req: Request, res: Response, error: DomainError, status = httpStatusOf(error.code)) => {
    const locale = negotiateLocale(req.headers['accept-language'], locales.codes, locales.defaultLocale);
    if (error.code === 'UNAUTHENTICATED') res.setHeader('WWW-Authenticate', 'Basic realm="newsdesk admin", charset="UTF-8"');
    res.status(status).json({ code: error.code, message: translator.t(locale, error.key, error.params) });
  };
  const check = async (req: Request, res: Response, next: NextFunction) => {
    const key = adminCredential(req.headers.authorization);
    if (!key) return refuse(req, res, unauthenticated('admin:errors.unauthenticated'));
    const principal = await auth.authenticate(key);
    if (!principal) return refuse(req, res, unauthenticated('errors:auth.invalidKey'));
    if (principal.role !== 'ADMIN') return refuse(req, res, forbidden('admin:errors.forbidden'));
    if (isCrossSite(req)) return refuse(req, res, forbidden('admin:errors.crossSite'));
    if (!(await redisUp())) return refuse(req, res, new DomainError('SERVICE_UNAVAILABLE', 'admin:errors.redisDown'), 503);
    if (!READS.includes(req.method)) {
      // A change made on the dashboard, recorded once bull-board answered it with success (best effort, as for mutations).
      const target = `${req.method} ${req.path}`;
      res.once('finish', () => {
        if (res.statusCode < 400) void audit.record({ ...actorOf(principal), action: 'queueDashboard', target });
      });
    }
    next();
  };
  return (req: Request, res: Response, next: NextFunction) => {
    check(req, res, next).catch((error: unknown) => next(error));
  };
}
