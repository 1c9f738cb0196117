import { ArgumentsHost, Catch, HttpException, Injectable, Logger } from '@nestjs/common';
import { BaseExceptionFilter } from '@nestjs/core';
import type { Request, Response } from 'express';
import { randomUUID } from 'node:crypto';
import { LocaleRegistry } from '../i18n/locale-registry';
import { negotiateLocale } from '../i18n/negotiate';
import { Translator } from '../i18n/translator';
import { DomainError, httpStatusOf, isServiceOutage, serviceUnavailable } from './errors';

/** A request may name its own language for messages (e.g. the locale in a feed URL); else Accept-Language decides. */
export const MESSAGE_LOCALE = Symbol('newsdesk:messageLocale');
export type RequestWithLocale = Request & { [MESSAGE_LOCALE]?: string };

/** Errors raised before our code runs (an unknown route, a body the parser refuses): their code and message. */
const HTTP_ERRORS: Record<number, { code: string; key: string }> = {
  400: { code: 'BAD_USER_INPUT', key: 'errors:http.badRequest' },
  404: { code: 'NOT_FOUND', key: 'errors:http.notFound' },
  405: { code: 'NOT_FOUND', key: 'errors:http.notFound' },
  413: { code: 'BAD_USER_INPUT', key: 'errors:http.tooLarge' },
  415: { code: 'BAD_USER_INPUT', key: 'errors:http.unsupportedMediaType' },
  429: { code: 'RATE_LIMITED', key: 'errors:http.rateLimited' },
};

/** The HTTP status an error carries: Nest's HttpExceptions, and body-parser's errors (status, statusCode). */
function statusOf(exception: unknown): number | null {
  if (exception instanceof HttpException) return exception.getStatus();
  const candidate = exception as { status?: unknown; statusCode?: unknown } | null;
  const status = candidate?.status ?? candidate?.statusCode;
  return typeof status === 'number' && status >= 400 && status < 600 ? status : null;
}

/** The JSON body of every error answered by a REST route. */
export interface RestErrorBody {
  code: string;
  message: string;
  [extension: string]: unknown;
}

/**
 * The REST counterpart of the GraphQL errors plugin: a DomainError thrown by a controller becomes
 * `{ code, message }` in the request's language with the status of httpStatusOf(code); an unexpected
 * error is logged with an id and answered 500 with a generic translated message. Errors raised before our
 * code (an unknown route, a body too large or not JSON) are translated the same way, and GraphQL errors
 * pass through untouched to the GraphQL errors plugin.
 */
@Catch()
@Injectable()
export class HttpErrorsFilter extends BaseExceptionFilter {
  private readonly logger = new Logger('HttpErrors');

  constructor(
    private readonly translator: Translator,
    private readonly locales: LocaleRegistry,
  ) {
    super();
  }

  override catch(caught: unknown, host: ArgumentsHost): unknown {
    const exception = isServiceOutage(caught) ? this.outage(caught) : caught;
    // GraphQL resolvers: what a filter returns is thrown by graphql-js and translated by the errors plugin.
    if (host.getType() !== 'http') return exception;
    const http = host.switchToHttp();
    const req = http.getRequest<RequestWithLocale>();
    const res = http.getResponse<Response>();
    if (res.headersSent) {
      this.logger.error(`Error after the response started: ${String((exception as Error)?.stack ?? exception)}`);
      return;
    }
    const locale = this.localeOf(req);
    if (exception instanceof DomainError) {
      const body: RestErrorBody = {
        ...exception.extensions,
        code: exception.code,
        message: this.translator.t(locale, exception.key, exception.params),
      };
      // A REST route may need a more precise status than the code's (413, 415, 422, 503): extensions.httpStatus.
      const status = typeof exception.extensions.httpStatus === 'number' ? exception.extensions.httpStatus : httpStatusOf(exception.code);
      delete body.httpStatus;
      res.status(status).json(body);
      return;
    }
    const httpStatus = statusOf(exception);
    if (httpStatus !== null && httpStatus < 500) {
      const { code, key } = HTTP_ERRORS[httpStatus] ?? { code: 'BAD_USER_INPUT', key: 'errors:http.badRequest' };
      const detail = exception instanceof Error ? exception.message : String(exception);
      const body: RestErrorBody = { code, message: this.translator.t(locale, key, { path: req.path, detail }), detail };
      res.status(httpStatus).json(body);
      return;
    }
    const errorId = randomUUID();
    this.logger.error(`[${errorId}] ${req.method} ${req.originalUrl}: ${String((exception as Error)?.stack ?? exception)}`);
    const body: RestErrorBody = {
      code: 'INTERNAL_SERVER_ERROR',
      message: this.translator.t(locale, 'errors:internal', { errorId }),
      errorId,
    };
    res.status(500).json(body);
  }

  /** A database outage: logged with an id, answered as a translated SERVICE_UNAVAILABLE (503) carrying that id. */
  private outage(cause: unknown): DomainError {
    const errorId = randomUUID();
    this.logger.error(`[${errorId}] service outage: ${String((cause as Error)?.stack ?? cause)}`);
    return serviceUnavailable(errorId, cause);
  }

  private localeOf(req: RequestWithLocale): string {
    const named = req[MESSAGE_LOCALE];
    if (named && this.locales.get(named)) return named;
    return negotiateLocale(req.headers['accept-language'], this.locales.codes, this.locales.defaultLocale);
  }
}
