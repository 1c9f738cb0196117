import { Client } from 'pg';
import { AppConfig } from '../../src/config/app-config';
import { parseEnv } from '../../src/config/env.schema';
import { migrate } from '../../src/database/migrate';
import { makeArticle, makeSection, type SectionFixture } from '../support/factories';
import { PrivatePostgres } from '../support/private-services';
import { TestApp } from '../support/test-app';
import { waitFor } from '../feeds/support/wait';

/** What the driver would have said: none of it may reach a client. */
const RAW = /ECONNREFUSED|127\.0\.0\.1|Context creation failed|Connection terminated|postgres/i;
/** The replica applies each commit this long after the primary made it: a read that trusted it would see the past. */
const APPLY_DELAY = '4s';

describe('PostgreSQL read replicas (a private primary and a pg_basebackup streaming replica)', () => {
  let primary: PrivatePostgres;
  let replica: PrivatePostgres;
  let t: TestApp;
  let admin: string;
  let editor: string;
  let section: SectionFixture;
  const saved = { url: process.env.DATABASE_URL, replicas: process.env.DATABASE_REPLICA_URLS };

  beforeAll(async () => {
    primary = await PrivatePostgres.start({ settings: { log_statement: 'all' } });
    process.env.DATABASE_URL = primary.url('newsdesk');
    await migrate(new AppConfig(parseEnv()));
    replica = await primary.startReplica({ settings: { log_statement: 'all', recovery_min_apply_delay: APPLY_DELAY } });
    process.env.DATABASE_REPLICA_URLS = replica.url('newsdesk');
    t = await TestApp.start();
    admin = await t.key('ADMIN');
    editor = await t.key('EDITOR');
    section = await makeSection(t, admin);
    await makeArticle(t, editor, section.slug, { title: 'First' });
  }, 120_000);
  afterAll(async () => {
    await t?.close();
    await replica?.cleanup();
    await primary?.cleanup();
    process.env.DATABASE_URL = saved.url;
    process.env.DATABASE_REPLICA_URLS = saved.replicas;
  });

  const titles = async (key?: string, first = 20) => {
    const res = await t.gql(`query($s: String, $n: Int) { articles(section: $s, first: $n) { edges { node { translation { title } } } } }`, {
      key,
      variables: { s: section.slug, n: first },
    });
    expect(JSON.stringify(res.errors ?? null)).not.toMatch(RAW);
    return { status: res.status, titles: res.data?.articles.edges.map((e: { node: { translation: { title: string } } }) => e.node.translation.title).sort() };
  };
  /** Runs `work` and says which server ran the article list query of the section (from their statement logs). */
  const servedBy = async <T>(work: () => Promise<T>): Promise<{ value: T; replica: boolean; primary: boolean }> => {
    const from = { replica: replica.log().length, primary: primary.log().length };
    const value = await work();
    // The list query filters by the section's id: it appears in the statement's logged parameters.
    const ran = (log: string) => /FROM articles a\s+WHERE/.test(log) && log.includes(section.id);
    return { value, replica: ran(replica.log().slice(from.replica)), primary: ran(primary.log().slice(from.primary)) };
  };
  const onReplica = async <T>(sql: string, params: unknown[] = []): Promise<T[]> => {
    const client = new Client({ connectionString: replica.url('newsdesk') });
    await client.connect();
    try {
      return (await client.query(sql, params)).rows as T[];
    } finally {
      await client.end();
    }
  };
  const caughtUp = async () => {
    const [{ lsn }] = await t.dataSource.query(`SELECT pg_current_wal_lsn()::text AS lsn`);
    await waitFor(async () => (await onReplica<{ ok: boolean }>(`SELECT pg_last_wal_replay_lsn() >= $1::pg_lsn AS ok`, [lsn]))[0].ok, 'the replica caught up', 30_000, 200);
  };

  it('sends anonymous reads to the replica once it has replayed the last write, and keyed reads to the primary', async () => {
    await caughtUp();
    const anonymous = await servedBy(() => titles(undefined, 11));
    expect(anonymous.value).toEqual({ status: 200, titles: ['First'] });
    expect(anonymous).toMatchObject({ replica: true, primary: false });

    const keyed = await servedBy(() => titles(editor, 12));
    expect(keyed.value).toEqual({ status: 200, titles: ['First'] });
    expect(keyed).toMatchObject({ replica: false, primary: true });
  }, 60_000);

  it('a read right after a publish shows it, though the replica has not replayed it yet; then reads return to the replica', async () => {
    for (const title of ['Published now', 'Published again']) {
      const article = await makeArticle(t, editor, section.slug, { title });
      const read = await servedBy(() => titles());
      expect(read.value.titles).toContain(title);
      expect(read).toMatchObject({ replica: false, primary: true });
      // The replica was behind indeed: trusting it would have shown the older list.
      expect(await onReplica(`SELECT id FROM articles WHERE id = $1`, [article.id])).toEqual([]);
    }

    await caughtUp();
    const later = await servedBy(() => titles(undefined, 13));
    expect(later.value).toEqual({ status: 200, titles: ['First', 'Published again', 'Published now'] });
    expect(later).toMatchObject({ replica: true, primary: false });
  }, 60_000);

  it('answers from the primary while the replica is down, without an error, and uses the replica again once it is back', async () => {
    await caughtUp();
    await replica.stop();
    const during = await servedBy(() => titles(undefined, 14));
    expect(during.value).toEqual({ status: 200, titles: ['First', 'Published again', 'Published now'] });
    expect(during.primary).toBe(true);
    // The answer the read cache kept is served as well (another variant, a fresh execution each time).
    for (const first of [15, 16, 17]) expect(await titles(undefined, first)).toEqual({ status: 200, titles: ['First', 'Published again', 'Published now'] });

    await replica.start();
    let n = 20;
    await waitFor(async () => (await servedBy(() => titles(undefined, n++))).replica, 'anonymous reads on the replica again', 30_000, 200);
  }, 60_000);
});
