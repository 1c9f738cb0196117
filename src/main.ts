import 'reflect-metadata';
import { Logger } from '@nestjs/common';
import { createApi, validatedConfigOrExit } from './bootstrap';

async function main() {
  const config = validatedConfigOrExit();
  const app = await createApi({ writeSchema: !config.isProduction && process.env.WRITE_SCHEMA === '1' }, config);
  await app.listen(config.port, config.host);
  const host = config.host === '0.0.0.0' ? 'localhost' : config.host;
  new Logger('Api').log(`newsdesk API ready: http://${host}:${config.port}/graphql`);
}

main().catch((error: unknown) => {
  console.error(error instanceof Error ? error.message : error);
  process.exit(1);
});
