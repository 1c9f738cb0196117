import 'reflect-metadata';
import { Logger } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { Logger as PinoLogger } from 'nestjs-pino';
import { DataSource } from 'typeorm';
import { logLevels, validatedConfigOrExit } from './config/startup';
import { assertMigrated } from './database/data-source';
import { WorkerModule } from './worker.module';

/** The BullMQ worker process. SIGTERM lets active jobs finish (worker.close()) before pools close. */
async function main() {
  const config = validatedConfigOrExit();
  const app = await NestFactory.createApplicationContext(WorkerModule, { logger: logLevels(config.logLevel), bufferLogs: true });
  app.useLogger(app.get(PinoLogger));
  await assertMigrated(app.get(DataSource));
  app.enableShutdownHooks();
  await app.init();
  new Logger('Worker').log(`newsdesk worker running (queues under "${config.redisPrefix}")`);
}

main().catch((error: unknown) => {
  console.error(error instanceof Error ? error.message : error);
  process.exit(1);
});
