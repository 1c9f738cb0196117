import { Queue } from 'bullmq';
import { DISPATCH_SCHEDULER_ID as FEEDS_DISPATCH } from '../../src/feeds/jobs/feed-jobs';
import { FEEDS_QUEUE } from '../../src/feeds/jobs/feed-jobs';
import { DISPATCH_SCHEDULER_ID as MENTIONS_DISPATCH, MENTIONS_QUEUE } from '../../src/mentions/jobs/mention-jobs';
import { signBody } from '../../src/feeds/push/signature';
import { DIGEST_QUEUE, DIGEST_SCHEDULER_ID } from '../../src/translations/jobs/translation-digest.processor';
import { makeSection, type SectionFixture } from '../support/factories';
import { TestApp } from '../support/test-app';
import { FeedServer, rss } from './support/feed-server';
import { waitFor } from './support/wait';
import { PrivateRedis } from '../support/private-services';
import { BuiltWorker, WorkerProcess } from './support/worker-process';

describe('Redis stopped and restarted (a private redis-server, never the shared one)', () => {
  let redis: PrivateRedis;
  let t: TestApp;
  let server: FeedServer;
  let built: BuiltWorker;
  let worker: WorkerProcess;
  let admin: string;
  let editor: string;
  const saved = { REDIS_URL: process.env.REDIS_URL, FETCH_ALLOWLIST: process.env.FETCH_ALLOWLIST };

  beforeAll(async () => {
    built = BuiltWorker.build();
    // Its own port, passed to redis-server and retried when taken: never picked, closed and raced for.
    redis = await PrivateRedis.start({ settings: { 'maxmemory-policy': 'noeviction' } });
    process.env.REDIS_URL = redis.url();
    t = await TestApp.start();
    server = await new FeedServer().start();
    admin = await t.key('ADMIN');
    editor = await t.key('EDITOR');
    worker = built.start({ REDIS_URL: redis.url(), FETCH_ALLOWLIST: '127.0.0.1,::1', FEED_DISPATCH_EVERY_MS: '200', LOG_LEVEL: 'log' });
    await worker.ready();
  }, 300_000); // may rebuild dist/ first (ensureFreshDist), then starts a worker: minutes on a busy machine
  afterAll(async () => {
    worker?.kill('SIGKILL');
    await worker?.exited;
    await server.stop();
    await t.close();
    await redis?.cleanup();
    Object.assign(process.env, saved);
  });

  const feed = async (path: string, titles: string[]): Promise<SectionFixture> => {
    server.routes.set(path, { body: rss(titles.map((title, i) => ({ guid: `${path}-${i}`, title }))) });
    const section = await makeSection(t, admin);
    const res = await t.gql(`mutation($input: RegisterFeedInput!) { registerFeed(input: $input) { id } }`, {
      key: editor,
      variables: { input: { section: section.slug, url: server.url(path) } },
    });
    expect(res.errors).toBeUndefined();
    return section;
  };
  const titles = async (s: SectionFixture) => {
    const res = await t.gql(`query($s: String) { articles(section: $s) { edges { node { translation { title } } } } }`, { variables: { s: s.slug } });
    return res.data?.articles.edges.map((e: { node: { translation: { title: string } } }) => e.node.translation.title).sort();
  };

  it('reads go on, /health says Redis is down, enqueues fail fast and translated, and the worker resumes', async () => {
    const before = await feed('/before.xml', ['Before the outage']);
    await waitFor(async () => (await titles(before))?.length === 1, 'the first feed ingested');

    await redis.kill();

    expect(await titles(before)).toEqual(['Before the outage']);
    const health = await t.http.get('/health');
    expect(health.status).toBe(200);
    expect(health.body).toMatchObject({ postgres: 'up', redis: 'down', status: 'degraded' });

    const [{ id }] = await t.dataSource.query(`SELECT id FROM feeds WHERE section_id = $1`, [before.id]);
    const refresh = await t.gql(`mutation($id: ID!) { refreshFeed(id: $id) { id } }`, { key: editor, lang: 'fr', variables: { id } });
    expect(refresh.errors?.[0].message).toMatch(/Redis/);
    expect(refresh.errors?.[0].message).toMatch(/indisponible/);

    const secret = (await t.gql(`mutation($s: String!) { rotatePushSecret(section: $s) }`, { key: admin, variables: { s: before.slug } })).data!.rotatePushSecret;
    const body = rss([{ guid: 'pushed', title: 'Pushed while down' }]);
    const push = await t.http.post(`/ingest/${before.slug}`).set('X-Hub-Signature-256', signBody(body, secret)).set('Content-Type', 'application/rss+xml').send(body);
    expect(push.status).toBe(503);
    expect(push.body.code).toBe('SERVICE_UNAVAILABLE');
    // Not queued, so not kept: the sender is told to try again.
    expect(await t.dataSource.query(`SELECT id FROM pushed_documents WHERE section_id = $1`, [before.id])).toEqual([]);

    // Redis comes back empty (no persistence): the worker reconnects and registers its dispatcher again.
    await redis.start();
    const after = await feed('/after.xml', ['After the outage']);
    await waitFor(async () => (await titles(after))?.length === 1, 'a feed registered after the restart ingested', 60_000, 200);
    await waitFor(async () => (await t.http.get('/health')).body.redis === 'up', 'health back up');
    const again = await t.gql(`mutation($id: ID!) { refreshFeed(id: $id) { id } }`, { key: editor, variables: { id } });
    expect(again.errors).toBeUndefined();
  }, 180_000);

  it('brings every job scheduler back after a restart that emptied Redis, the daily digest included, without restarting the worker', async () => {
    const scheduled = async () => {
      const found: string[] = [];
      for (const [name, id] of [[FEEDS_QUEUE, FEEDS_DISPATCH], [MENTIONS_QUEUE, MENTIONS_DISPATCH], [DIGEST_QUEUE, DIGEST_SCHEDULER_ID]]) {
        const queue = new Queue(name, { connection: { url: redis.url() }, prefix: process.env.REDIS_PREFIX });
        if (await queue.getJobScheduler(id)) found.push(id);
        await queue.close();
      }
      return found.sort();
    };
    const all = [DIGEST_SCHEDULER_ID, FEEDS_DISPATCH, MENTIONS_DISPATCH].sort();
    await waitFor(async () => (await scheduled()).length === 3, 'the schedulers registered at start');

    const seen = worker.output.length;
    await redis.kill();
    // Real signals that the outage was noticed on both sides before Redis comes back (empty): the worker's
    // connection reported the refused reconnect, and the API's /health says Redis is down.
    await waitFor(async () => /ECONNREFUSED/.test(worker.output.slice(seen)), 'the worker to see Redis gone', 30_000, 100);
    await waitFor(async () => (await t.http.get('/health')).body.redis === 'down', 'the API to see Redis gone', 30_000, 100);
    await redis.start();

    await waitFor(async () => (await scheduled()).length === 3, 'every scheduler back', 30_000, 200);
    expect(await scheduled()).toEqual(all);
    expect(worker.child.exitCode).toBeNull();
  }, 60_000);
});
