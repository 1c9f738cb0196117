import 'reflect-metadata';
import { Logger } from '@nestjs/common';
import type { AddressInfo, Server } from 'node:net';
import { createApi, drainOnSignals } from './bootstrap';
import { validatedConfigOrExit } from './config/startup';

async function main() {
  const config = validatedConfigOrExit();
  const app = await createApi({ writeSchema: !config.isProduction && process.env.WRITE_SCHEMA === '1' }, config);
  await app.listen(config.port, config.host);
  drainOnSignals(app, config);
  const host = config.host === '0.0.0.0' ? 'localhost' : config.host;
  // The bound port (PORT=0 picks a free one: tests read it here rather than guess one).
  const { port } = (app.getHttpServer() as Server).address() as AddressInfo;
  new Logger('Api').log(`newsdesk API ready: http://${host}:${port}/graphql`);
}

main().catch((error: unknown) => {
  console.error(error instanceof Error ? error.message : error);
  process.exit(1);
});
