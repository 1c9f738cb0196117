import { DynamicModule, MiddlewareConsumer, Module, NestModule } from '@nestjs/common';
import type { NextFunction, Request, Response } from 'express';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { LoggerModule as PinoLoggerModule } from 'nestjs-pino';
import type { Options } from 'pino-http';
import { currentRequestId, requestIdFrom, runWithRequestId } from '../common/request-id';
import { AppConfig } from '../config/app-config';
import { redactObject, redactText } from './redact';

/** LOG_LEVEL keeps Nest's names; pino's are these. */
const PINO_LEVELS: Record<string, string> = { error: 'error', warn: 'warn', log: 'info', debug: 'debug', verbose: 'trace' };

/**
 * One JSON line per event on stdout (pino): level, time, the request id of the request or job being
 * handled, the message; an access line per HTTP request (method, route-free URL, status, time). Nothing
 * secret is written: keys, signatures, cookies and ?token= values are scrubbed from every line.
 */
export function pinoHttpOptions(config: AppConfig, http: boolean): Options {
  return {
    level: PINO_LEVELS[config.logLevel] ?? 'info',
    base: { service: http ? 'api' : 'worker' },
    messageKey: 'msg',
    mixin: () => {
      const requestId = currentRequestId();
      return requestId ? { requestId } : {};
    },
    hooks: {
      // Message strings (and printf arguments) are scrubbed here; objects in formatters.log below.
      logMethod(args, method) {
        method.apply(this, args.map((arg) => (typeof arg === 'string' ? redactText(arg) : arg)) as typeof args);
      },
    },
    formatters: {
      level: (label) => ({ level: label }),
      log: (object) => redactObject(object) as Record<string, unknown>,
    },
    autoLogging: http ? { ignore: (req) => /^\/(health(\/|$)|metrics$)/.test(req.url ?? '') } : false,
    genReqId: (req: IncomingMessage) => (req as IncomingMessage & { id?: string }).id ?? currentRequestId() ?? 'none',
    customLogLevel: (_req: IncomingMessage, res: ServerResponse, error?: Error) => (error || res.statusCode >= 500 ? 'error' : res.statusCode >= 400 ? 'warn' : 'info'),
    serializers: {
      req: (req: { id?: string; method?: string; url?: string; remoteAddress?: string }) => ({
        id: req.id,
        method: req.method,
        url: redactText(req.url ?? ''),
        remoteAddress: req.remoteAddress,
      }),
      // pino-std-serializers says null until it sees headersSent; the raw response knows the status sent.
      res: (res: { statusCode?: number | null; raw?: { statusCode?: number } }) => ({ statusCode: res.raw?.statusCode ?? res.statusCode }),
    },
  };
}

type WithId = Request & { id?: string };

/**
 * The request id: the client's X-Request-Id when sane, else a new one; answered in X-Request-Id, and made
 * current for everything the request runs (registered first in bootstrap, and again as Nest middleware,
 * after the body parsers, whose stream callbacks lose the async context).
 */
export function requestIdMiddleware(req: WithId, res: Response, next: NextFunction): void {
  const id = req.id ?? requestIdFrom(req.headers['x-request-id']);
  req.id = id;
  if (!res.headersSent) res.setHeader('X-Request-Id', id);
  runWithRequestId(id, next);
}

/** nestjs-pino for a process: the API (access lines) or the worker (no HTTP). */
@Module({})
export class LoggingModule implements NestModule {
  configure(consumer: MiddlewareConsumer): void {
    consumer.apply(requestIdMiddleware).forRoutes('{*path}');
  }

  static forProcess(kind: 'api' | 'worker'): DynamicModule {
    return {
      module: LoggingModule,
      imports: [
        PinoLoggerModule.forRootAsync({
          inject: [AppConfig],
          useFactory: (config: AppConfig) => ({ pinoHttp: pinoHttpOptions(config, kind === 'api'), forRoutes: ['{*path}'] }),
        }),
      ],
    };
  }
}
