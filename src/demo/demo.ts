import 'reflect-metadata';
import { ChildProcess, spawn } from 'node:child_process';
import { join } from 'node:path';
import { AuthService } from '../auth/auth.service';
import { AppConfig } from '../config/app-config';
import { createApi } from '../bootstrap';
import { validatedConfigOrExit } from '../config/startup';
import { migrate } from '../database/migrate';
import { registerDemoFeeds, startDemoFeedServer } from './demo-feeds';
import { registerDemoMentions } from './demo-mentions';
import { seedDemo } from './seed';

/**
 * `npm run demo`: migrates the database, loads the demo sections and articles, creates an ADMIN key,
 * then runs the API and the worker until Ctrl-C.
 */
async function main() {
  // The demo talks to a person: warnings only from the API too (JSON access lines would bury the examples).
  if (!process.env.LOG_LEVEL) process.env.LOG_LEVEL = 'warn';
  const config = validatedConfigOrExit();
  const applied = await migrate(config);
  if (applied.length) console.log(`Applied migrations: ${applied.join(', ')}`);

  // The demo's feeds come from a local server; the API and the worker may fetch from loopback for the demo only.
  if (!process.env.FETCH_ALLOWLIST) process.env.FETCH_ALLOWLIST = '127.0.0.1';
  const app = await createApi({}, new AppConfig());
  const seeded = await seedDemo(app);
  console.log(`Demo data: ${seeded.sections} new sections, ${seeded.articles} new articles.`);
  const feedServer = await startDemoFeedServer();
  const feeds = await registerDemoFeeds(app, feedServer.base);
  console.log(`Demo feeds: ${feeds} registered, served from ${feedServer.base}/feeds/ (a new item every minute; the worker polls them).`);
  const outside = await registerDemoMentions(app, feedServer.base);
  console.log(`Demo mentions: ${outside.watches} new watch, ${outside.sources} new outside sources (${feedServer.base}/outside/).`);
  const { key } = await app.get(AuthService).createKey({ role: 'ADMIN', name: `demo admin ${new Date().toISOString()}` });

  await app.listen(config.port, config.host);
  const worker = startWorker();
  const host = config.host === '0.0.0.0' ? 'localhost' : config.host;
  const url = `http://${host}:${config.port}/graphql`;

  console.log(`
An ADMIN API key for this demo (shown once):
  ${key}

Try:
  curl -s ${url} -H 'Content-Type: application/json' -H 'Accept-Language: ur' \\
    -d '{"query":"{ articles(first: 3) { edges { node { section { slug } translation { locale isFallback title } missingLocales } } } }"}'

Watch the feeds being ingested (status, last fetch, item count):
  curl -s ${url} -H 'Content-Type: application/json' -H "Authorization: Bearer ${key}" \\
    -d '{"query":"{ feeds { url status format locale itemCount lastFetchedAt nextFetchAt lastError } }"}'

Where the organisation is named on other sites (found by the worker in a few seconds):
  curl -s ${url} -H 'Content-Type: application/json' -H "Authorization: Bearer ${key}" \\
    -d '{"query":"{ mentions { totalCount edges { node { sourceName locale matchedTerms excerpt } } } }"}'

Press Ctrl-C to stop.

GraphQL: ${url}`);

  const stop = async () => {
    worker.kill('SIGTERM');
    feedServer.server.close();
    await app.close();
    process.exit(0);
  };
  process.once('SIGINT', () => void stop());
  process.once('SIGTERM', () => void stop());
}

/** The worker runs as its own process, as in production (a small young generation keeps its RSS low). */
function startWorker(): ChildProcess {
  const child = spawn(process.execPath, ['--max-semi-space-size=4', '--max-old-space-size=512', join(__dirname, '..', 'worker.js')], {
    stdio: 'inherit',
    // Its start-up chatter would bury the URL printed above; warnings and errors still show.
    env: { ...process.env, LOG_LEVEL: process.env.LOG_LEVEL ?? 'warn' },
  });
  child.on('exit', (code, signal) => {
    if (signal !== 'SIGTERM' && code !== 0) console.error(`The worker stopped (${signal ?? code}).`);
  });
  return child;
}

main().catch((error: unknown) => {
  console.error(error instanceof Error ? error.message : error);
  process.exit(1);
});
