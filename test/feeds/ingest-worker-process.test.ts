import { makeSection, type SectionFixture } from '../support/factories';
import { TestApp } from '../support/test-app';
import { FeedServer, rss } from './support/feed-server';
import { waitFor } from './support/wait';
import { BuiltWorker, WorkerProcess } from './support/worker-process';

const WORKER_ENV = {
  FETCH_ALLOWLIST: '127.0.0.1,::1',
  FEED_DISPATCH_EVERY_MS: '200',
  FEED_UPSERT_BATCH: '20',
  FEED_JOB_LOCK_MS: '2000',
  LOG_LEVEL: 'log',
};

describe('a real worker process (node worker.js)', () => {
  let t: TestApp;
  let server: FeedServer;
  let built: BuiltWorker;
  let admin: string;
  let editor: string;
  const workers: WorkerProcess[] = [];

  beforeAll(async () => {
    built = BuiltWorker.build();
    t = await TestApp.start();
    server = await new FeedServer().start();
    admin = await t.key('ADMIN');
    editor = await t.key('EDITOR');
  }, 120_000);
  afterAll(async () => {
    for (const w of workers) {
      w.kill('SIGKILL');
      await w.exited;
    }
    await server.stop();
    await t.close();
    built.remove();
  });

  const start = async () => {
    const w = built.start(WORKER_ENV);
    workers.push(w);
    await w.ready();
    return w;
  };
  const bigFeed = async (path: string, n: number): Promise<SectionFixture> => {
    server.routes.set(path, {
      body: rss(Array.from({ length: n }, (_, i) => ({ guid: `${path}-${i}`, link: `https://site.example${path}/${i}`, title: `Item ${i} of ${path}`, description: `<p>Body of item ${i}</p>` }))),
    });
    const section = await makeSection(t, admin);
    const res = await t.gql(`mutation($input: RegisterFeedInput!) { registerFeed(input: $input) { id } }`, {
      key: editor,
      variables: { input: { section: section.slug, url: server.url(path), locale: 'en' } },
    });
    expect(res.errors).toBeUndefined();
    return section;
  };
  const counts = async (s: SectionFixture) => {
    const [row] = await t.dataSource.query(
      `SELECT count(*)::int AS articles, count(DISTINCT identity)::int AS identities,
              (SELECT count(*)::int FROM translations tr WHERE tr.section_id = $1) AS translations
         FROM articles WHERE section_id = $1`,
      [s.id],
    );
    return row as { articles: number; identities: number; translations: number };
  };

  it('SIGKILL in the middle of a large feed, then a restart: every item exactly once', async () => {
    const N = 4000;
    const section = await bigFeed('/big-kill.xml', N);
    const first = await start();
    await waitFor(async () => (await counts(section)).articles > 0, 'the first batches', 60_000, 10);
    first.kill('SIGKILL');
    const exit = await first.exited;
    expect(exit.signal).toBe('SIGKILL');
    const partial = await counts(section);
    expect(partial.articles).toBeGreaterThan(0);
    expect(partial.articles).toBeLessThan(N);

    await start();
    await waitFor(async () => (await counts(section)).articles >= N, 'all items after the restart', 90_000);
    expect(await counts(section)).toEqual({ articles: N, identities: N, translations: N });
    const [feed] = await t.dataSource.query(`SELECT item_count, lease_job, last_success_at FROM feeds WHERE section_id = $1`, [section.id]);
    expect(feed.item_count).toBe(N);
    expect(feed.lease_job).toBeNull();
    expect(feed.last_success_at).not.toBeNull();
  }, 180_000);

  it('SIGTERM lets the active poll finish before the process exits', async () => {
    for (const w of workers) w.kill('SIGKILL');
    await Promise.all(workers.map((w) => w.exited));
    const N = 3000;
    const section = await bigFeed('/big-term.xml', N);
    const w = await start();
    await waitFor(async () => (await counts(section)).articles > 0, 'the first batches', 60_000, 10);
    w.kill('SIGTERM');
    await w.exited;
    expect(await counts(section)).toEqual({ articles: N, identities: N, translations: N });
  }, 180_000);
});
