import { Queue } from 'bullmq';
import { DISPATCH_SCHEDULER_ID as FEEDS_DISPATCH, FEEDS_QUEUE } from '../../src/feeds/jobs/feed-jobs';
import { signBody } from '../../src/feeds/push/signature';
import { DISPATCH_SCHEDULER_ID as MENTIONS_DISPATCH, MENTIONS_QUEUE } from '../../src/mentions/jobs/mention-jobs';
import { DIGEST_QUEUE, DIGEST_SCHEDULER_ID } from '../../src/translations/jobs/translation-digest.processor';
import { makeSection, type SectionFixture } from '../support/factories';
import { PrivateRedis } from '../support/private-services';
import { TestApp } from '../support/test-app';
import { FeedServer, rss } from '../feeds/support/feed-server';
import { waitFor } from '../feeds/support/wait';
import { BuiltWorker, WorkerProcess } from '../feeds/support/worker-process';

const OUTAGE_MS = 10_000;

describe('Redis down for 10 s during reads and ingestion (a private redis-server, never the shared one)', () => {
  let redis: PrivateRedis;
  let t: TestApp;
  let server: FeedServer;
  let built: BuiltWorker;
  let worker: WorkerProcess;
  let admin: string;
  let editor: string;
  const saved = process.env.REDIS_URL;

  beforeAll(async () => {
    built = BuiltWorker.build();
    redis = await PrivateRedis.start();
    process.env.REDIS_URL = redis.url();
    t = await TestApp.start();
    server = await new FeedServer().start();
    admin = await t.key('ADMIN');
    editor = await t.key('EDITOR');
    worker = built.start({ REDIS_URL: redis.url(), FETCH_ALLOWLIST: '127.0.0.1,::1', FEED_DISPATCH_EVERY_MS: '200', LOG_LEVEL: 'log', HOST: '127.0.0.1', WORKER_METRICS_PORT: '0' });
    await worker.ready();
    await waitFor(async () => /worker metrics and health on port (\d+)/.test(worker.output), 'the worker health port');
  }, 300_000); // may rebuild dist/ first (ensureFreshDist)
  afterAll(async () => {
    worker?.kill('SIGKILL');
    await worker?.exited;
    await server?.stop();
    await t?.close();
    await redis?.cleanup();
    process.env.REDIS_URL = saved;
  });

  const register = async (path: string, titles: string[]): Promise<{ section: SectionFixture; feedId: string }> => {
    server.routes.set(path, { body: rss(titles.map((title, i) => ({ guid: `${path}-${i}`, title }))) });
    const section = await makeSection(t, admin);
    const res = await t.gql(`mutation($input: RegisterFeedInput!) { registerFeed(input: $input) { id } }`, {
      key: editor,
      variables: { input: { section: section.slug, url: server.url(path) } },
    });
    expect(res.errors).toBeUndefined();
    return { section, feedId: res.data!.registerFeed.id };
  };
  const titles = async (s: SectionFixture) => {
    const res = await t.gql(`query($s: String) { articles(section: $s) { edges { node { translation { title } } } } }`, { variables: { s: s.slug } });
    return { status: res.status, titles: res.data?.articles.edges.map((e: { node: { translation: { title: string } } }) => e.node.translation.title).sort() };
  };
  // What a load balancer and an orchestrator ask: GET /health/ready of the API and of the worker.
  const readiness = async () => (await t.http.get('/health/ready')).status;
  const workerReadiness = async () => {
    const port = /worker metrics and health on port (\d+)/.exec(worker.output)![1];
    return (await fetch(`http://127.0.0.1:${port}/health/ready`)).status;
  };
  const timed = async <T>(work: () => Promise<T>): Promise<{ ms: number; value: T }> => {
    const started = Date.now();
    const value = await work();
    return { ms: Date.now() - started, value };
  };
  const schedulers = async () => {
    const found: string[] = [];
    for (const [name, id] of [[FEEDS_QUEUE, FEEDS_DISPATCH], [MENTIONS_QUEUE, MENTIONS_DISPATCH], [DIGEST_QUEUE, DIGEST_SCHEDULER_ID]]) {
      const queue = new Queue(name, { connection: { url: redis.url() }, prefix: process.env.REDIS_PREFIX });
      if (await queue.getJobScheduler(id)) found.push(id);
      await queue.close();
    }
    return found.sort();
  };

  it('reads go on, enqueues fail in under 2 s and translated, readiness turns and returns, work and schedulers resume without restarts', async () => {
    const { section, feedId } = await register('/outage.xml', ['Before the outage']);
    await waitFor(async () => (await titles(section)).titles?.length === 1, 'the feed ingested before the outage');
    await waitFor(async () => (await schedulers()).length === 3, 'the three schedulers registered');
    const secret = (await t.gql(`mutation($s: String!) { rotatePushSecret(section: $s) }`, { key: admin, variables: { s: section.slug } })).data!.rotatePushSecret;
    expect(await readiness()).toBe(200);
    expect(await workerReadiness()).toBe(200);

    await redis.stop();
    const outageEnds = Date.now() + OUTAGE_MS;

    // Enqueues: a translated SERVICE_UNAVAILABLE, fast.
    const refresh = await timed(() => t.gql(`mutation($id: ID!) { refreshFeed(id: $id) { id } }`, { key: editor, lang: 'fr', variables: { id: feedId } }));
    expect(refresh.ms).toBeLessThan(2000);
    expect(refresh.value.errors?.[0].extensions.code).toBe('SERVICE_UNAVAILABLE');
    expect(refresh.value.errors?.[0].message).toMatch(/indisponible/);
    const body = rss([{ guid: 'pushed', title: 'Pushed during the outage' }]);
    const push = await timed(() =>
      t.http.post(`/ingest/${section.slug}`).set('X-Hub-Signature-256', signBody(body, secret)).set('Content-Type', 'application/rss+xml').set('Accept-Language', 'sv').send(body),
    );
    expect(push.ms).toBeLessThan(2000);
    expect(push.value.status).toBe(503);
    expect(push.value.body).toMatchObject({ code: 'SERVICE_UNAVAILABLE' });

    // Readiness turns (a load balancer stops sending writes); reads keep answering all along.
    expect(await readiness()).toBe(503);
    expect((await t.http.get('/health/ready')).body).toMatchObject({ ready: false, redis: 'down' });
    await waitFor(async () => (await workerReadiness()) === 503, 'the worker not ready', 5_000, 100);
    // Liveness never depends on Redis: nobody restarts a process for an outage it rides out.
    expect((await t.http.get('/health/live')).status).toBe(200);
    // The source moves on meanwhile: its new item must arrive once Redis is back.
    server.routes.set('/outage.xml', { body: rss([{ guid: '/outage.xml-0', title: 'Before the outage' }, { guid: 'new', title: 'Published during the outage' }]) });
    let reads = 0;
    while (Date.now() < outageEnds) {
      expect(await titles(section)).toEqual({ status: 200, titles: ['Before the outage'] });
      reads++;
      await new Promise((r) => setTimeout(r, 250));
    }
    expect(reads).toBeGreaterThan(10);

    // Back, empty (no persistence): readiness returns, the schedulers (the digest's too) come back by themselves.
    await redis.start();
    await waitFor(async () => (await readiness()) === 200, 'readiness back', 30_000, 200);
    await waitFor(async () => (await workerReadiness()) === 200, 'the worker ready again', 30_000, 200);
    await waitFor(async () => (await schedulers()).length === 3, 'every scheduler back', 30_000, 200);
    expect(await schedulers()).toEqual([DIGEST_SCHEDULER_ID, FEEDS_DISPATCH, MENTIONS_DISPATCH].sort());

    // What was refused is accepted again, and the worker (never restarted) does it: nothing is lost.
    expect((await t.gql(`mutation($id: ID!) { refreshFeed(id: $id) { id } }`, { key: editor, variables: { id: feedId } })).errors).toBeUndefined();
    const again = await t.http.post(`/ingest/${section.slug}`).set('X-Hub-Signature-256', signBody(body, secret)).set('Content-Type', 'application/rss+xml').send(body);
    expect(again.status).toBeLessThan(300);
    await waitFor(async () => (await titles(section)).titles?.length === 3, 'the new and the pushed items', 60_000, 200);
    expect((await titles(section)).titles).toEqual(['Before the outage', 'Published during the outage', 'Pushed during the outage'].sort());
    expect(worker.child.exitCode).toBeNull();
  }, 150_000);
});
