import { readFileSync } from 'node:fs';
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
  }, 300_000); // may rebuild dist/ first (ensureFreshDist): minutes on a busy 2-core machine
  afterAll(async () => {
    for (const w of workers) {
      w.kill('SIGKILL');
      await w.exited;
    }
    await server.stop();
    await t.close();
  });

  const start = async () => {
    const w = built.start(WORKER_ENV);
    workers.push(w);
    await w.ready();
    return w;
  };
  const bigFeed = async (path: string, n: number, description = (i: number) => `<p>Body of item ${i}</p>`): Promise<SectionFixture> => {
    server.routes.set(path, {
      headers: { 'content-type': 'application/rss+xml; charset=utf-8', etag: `"v1${path}"` },
      body: rss(Array.from({ length: n }, (_, i) => ({ guid: `${path}-${i}`, link: `https://site.example${path}/${i}`, title: `Item ${i} of ${path}`, description: description(i) }))),
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
    // The validators are stored after the last batch only: the restart fetches the whole document again.
    const [mid] = await t.dataSource.query(`SELECT etag, last_body_hash FROM feeds WHERE section_id = $1`, [section.id]);
    expect(mid).toEqual({ etag: null, last_body_hash: null });

    await start();
    // The poll is over when its success is recorded (after its last batch committed): then every figure holds.
    const finished = async () =>
      (await t.dataSource.query(`SELECT last_success_at FROM feeds WHERE section_id = $1`, [section.id]))[0].last_success_at !== null;
    await waitFor(finished, 'the poll after the restart to finish', 90_000);
    expect(await counts(section)).toEqual({ articles: N, identities: N, translations: N });
    const [feed] = await t.dataSource.query(`SELECT item_count, lease_job, last_success_at FROM feeds WHERE section_id = $1`, [section.id]);
    expect(feed.item_count).toBe(N);
    expect(feed.lease_job).toBeNull();
    expect(feed.last_success_at).not.toBeNull();
    // Every fetch until the feed was fully ingested came without If-None-Match: no 304 could skip the rest.
    const validators = server.hitsFor('/big-kill.xml').map((h) => h.headers['if-none-match'] ?? null);
    expect(validators.length).toBeGreaterThanOrEqual(2);
    expect(new Set(validators)).toEqual(new Set([null]));
  }, 180_000);

  it('a 20,000-item feed is ingested in batches: every row once, and the worker\'s peak RSS is read from /proc and reported', async () => {
    for (const w of workers) w.kill('SIGKILL');
    await Promise.all(workers.map((w) => w.exited));
    const N = 20_000;
    const section = await bigFeed('/big-20k.xml', N, (i) => `<p>Body of item ${i}: ${'words of a paragraph '.repeat(8)}</p>`);
    const w = await start();
    const hwm = () => Number(/VmHWM:\s+(\d+)/.exec(readFileSync(`/proc/${w.child.pid}/status`, 'utf8'))![1]) / 1024;
    const before = hwm();
    await waitFor(async () => (await counts(section)).articles >= N, 'all 20,000 items', 420_000, 500);
    await waitFor(async () => (await t.dataSource.query(`SELECT last_success_at FROM feeds WHERE section_id = $1`, [section.id]))[0].last_success_at, 'the poll recorded');
    expect(await counts(section)).toEqual({ articles: N, identities: N, translations: N });
    const peak = hwm();
    process.stdout.write(`20,000-item feed: worker peak RSS ${Math.round(peak)} MB (${Math.round(before)} MB before the feed)\n`);
    // Reported, not asserted: with start:worker's flags it grew from 170 to 317 MB here on a loaded machine (it grew by
    // ~380 MB before those flags), still above the 250 MB target for this feed's longer bodies (bench:ingest's is under it).
  }, 480_000);

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
