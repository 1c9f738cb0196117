import type { INestApplicationContext } from '@nestjs/common';
import { getQueueToken } from '@nestjs/bullmq';
import type { Queue } from 'bullmq';
import { FEEDS_QUEUE } from '../../src/feeds/jobs/feed-jobs';
import { signBody } from '../../src/feeds/push/signature';
import { makeSection, type SectionFixture } from '../support/factories';
import { TestApp } from '../support/test-app';
import { rss } from './support/feed-server';
import { waitFor } from './support/wait';
import { startWorkerContext } from './support/worker-context';

const MAX = 8192;

describe('POST /ingest/:section (signed pushes)', () => {
  let t: TestApp;
  let worker: INestApplicationContext;
  let queue: Queue;
  let admin: string;
  const saved = process.env.PUSH_MAX_BYTES;

  beforeAll(async () => {
    process.env.PUSH_MAX_BYTES = String(MAX);
    t = await TestApp.start();
    worker = await startWorkerContext();
    queue = t.app.get<Queue>(getQueueToken(FEEDS_QUEUE));
    admin = await t.key('ADMIN');
  });
  afterAll(async () => {
    await worker.close();
    await t.close();
    process.env.PUSH_MAX_BYTES = saved;
  });

  const rotate = async (s: SectionFixture): Promise<string> => {
    const res = await t.gql(`mutation($s: String!) { rotatePushSecret(section: $s) }`, { key: admin, variables: { s: s.slug } });
    return res.data!.rotatePushSecret;
  };
  const push = (s: SectionFixture, body: string | Buffer, signature?: string, lang?: string, contentType = 'application/rss+xml') => {
    let req = t.http.post(`/ingest/${s.slug}`).set('Content-Type', contentType);
    if (signature !== undefined) req = req.set('X-Hub-Signature-256', signature);
    if (lang) req = req.set('Accept-Language', lang);
    // Strings go as they are (superagent would JSON-encode a Buffer sent as application/json).
    return req.send(body);
  };
  const count = async (s: SectionFixture) => Number((await t.dataSource.query(`SELECT count(*) AS n FROM articles WHERE section_id = $1`, [s.id]))[0].n);
  const jobsOf = async (s: SectionFixture) => (await queue.getJobs(['waiting', 'active', 'completed', 'failed', 'delayed'])).filter((j) => j.id?.startsWith(`push-${s.id}`));

  const doc = rss([
    { guid: 'p-1', link: 'https://site.example/p1', title: 'Pushed one' },
    { guid: 'p-2', link: 'https://site.example/p2', title: 'Pushed two' },
  ]);

  it('a good push answers 202 with a job id and its items appear; a replay creates nothing twice', async () => {
    const s = await makeSection(t, admin);
    const secret = await rotate(s);
    const res = await push(s, doc, signBody(doc, secret));
    expect(res.status).toBe(202);
    expect(res.body.jobId).toMatch(new RegExp(`^push-${s.id}-[0-9a-f]{40}$`));
    await waitFor(async () => (await count(s)) === 2, 'pushed items');
    const replay = await push(s, doc, signBody(doc, secret));
    expect(replay.status).toBe(202);
    expect(replay.body.jobId).toBe(res.body.jobId);
    await waitFor(async () => (await queue.getJob(res.body.jobId))?.finishedOn, 'job finished');
    expect(await jobsOf(s)).toHaveLength(1);
    expect(await count(s)).toBe(2);
  });

  it('missing, malformed, wrong and unknown-algorithm signatures are 401, translated, with nothing stored', async () => {
    const s = await makeSection(t, admin);
    const secret = await rotate(s);
    const cases: [string | undefined, RegExp][] = [
      [undefined, /missing/],
      ['sha256=abc', /malformed/],
      [signBody(doc, 'not-the-secret'), /does not match/],
      [signBody(doc + ' ', secret), /does not match/],
      [`sha1=${'0'.repeat(40)}`, /only sha256/],
      [`sha512=${'0'.repeat(128)}`, /only sha256/],
    ];
    for (const [signature, message] of cases) {
      const res = await push(s, doc, signature);
      expect(res.status).toBe(401);
      expect(res.body.code).toBe('UNAUTHENTICATED');
      expect(res.body.message).toMatch(message);
    }
    const fr = await push(s, doc, signBody(doc, 'wrong'), 'fr');
    expect(fr.body.message).toContain('ne correspond pas');
    expect(await count(s)).toBe(0);
    expect(await jobsOf(s)).toHaveLength(0);
  });

  it('a body over the limit is 413 before anything else; a body that is plainly not a feed is 415', async () => {
    const s = await makeSection(t, admin);
    const secret = await rotate(s);
    const big = rss(Array.from({ length: 200 }, (_, i) => ({ guid: `b-${i}`, title: `Item ${i} ${'x'.repeat(40)}` })));
    expect(big.length).toBeGreaterThan(MAX);
    const tooLarge = await push(s, big, signBody(big, secret), 'sv');
    expect(tooLarge.status).toBe(413);
    expect(tooLarge.body.message).toMatch(/större än gränsen/);
    // Unsigned and too large: still 413, the body is never read.
    expect((await push(s, big, undefined)).status).toBe(413);

    const notFeeds: [string, string][] = [
      ['<!doctype html><html><head><title>Home</title></head><body><p>Not a feed</p></body></html>', 'text/html'],
      ['{"name": "not a feed", "items": 3}', 'application/json'],
      ['just some words', 'text/plain'],
      ['<?xml version="1.0"?><svg xmlns="http://www.w3.org/2000/svg"></svg>', 'application/xml'],
    ];
    for (const [body, type] of notFeeds) {
      const res = await push(s, body, signBody(body, secret), 'fr', type);
      expect({ body, status: res.status, code: res.body.code }).toEqual({ body, status: 415, code: 'BAD_USER_INPUT' });
      expect(res.body.message).toMatch(/n’est pas un flux RSS, Atom, RDF ou JSON/);
    }
    expect(await count(s)).toBe(0);
    expect(await jobsOf(s)).toHaveLength(0);
    expect(await t.dataSource.query(`SELECT id FROM pushed_documents WHERE section_id = $1`, [s.id])).toEqual([]);
  });

  it('after rotation the previous secret works during the overlap window, then stops', async () => {
    const s = await makeSection(t, admin);
    const first = await rotate(s);
    const second = await rotate(s);
    expect(second).not.toBe(first);
    const a = rss([{ guid: 'r-1', title: 'Rotation one' }]);
    expect((await push(s, a, signBody(a, second))).status).toBe(202);
    expect((await push(s, a, signBody(a, first))).status).toBe(202);
    const third = await rotate(s);
    // `first` is now two rotations old: no longer accepted.
    expect((await push(s, a, signBody(a, first))).status).toBe(401);
    expect((await push(s, a, signBody(a, second))).status).toBe(202);
    await t.dataSource.query(`UPDATE section_push_secrets SET previous_valid_until = now() - interval '1 second' WHERE section_id = $1`, [s.id]);
    expect((await push(s, a, signBody(a, second))).status).toBe(401);
    expect((await push(s, a, signBody(a, third))).status).toBe(202);
  });

  it('an unknown section is answered exactly like a wrong signature, so sections cannot be listed', async () => {
    const s = await makeSection(t, admin);
    await rotate(s);
    const answer = async (slug: string, signature?: string) => {
      let req = t.http.post(`/ingest/${slug}`).set('Content-Type', 'application/rss+xml').set('Accept-Language', 'es');
      if (signature) req = req.set('X-Hub-Signature-256', signature);
      const res = await req.send(Buffer.from(doc));
      return { status: res.status, code: res.body.code, message: res.body.message as string };
    };
    const wrong = signBody(doc, 'a-guess');
    const known = await answer(s.slug, wrong);
    expect(known.status).toBe(401);
    expect(await answer('no-such-section', wrong)).toEqual(known);
    expect(await answer('no-such-section')).toEqual(await answer(s.slug));
    expect(await answer('no-such-section', 'sha256=abc')).toEqual(await answer(s.slug, 'sha256=abc'));
    // A section without a push secret answers the same too.
    const noSecret = await makeSection(t, admin);
    expect(await answer(noSecret.slug, wrong)).toEqual(known);
  });
});
