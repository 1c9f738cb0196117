import type { INestApplicationContext } from '@nestjs/common';
import { signBody } from '../../src/feeds/push/signature';
import { makeSection, type SectionFixture } from '../support/factories';
import { TestApp } from '../support/test-app';
import { rss } from './support/feed-server';
import { waitFor } from './support/wait';
import { startWorkerContext } from './support/worker-context';

/** Pushes are parsed by the worker, never on the request: the API answers 202 and pushStatus tells the rest. */
describe('push status (202 before parsing, then INGESTED or FAILED)', () => {
  let t: TestApp;
  let worker: INestApplicationContext | null = null;
  let admin: string;

  beforeAll(async () => {
    t = await TestApp.start();
    admin = await t.key('ADMIN');
  });
  afterAll(async () => {
    await worker?.close();
    await t.close();
  });

  const STATUS = `query($id: ID!) { pushStatus(id: $id) { id state itemCount error } }`;
  const status = async (id: string, key: string, lang?: string) => {
    const res = await t.gql(STATUS, { key, lang, variables: { id } });
    if (res.errors) throw new Error(JSON.stringify(res.errors));
    return res.data!.pushStatus as { id: string; state: string; itemCount: number | null; error: string | null } | null;
  };
  const push = async (s: SectionFixture, secret: string, body: string) =>
    t.http.post(`/ingest/${s.slug}`).set('Content-Type', 'application/rss+xml').set('X-Hub-Signature-256', signBody(body, secret)).send(Buffer.from(body));
  const count = async (s: SectionFixture) => Number((await t.dataSource.query(`SELECT count(*) AS n FROM articles WHERE section_id = $1`, [s.id]))[0].n);
  const bodyKept = async (id: string) => (await t.dataSource.query(`SELECT body IS NOT NULL AS kept FROM pushed_documents WHERE id = $1`, [id]))[0].kept as boolean;

  it('answers 202 while no worker runs (QUEUED, nothing parsed); the worker then ingests it or records why it failed', async () => {
    const s = await makeSection(t, admin);
    const secret = (await t.gql(`mutation($s: String!) { rotatePushSecret(section: $s) }`, { key: admin, variables: { s: s.slug } })).data!.rotatePushSecret;
    const publisher = await t.key('PUBLISHER', { section: s.slug });
    const other = await makeSection(t, admin);
    const otherPublisher = await t.key('PUBLISHER', { section: other.slug });

    const large = rss(Array.from({ length: 1500 }, (_, i) => ({ guid: `q-${i}`, link: `https://site.example/q/${i}`, title: `Queued item ${i}`, description: 'x'.repeat(200) })));
    expect(large.length).toBeGreaterThan(400_000); // more than one parse batch: read through, then written in batches
    const good = await push(s, secret, large);
    expect(good.status).toBe(202);
    const broken = rss([{ guid: 'b-1', title: 'Cut short' }]).replace('</channel></rss>', '<item><title>half');
    const bad = await push(s, secret, broken);
    expect(bad.status).toBe(202);

    expect(await status(good.body.jobId, publisher)).toEqual({ id: good.body.jobId, state: 'QUEUED', itemCount: null, error: null });
    expect(await status(bad.body.jobId, admin)).toEqual({ id: bad.body.jobId, state: 'QUEUED', itemCount: null, error: null });
    expect(await count(s)).toBe(0);
    expect(await bodyKept(good.body.jobId)).toBe(true);

    // Another section's publisher and other roles may not read it; an unknown id is null.
    const denied = await t.gql(STATUS, { key: otherPublisher, variables: { id: good.body.jobId } });
    expect(denied.errors?.[0].extensions?.code).toBe('FORBIDDEN');
    const editor = await t.gql(STATUS, { key: await t.key('EDITOR'), variables: { id: good.body.jobId } });
    expect(editor.errors?.[0].extensions?.code).toBe('FORBIDDEN');
    expect(await status(`push-${s.id}-${'0'.repeat(40)}`, admin)).toBeNull();

    worker = await startWorkerContext();
    const done = await waitFor(async () => {
      const st = await status(good.body.jobId, publisher);
      return st?.state === 'INGESTED' ? st : null;
    }, 'large push ingested', 180_000);
    expect(done).toEqual({ id: good.body.jobId, state: 'INGESTED', itemCount: 1500, error: null });
    expect(await count(s)).toBe(1500);
    expect(await bodyKept(good.body.jobId)).toBe(false);

    const failed = await waitFor(async () => {
      const st = await status(bad.body.jobId, publisher, 'fr');
      return st?.state === 'FAILED' ? st : null;
    }, 'broken push failed');
    expect(failed.itemCount).toBeNull();
    expect(failed.error).toMatch(/^Le flux est mal formé/);
    expect((await status(bad.body.jobId, publisher, 'zh'))!.error).toMatch(/^订阅源格式错误/);
    expect(await bodyKept(bad.body.jobId)).toBe(false);
    expect(await count(s)).toBe(1500);
  }, 240_000);
});
