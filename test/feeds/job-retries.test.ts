import type { INestApplicationContext } from '@nestjs/common';
import { getQueueToken } from '@nestjs/bullmq';
import type { Job, Queue } from 'bullmq';
import { FEEDS_QUEUE } from '../../src/feeds/jobs/feed-jobs';
import { signBody } from '../../src/feeds/push/signature';
import { makeSection, type SectionFixture } from '../support/factories';
import { TestApp } from '../support/test-app';
import { FeedServer, rss } from './support/feed-server';
import { waitFor } from './support/wait';
import { startWorkerContext } from './support/worker-context';

const DAY = 24 * 3600;

/**
 * An unexpected failure (here PostgreSQL refusing the section's article rows, as a bug or an outage would) is
 * retried by BullMQ with exponential back-off, 4 attempts in all, and a job that fails them all is kept for
 * 14 days for inspection. Observed on the real queue in Redis with the real worker; the test promotes each
 * delayed retry instead of waiting its 5, 10 and 20 s.
 */
describe('ingestion jobs: retries with back-off, failed jobs kept', () => {
  let t: TestApp;
  let worker: INestApplicationContext;
  let server: FeedServer;
  let queue: Queue;
  let admin: string;
  let editor: string;
  const saved = { FETCH_ALLOWLIST: process.env.FETCH_ALLOWLIST };

  beforeAll(async () => {
    process.env.FETCH_ALLOWLIST = '127.0.0.1,::1';
    t = await TestApp.start();
    worker = await startWorkerContext();
    server = await new FeedServer().start();
    queue = t.app.get<Queue>(getQueueToken(FEEDS_QUEUE));
    admin = await t.key('ADMIN');
    editor = await t.key('EDITOR');
    await t.dataSource.query(`CREATE FUNCTION test_refuse_articles() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN RAISE EXCEPTION 'test: article rows refused'; END $$`);
  });
  afterAll(async () => {
    await server.stop();
    await worker.close();
    await t.close();
    if (saved.FETCH_ALLOWLIST === undefined) delete process.env.FETCH_ALLOWLIST;
    else process.env.FETCH_ALLOWLIST = saved.FETCH_ALLOWLIST;
  });

  const refuseArticles = (s: SectionFixture) =>
    t.dataSource.query(
      `CREATE TRIGGER "refuse_${s.id}" BEFORE INSERT OR UPDATE ON articles FOR EACH ROW WHEN (NEW.section_id = '${s.id}') EXECUTE FUNCTION test_refuse_articles()`,
    );
  const acceptArticles = (s: SectionFixture) => t.dataSource.query(`DROP TRIGGER "refuse_${s.id}" ON articles`);
  const titles = async (s: SectionFixture) =>
    (
      await t.dataSource.query<{ title: string }[]>(
        `SELECT t.title FROM articles a JOIN translations t ON t.article_id = a.id AND t.is_original WHERE a.section_id = $1 ORDER BY t.title`,
        [s.id],
      )
    ).map((r) => r.title);

  /** Waits for the job's attempt `n` to fail into a delayed retry; the back-off BullMQ chose for it. */
  const failedInto = async (id: string, n: number): Promise<{ delay: number; reason: string }> => {
    const job = await waitFor(async () => {
      const j = await queue.getJob(id);
      return j && j.attemptsMade === n && (await j.getState()) === 'delayed' ? j : null;
    }, `attempt ${n} of ${id} to fail and be delayed`, 60_000, 50);
    return { delay: job.delay, reason: job.failedReason };
  };
  const promote = async (id: string) => (await queue.getJob(id))!.promote();

  it('a poll that fails unexpectedly is retried after 5, 10 and 20 s, then kept as failed for 14 days', async () => {
    const section = await makeSection(t, admin);
    server.routes.set('/retry.xml', { body: rss([{ guid: 'one', title: 'One' }]) });
    const registered = await t.gql(`mutation($input: RegisterFeedInput!) { registerFeed(input: $input) { id } }`, {
      key: editor,
      variables: { input: { section: section.slug, url: server.url('/retry.xml') } },
    });
    const feedId: string = registered.data!.registerFeed.id;
    // The first (dispatched) poll succeeds; its next one is minutes away, so only the refresh below polls.
    await waitFor(async () => (await titles(section)).length === 1, 'the first poll');

    server.routes.set('/retry.xml', { body: rss([{ guid: 'one', title: 'One' }, { guid: 'two', title: 'Two' }]) });
    await refuseArticles(section);
    const refresh = await t.gql(`mutation($id: ID!) { refreshFeed(id: $id) { id } }`, { key: editor, variables: { id: feedId } });
    const id: string = refresh.data!.refreshFeed.id;

    const retries: number[] = [];
    for (let attempt = 1; attempt <= 3; attempt++) {
      const { delay, reason } = await failedInto(id, attempt);
      retries.push(delay);
      expect(reason).toMatch(/article rows refused/);
      await promote(id);
    }
    expect(retries).toEqual([5_000, 10_000, 20_000]);

    const failed: Job = await waitFor(async () => {
      const j = await queue.getJob(id);
      return j && (await j.getState()) === 'failed' ? j : null;
    }, 'the fourth attempt to fail for good', 60_000);
    expect(failed.attemptsMade).toBe(4);
    expect(failed.failedReason).toMatch(/article rows refused/);
    // Kept (not removed on failure) for 14 days, and listed among the queue's failed jobs.
    expect(failed.opts.removeOnFail).toEqual({ age: 14 * DAY });
    expect((await queue.getFailed()).map((j) => j.id)).toContain(id);
    expect(await titles(section)).toEqual(['One']);

    // Once PostgreSQL accepts the rows again, a retry of the same poll succeeds.
    await acceptArticles(section);
    await failed.retry('failed');
    await waitFor(async () => (await titles(section)).length === 2, 'the retried poll');
    expect(await titles(section)).toEqual(['One', 'Two']);
  }, 180_000);

  it('a push that fails unexpectedly is retried the same way; after the last attempt pushStatus says FAILED, with nothing raw', async () => {
    const section = await makeSection(t, admin);
    const secret = (await t.gql(`mutation($s: String!) { rotatePushSecret(section: $s) }`, { key: admin, variables: { s: section.slug } })).data!.rotatePushSecret;
    await refuseArticles(section);
    const body = rss([{ guid: 'pushed', title: 'Pushed' }]);
    const res = await t.http.post(`/ingest/${section.slug}`).set('Content-Type', 'application/rss+xml').set('X-Hub-Signature-256', signBody(body, secret)).send(body);
    expect(res.status).toBe(202);
    const id: string = res.body.jobId;

    const retries: number[] = [];
    for (let attempt = 1; attempt <= 3; attempt++) {
      retries.push((await failedInto(id, attempt)).delay);
      await promote(id);
    }
    expect(retries).toEqual([5_000, 10_000, 20_000]);

    const STATUS = `query($id: ID!) { pushStatus(id: $id) { id state itemCount error } }`;
    const status = await waitFor(async () => {
      const s = (await t.gql(STATUS, { key: admin, variables: { id } })).data?.pushStatus;
      return s?.state === 'FAILED' ? s : null;
    }, 'the push to be marked FAILED', 60_000);
    expect(status).toMatchObject({ id, state: 'FAILED', itemCount: null });
    expect(status.error).toBeTruthy();
    expect(status.error).not.toMatch(/article rows refused|test_refuse|trigger|postgres/i);
    expect((await queue.getJob(id))!.attemptsMade).toBe(4);
    expect(await titles(section)).toEqual([]);
    await acceptArticles(section);
  }, 180_000);
});
