import { getQueueToken } from '@nestjs/bullmq';
import type { Queue } from 'bullmq';
import { FEEDS_QUEUE } from '../../src/feeds/jobs/feed-jobs';
import { makeSection, type SectionFixture } from '../support/factories';
import type { TestApp } from '../support/test-app';
import { type FeedServer, rss, type Served } from './support/feed-server';
import { waitFor } from './support/wait';
import { startWorkerStack, type WorkerStack } from './support/worker-stack';

const FEED_FIELDS = 'id locale pollIntervalMinutes status nextFetchAt';

/** updateFeed and deleteFeed, with the real worker polling a local feed server. */
describe('editing and deleting feeds', () => {
  let t: TestApp;
  let stack: WorkerStack;
  let server: FeedServer;
  let queue: Queue;
  let admin: string;
  let editor: string;

  beforeAll(async () => {
    stack = await startWorkerStack({ FETCH_ALLOWLIST: '127.0.0.1,::1', FEED_DISPATCH_EVERY_MS: '200' });
    ({ t, server } = stack);
    queue = t.app.get<Queue>(getQueueToken(FEEDS_QUEUE));
    admin = await t.key('ADMIN');
    editor = await t.key('EDITOR');
  });
  afterAll(() => stack?.close());

  const register = async (path: string, served: Served, input: Record<string, unknown> = {}) => {
    server.routes.set(path, served);
    const section = await makeSection(t, admin);
    const res = await t.gql(`mutation($input: RegisterFeedInput!) { registerFeed(input: $input) { ${FEED_FIELDS} } }`, {
      key: editor,
      variables: { input: { section: section.slug, url: server.url(path), ...input } },
    });
    expect(res.errors).toBeUndefined();
    return { section, feed: res.data!.registerFeed as { id: string; locale: string | null; pollIntervalMinutes: number } };
  };
  const updateFeed = (id: string, input: Record<string, unknown>, key = editor, lang?: string) =>
    t.gql(`mutation($id: ID!, $input: UpdateFeedInput!) { updateFeed(id: $id, input: $input) { ${FEED_FIELDS} } }`, { key, lang, variables: { id, input } });
  const deleteFeed = (id: string, key = editor, lang?: string) => t.gql(`mutation($id: ID!) { deleteFeed(id: $id) }`, { key, lang, variables: { id } });
  const articlesOf = async (section: SectionFixture) =>
    (await t.gql(`query($s: String) { articles(section: $s) { totalCount edges { node { translation { title } } } } }`, { variables: { s: section.slug } })).data!.articles;
  /** The poll jobs of a feed that have finished, with what they returned. */
  const finishedPolls = async (feedId: string) =>
    (await queue.getJobs(['completed', 'failed'])).filter((j) => j.name === 'poll' && (j.data as { feedId: string }).feedId === feedId);

  it('changes the locale and interval; absent fields stay, null clears them', async () => {
    // A failing feed: its polls never touch the locale or the interval this test looks at.
    const { feed } = await register('/settings.xml', { status: 404, body: 'no feed here' }, { locale: 'sv', pollIntervalMinutes: 120 });
    expect(feed).toMatchObject({ locale: 'sv', pollIntervalMinutes: 120 });

    const interval = await updateFeed(feed.id, { pollIntervalMinutes: 30 });
    expect(interval.errors).toBeUndefined();
    expect(interval.data!.updateFeed).toMatchObject({ locale: 'sv', pollIntervalMinutes: 30 });
    const locale = await updateFeed(feed.id, { locale: 'zh-Hans' });
    expect(locale.data!.updateFeed).toMatchObject({ locale: 'zh', pollIntervalMinutes: 30 });

    const cleared = await updateFeed(feed.id, { locale: null, pollIntervalMinutes: null });
    expect(cleared.errors).toBeUndefined();
    expect(cleared.data!.updateFeed).toMatchObject({ locale: null, pollIntervalMinutes: 30 });
    // A cleared interval adapts again to how often the feed publishes.
    const [row] = await t.dataSource.query(`SELECT interval_fixed FROM feeds WHERE id = $1`, [feed.id]);
    expect(row.interval_fixed).toBe(false);
    expect((await updateFeed(feed.id, { pollIntervalMinutes: 45 })).errors).toBeUndefined();
    const [fixed] = await t.dataSource.query(`SELECT interval_fixed, poll_interval_minutes FROM feeds WHERE id = $1`, [feed.id]);
    expect(fixed).toEqual({ interval_fixed: true, poll_interval_minutes: 45 });
  });

  it('answers bad input, unknown feeds and lesser roles with coded, translated errors', async () => {
    const { feed, section } = await register('/errors.xml', { status: 404, body: 'no feed here' }, { locale: 'en', pollIntervalMinutes: 60 });
    const badLocale = await updateFeed(feed.id, { locale: 'xx' }, editor, 'en');
    expect(badLocale.errors![0]).toMatchObject({ extensions: { code: 'BAD_USER_INPUT' } });
    expect(badLocale.errors![0].message).toContain('Supported languages');
    for (const minutes of [0, -5, 100_000]) {
      const res = await updateFeed(feed.id, { pollIntervalMinutes: minutes }, editor, 'fr');
      expect(res.errors![0].extensions.code).toBe('BAD_USER_INPUT');
      expect(res.errors![0].message).toContain('L’intervalle de relève doit être un nombre entier de minutes');
    }
    const unknown = '00000000-0000-4000-8000-000000000000';
    expect((await updateFeed(unknown, { locale: 'en' }, editor, 'sv')).errors![0]).toMatchObject({ extensions: { code: 'NOT_FOUND' } });
    expect((await deleteFeed(unknown)).errors![0]).toMatchObject({ extensions: { code: 'NOT_FOUND' }, message: `There is no feed "${unknown}".` });
    expect((await deleteFeed('feed-1')).errors![0].extensions.code).toBe('BAD_USER_INPUT');
    const publisher = await t.key('PUBLISHER', { section: section.slug });
    expect((await updateFeed(feed.id, { locale: 'sv' }, publisher)).errors![0].extensions.code).toBe('FORBIDDEN');
    expect((await deleteFeed(feed.id, publisher)).errors![0].extensions.code).toBe('FORBIDDEN');
    const after = await t.gql(`query { feeds { id locale pollIntervalMinutes } }`, { key: admin });
    expect(after.data!.feeds).toContainEqual({ id: feed.id, locale: 'en', pollIntervalMinutes: 60 });
  });

  it('deletes a feed: gone from the lists, its articles stay', async () => {
    const { section, feed } = await register('/kept.xml', { body: rss([{ guid: 'k-1', link: 'https://site.example/k1', title: 'Kept story' }]) });
    await waitFor(async () => (await articlesOf(section)).totalCount === 1, 'the item ingested');
    const res = await deleteFeed(feed.id, admin);
    expect(res.errors).toBeUndefined();
    expect(res.data!.deleteFeed).toBe(true);
    const feeds = await t.gql(`query($s: String!) { feeds(section: $s) { id } section(slug: $s) { feeds { id } } }`, { key: editor, variables: { s: section.slug } });
    expect(feeds.data).toEqual({ feeds: [], section: { feeds: [] } });
    expect((await articlesOf(section)).edges).toEqual([{ node: { translation: { title: 'Kept story' } } }]);
    expect((await deleteFeed(feed.id)).errors![0].extensions.code).toBe('NOT_FOUND');
  });

  it('discards a poll in flight: a feed deleted while its response was on the way gets nothing written', async () => {
    let answer!: () => void;
    const held = new Promise<void>((resolve) => (answer = resolve));
    const body = rss([
      { guid: 'late-1', link: 'https://site.example/late1', title: 'Late story one' },
      { guid: 'late-2', link: 'https://site.example/late2', title: 'Late story two' },
    ]);
    const { section, feed } = await register('/slow.xml', { body, until: held });
    await waitFor(async () => server.hitsFor('/slow.xml').length > 0, 'the worker fetching the feed');

    expect((await deleteFeed(feed.id)).data!.deleteFeed).toBe(true);
    answer();
    const outcomes = await waitFor(async () => {
      const done = (await finishedPolls(feed.id)).map((j) => (j.returnvalue as { outcome: string } | null)?.outcome);
      return done.some((o) => o !== 'skipped') ? done : null;
    }, 'the poll that fetched to finish');
    expect(outcomes).toContain('gone');
    expect(outcomes).not.toContain('ingested');
    expect(await articlesOf(section)).toEqual({ totalCount: 0, edges: [] });
    const [rows] = await t.dataSource.query(`SELECT count(*)::int AS n FROM articles WHERE section_id = $1`, [section.id]);
    expect(rows.n).toBe(0);
    expect(await t.dataSource.query(`SELECT id FROM feeds WHERE id = $1`, [feed.id])).toEqual([]);
  });
});
