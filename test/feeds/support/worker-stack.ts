import type { INestApplicationContext } from '@nestjs/common';
import { setEnv } from '../../support/env';
import { TestApp } from '../../support/test-app';
import { FeedServer } from './feed-server';
import { startWorkerContext } from './worker-context';

/** The API, the real worker module and a local feed server, in this process. */
export interface WorkerStack {
  t: TestApp;
  worker: INestApplicationContext;
  server: FeedServer;
  /** Stops all three and puts the environment back. */
  close(): Promise<void>;
}

/**
 * What every test that polls feeds end to end starts with `settings` in the environment (FETCH_ALLOWLIST,
 * FEED_DISPATCH_EVERY_MS, ...). When one of them fails to start, those already started are stopped and the
 * environment is put back before the error is thrown.
 */
export async function startWorkerStack(settings: Record<string, string>): Promise<WorkerStack> {
  const restore = setEnv(settings);
  const started: { t?: TestApp; worker?: INestApplicationContext; server?: FeedServer } = {};
  const close = async () => {
    await started.server?.stop();
    await started.worker?.close();
    await started.t?.close();
    restore();
  };
  try {
    started.t = await TestApp.start();
    started.worker = await startWorkerContext();
    started.server = await new FeedServer().start();
    return { t: started.t, worker: started.worker, server: started.server, close };
  } catch (error) {
    await close();
    throw error;
  }
}
