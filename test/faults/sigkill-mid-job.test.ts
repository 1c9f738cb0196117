import { makeSection } from '../support/factories';
import { TestApp } from '../support/test-app';
import { FeedServer, rss } from '../feeds/support/feed-server';
import { waitFor } from '../feeds/support/wait';
import { BuiltWorker, WorkerProcess } from '../feeds/support/worker-process';

const N = 3000;
const LOCK_MS = 2000;
const WORKER_ENV = {
  FETCH_ALLOWLIST: '127.0.0.1,::1',
  FEED_DISPATCH_EVERY_MS: '200',
  FEED_UPSERT_BATCH: '20',
  FEED_JOB_LOCK_MS: String(LOCK_MS),
  LOG_LEVEL: 'log',
};

describe('a worker killed with SIGKILL in the middle of a poll (two worker processes)', () => {
  let t: TestApp;
  let server: FeedServer;
  let built: BuiltWorker;
  const workers: WorkerProcess[] = [];

  beforeAll(async () => {
    built = BuiltWorker.build();
    t = await TestApp.start();
    server = await new FeedServer().start();
  }, 300_000);
  afterAll(async () => {
    for (const w of workers) w.kill('SIGKILL');
    await Promise.all(workers.map((w) => w.exited));
    await server?.stop();
    await t?.close();
  });

  const start = async () => {
    const w = built.start(WORKER_ENV);
    workers.push(w);
    await w.ready();
    return w;
  };

  it('the other worker takes the job over once its lock expires: every item exactly once, validators stored only at the end', async () => {
    const path = '/sigkill.xml';
    // The first fetch is answered only once the second worker is up, so the first worker is still mid-poll
    // (not finished) when it is killed, however fast this machine ingests.
    let secondUp!: () => void;
    const secondReady = new Promise<void>((resolve) => (secondUp = resolve));
    const served = {
      headers: { 'content-type': 'application/rss+xml; charset=utf-8', etag: '"v1-sigkill"' },
      body: rss(Array.from({ length: N }, (_, i) => ({ guid: `${path}-${i}`, link: `https://site.example${path}/${i}`, title: `Item ${i}` }))),
    };
    let fetches = 0;
    server.routes.set(path, () => (++fetches === 1 ? { ...served, until: secondReady } : served));
    const section = await makeSection(t, await t.key('ADMIN'));
    const res = await t.gql(`mutation($input: RegisterFeedInput!) { registerFeed(input: $input) { id } }`, {
      key: await t.key('EDITOR'),
      variables: { input: { section: section.slug, url: server.url(path), locale: 'en' } },
    });
    expect(res.errors).toBeUndefined();
    const counts = async () =>
      (
        await t.dataSource.query(
          `SELECT count(*)::int AS articles, count(DISTINCT identity)::int AS identities,
                  (SELECT count(*)::int FROM translations tr WHERE tr.section_id = $1) AS translations
             FROM articles WHERE section_id = $1`,
          [section.id],
        )
      )[0] as { articles: number; identities: number; translations: number };
    const feedRow = async () =>
      (await t.dataSource.query(`SELECT etag, last_body_hash, item_count, lease_job, last_success_at FROM feeds WHERE section_id = $1`, [section.id]))[0];

    // The first worker alone takes the poll; the second is running (and idle) before the first dies.
    const first = await start();
    await waitFor(async () => fetches > 0, 'the first worker fetching', 60_000, 10);
    const second = await start();
    secondUp();
    await waitFor(async () => (await counts()).articles > 0, 'the first batches', 60_000, 5);
    first.kill('SIGKILL');
    expect((await first.exited).signal).toBe('SIGKILL');
    const killedAt = Date.now();

    const partial = await counts();
    expect(partial.articles).toBeGreaterThan(0);
    expect(partial.articles).toBeLessThan(N);
    // Nothing says the feed was read: the next fetch may not be answered 304 and skip the rest.
    expect(await feedRow()).toMatchObject({ etag: null, last_body_hash: null, last_success_at: null });

    await waitFor(async () => (await feedRow()).last_success_at, 'the poll finished by the second worker', 90_000, 100);
    // Taken over only after the dead worker's lock ran out (never two at once on one feed).
    expect(Date.now() - killedAt).toBeGreaterThanOrEqual(LOCK_MS);
    expect(second.output).toMatch(/poll ingested/);
    expect(second.child.exitCode).toBeNull();

    expect(await counts()).toEqual({ articles: N, identities: N, translations: N });
    expect(await feedRow()).toMatchObject({ etag: '"v1-sigkill"', item_count: N, lease_job: null });
    // Two fetches, both without validators: the killed one and the one that finished.
    const validators = server.hitsFor(path).map((h) => h.headers['if-none-match'] ?? null);
    expect(validators).toEqual([null, null]);
  }, 180_000);
});
