import { INestApplication } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { Logger as PinoLogger } from 'nestjs-pino';
import type { NestExpressApplication } from '@nestjs/platform-express';
import type { Server } from 'node:http';
import { DataSource } from 'typeorm';
import { AppModule, AppModuleOptions } from './app.module';
import { AppConfig } from './config/app-config';
import { logLevels } from './config/startup';
import { assertMigrated } from './database/data-source';
import { applyHttpDefences } from './http-defences';
import { rawBodyUnder } from './feeds/push/raw-body';
import { PushService } from './feeds/push/push.service';
import { isDraining, startDraining } from './common/draining';

/** Builds the API application (used by main.ts, the demo and the end-to-end tests). */
export async function createApi(options: AppModuleOptions = {}, config = new AppConfig()): Promise<INestApplication> {
  const app = await NestFactory.create<NestExpressApplication>(AppModule.forRoot(options), {
    logger: logLevels(config.logLevel),
    bufferLogs: true,
    bodyParser: true,
  });
  app.useLogger(app.get(PinoLogger));
  applyHttpDefences(app, config);
  // Pushes are verified over their exact bytes: read raw (under PUSH_MAX_BYTES) before the JSON parser sees
  // them, hashed and signed chunk by chunk as they arrive.
  const pushes = app.get(PushService);
  app.use('/ingest', rawBodyUnder(config.push.maxBytes, (section) => pushes.secretsFor(section)));
  // WebSub content distribution: the exact bytes, for X-Hub-Signature (its method is only known from the header).
  app.use('/websub', rawBodyUnder(config.push.maxBytes));
  app.useBodyParser('json', { limit: '2mb' });
  app.use((_req: unknown, res: { setHeader(name: string, value: string): void }, next: () => void) => {
    // While draining, clients open their next request elsewhere.
    if (isDraining()) res.setHeader('Connection', 'close');
    next();
  });
  await assertMigrated(app.get(DataSource));
  return app;
}

/**
 * SIGTERM (docker stop, Kubernetes): readiness turns 503 at once while everything is still served for
 * SHUTDOWN_DELAY_MS, so load balancers stop sending; then the server stops listening and waits for the
 * requests in flight; only then do the pools and connections close (app.close). SIGINT skips the delay.
 * Nest's own signal hooks would stop Apollo and close the pools before the server stopped listening.
 */
export function drainOnSignals(app: INestApplication, config: AppConfig): void {
  const stop = async (signal: NodeJS.Signals) => {
    startDraining();
    if (signal === 'SIGTERM') await new Promise((resolve) => setTimeout(resolve, config.http.shutdownDelayMs));
    const server = app.getHttpServer() as Server;
    await new Promise((resolve) => server.close(resolve));
    await app.close();
    process.exit(0);
  };
  process.once('SIGTERM', (signal) => void stop(signal));
  process.once('SIGINT', (signal) => void stop(signal));
}
