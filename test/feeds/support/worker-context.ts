import type { INestApplicationContext } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { logLevels } from '../../../src/config/startup';
import { WorkerModule } from '../../../src/worker.module';

/** The real worker module in this process (BullMQ worker, dispatcher scheduler, ingestion services). */
export async function startWorkerContext(): Promise<INestApplicationContext> {
  const app = await NestFactory.createApplicationContext(WorkerModule, { logger: logLevels(process.env.LOG_LEVEL ?? 'error') });
  await app.init();
  return app;
}
