import type { INestApplicationContext } from '@nestjs/common';
import { getQueueToken } from '@nestjs/bullmq';
import type { Queue } from 'bullmq';
import { createHmac, randomBytes } from 'node:crypto';
import { createServer, type IncomingMessage, request, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { FEEDS_QUEUE } from '../../src/feeds/jobs/feed-jobs';
import { makeArticle, makeSection, type SectionFixture } from '../support/factories';
import { TestApp } from '../support/test-app';
import { FeedServer } from './support/feed-server';
import { waitFor } from './support/wait';
import { startWorkerContext } from './support/worker-context';
import { setEnv } from '../support/env';

interface HubSubscription {
  topic: string;
  callback: string;
  secret: string;
  leaseAsked: number;
  leaseGranted: number;
  /** The callback's answer to the verification: status and body. */
  answer?: { status: number; body: string; challenge: string };
}

/** HTTP exchange on 127.0.0.1 (the network guard allows nothing else). */
function call(url: string, method: 'GET' | 'POST', body?: string | Buffer, headers: Record<string, string> = {}): Promise<{ status: number; body: string }> {
  return new Promise((resolve, reject) => {
    const req = request(url, { method, headers }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (c: Buffer) => chunks.push(c));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, body: Buffer.concat(chunks).toString('utf8') }));
    });
    req.on('error', reject);
    req.end(body);
  });
}

const readForm = (req: IncomingMessage) =>
  new Promise<URLSearchParams>((resolve) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => resolve(new URLSearchParams(Buffer.concat(chunks).toString('utf8'))));
  });

/**
 * A small WebSub hub: accepts subscribe requests (202), then verifies the subscriber's intent by GET on the
 * callback with a challenge, as the recommendation says; records publish pings; distributes signed content.
 */
class TestHub {
  private server?: Server;
  readonly requests: HubSubscription[] = [];
  readonly pings: string[] = [];
  /** The lease granted to the n-th request (0-based) of a callback. */
  leaseFor: (n: number) => number = () => 3600;
  /** Deny instead of verifying, for these callbacks. */
  readonly denying = new Set<string>();

  async start(): Promise<this> {
    this.server = createServer((req, res) => {
      void readForm(req).then((form) => {
        const mode = form.get('hub.mode');
        if (mode === 'publish') {
          this.pings.push(...form.getAll('hub.url'));
          res.writeHead(204).end();
          return;
        }
        if (mode !== 'subscribe' || !form.get('hub.callback') || !form.get('hub.topic')) {
          res.writeHead(400).end('bad request');
          return;
        }
        const callback = form.get('hub.callback')!;
        const sub: HubSubscription = {
          topic: form.get('hub.topic')!,
          callback,
          secret: form.get('hub.secret') ?? '',
          leaseAsked: Number(form.get('hub.lease_seconds')),
          leaseGranted: this.leaseFor(this.requests.filter((r) => r.callback === callback).length),
        };
        this.requests.push(sub);
        res.writeHead(202).end();
        void this.verify(sub);
      });
    });
    await new Promise<void>((resolve) => this.server!.listen(0, '127.0.0.1', resolve));
    return this;
  }

  get url(): string {
    return `http://127.0.0.1:${(this.server!.address() as AddressInfo).port}/hub`;
  }

  private async verify(sub: HubSubscription): Promise<void> {
    const challenge = randomBytes(12).toString('hex');
    const query = this.denying.has(sub.callback)
      ? new URLSearchParams({ 'hub.mode': 'denied', 'hub.topic': sub.topic, 'hub.reason': 'not today' })
      : new URLSearchParams({ 'hub.mode': 'subscribe', 'hub.topic': sub.topic, 'hub.challenge': challenge, 'hub.lease_seconds': String(sub.leaseGranted) });
    const answer = await call(`${sub.callback}?${query.toString()}`, 'GET');
    sub.answer = { ...answer, challenge };
  }

  /** Distributes a body to a subscription, signed with its secret (sha256 unless told otherwise). */
  distribute(sub: HubSubscription, body: string, signature = `sha256=${createHmac('sha256', sub.secret).update(body).digest('hex')}`) {
    const headers: Record<string, string> = { 'content-type': 'application/rss+xml', link: `<${this.url}>; rel="hub", <${sub.topic}>; rel="self"` };
    if (signature) headers['x-hub-signature'] = signature;
    return call(sub.callback, 'POST', body, headers);
  }

  verified(callback: string, n = 1): HubSubscription[] | null {
    const done = this.requests.filter((r) => r.callback === callback && r.answer);
    return done.length >= n ? done : null;
  }

  async stop(): Promise<void> {
    this.server?.closeAllConnections();
    await new Promise<void>((resolve) => (this.server ? this.server.close(() => resolve()) : resolve()));
  }
}

const channel = (hub: string, self: string, items: { guid: string; title: string }[]) => `<?xml version="1.0" encoding="UTF-8"?>
<rss version="2.0" xmlns:atom="http://www.w3.org/2005/Atom"><channel><title>Hubbed</title><link>https://site.example/</link>
<atom:link rel="hub" href="${hub}"/><atom:link rel="self" href="${self}"/>
${items.map((i) => `<item><guid isPermaLink="false">${i.guid}</guid><link>https://site.example/${i.guid}</link><title>${i.title}</title></item>`).join('\n')}
</channel></rss>`;

describe('WebSub', () => {
  let t: TestApp;
  let worker: INestApplicationContext;
  let feeds: FeedServer;
  let hub: TestHub;
  let queue: Queue;
  let admin: string;
  let editor: string;
  let apiBase: string;
  /** Put back in reverse order: the callback URL is set once the API listens. */
  const restoreEnv: (() => void)[] = [];

  beforeAll(async () => {
    hub = await new TestHub().start();
    feeds = await new FeedServer().start();
    restoreEnv.unshift(setEnv({
      FETCH_ALLOWLIST: '127.0.0.1,::1',
      FEED_DISPATCH_EVERY_MS: '200',
      WEBSUB_SUBSCRIBE: 'true',
      WEBSUB_HUB_URL: hub.url,
      WEBSUB_PUBLISH_DEBOUNCE_MS: '300',
      PUBLIC_URL: 'https://news.example',
    }));
    t = await TestApp.start();
    // The hub calls back over HTTP: the API listens on a port of its own, and the worker names it in hub.callback.
    await t.app.listen(0, '127.0.0.1');
    apiBase = `http://127.0.0.1:${(t.app.getHttpServer().address() as AddressInfo).port}`;
    restoreEnv.unshift(setEnv({ WEBSUB_CALLBACK_URL: apiBase }));
    worker = await startWorkerContext();
    queue = t.app.get<Queue>(getQueueToken(FEEDS_QUEUE));
    admin = await t.key('ADMIN');
    editor = await t.key('EDITOR');
  });
  afterAll(async () => {
    await worker?.close();
    await t?.close();
    await feeds.stop();
    await hub.stop();
    for (const restore of restoreEnv) restore();
  });

  /** A section with a feed that advertises the test hub; the feed's poll interval is fixed at 10 minutes. */
  const hubbedFeed = async (items = [{ guid: 'polled-1', title: 'Polled first' }]) => {
    const path = `/hubbed-${randomBytes(4).toString('hex')}.rss`;
    const topic = feeds.url(path);
    feeds.routes.set(path, { body: channel(hub.url, topic, items) });
    const section = await makeSection(t, admin);
    const res = await t.gql(`mutation($input: RegisterFeedInput!) { registerFeed(input: $input) { id } }`, {
      key: editor,
      variables: { input: { section: section.slug, url: topic, pollIntervalMinutes: 10 } },
    });
    expect(res.errors).toBeUndefined();
    const feedId = res.data!.registerFeed.id as string;
    return { section, feedId, topic, callback: `${apiBase}/websub/${feedId}` };
  };
  const titles = async (s: SectionFixture): Promise<string[]> => {
    const res = await t.gql(`query($s: String!) { articles(section: $s, first: 50) { edges { node { translation { title } } } } }`, { variables: { s: s.slug } });
    return res.data!.articles.edges.map((e: { node: { translation: { title: string } } }) => e.node.translation.title).sort();
  };
  const feedState = async (id: string) =>
    (await t.gql(`query { feeds { id lastFetchedAt nextFetchAt itemCount } }`, { key: editor })).data!.feeds.find((f: { id: string }) => f.id === id) as {
      lastFetchedAt: string;
      nextFetchAt: string;
      itemCount: number;
    };
  const refresh = async (id: string) => {
    const res = await t.gql(`mutation($id: ID!) { refreshFeed(id: $id) { id } }`, { key: editor, variables: { id } });
    const jobId = res.data!.refreshFeed.id;
    await waitFor(async () => (await queue.getJob(jobId))?.finishedOn, `poll ${jobId}`);
  };

  it('subscribes to the hub the feed advertises, echoes the challenge only for its own topic, and renews the lease before it ends', async () => {
    hub.leaseFor = (n) => (n === 0 ? 2 : 3600); // a two-second first lease: renewed after 1.6 s
    const { callback, topic } = await hubbedFeed();
    const [first] = await waitFor(async () => hub.verified(callback), 'the verification of intent');
    hub.leaseFor = () => 3600;
    expect(first).toMatchObject({ topic, leaseAsked: 864000 });
    expect(first.secret.length).toBeGreaterThanOrEqual(32);
    expect(first.answer).toEqual({ status: 200, body: first.answer!.challenge, challenge: first.answer!.challenge });

    // The hub's second request for this callback is the renewal; it keeps the secret.
    const both = await waitFor(async () => hub.verified(callback, 2), 'the lease renewal');
    expect(both[1]).toMatchObject({ topic, secret: first.secret, answer: { status: 200, body: both[1].answer!.challenge } });

    // Anything not asked for is answered 404, without the challenge.
    const q = (params: Record<string, string>) => call(`${callback}?${new URLSearchParams(params).toString()}`, 'GET');
    for (const params of [
      <Record<string, string>>{ 'hub.mode': 'subscribe', 'hub.topic': `${topic}?other`, 'hub.challenge': 'c1', 'hub.lease_seconds': '60' },
      { 'hub.mode': 'unsubscribe', 'hub.topic': topic, 'hub.challenge': 'c2' },
    ]) {
      const res = await q(params);
      expect(res.status).toBe(404);
      expect(res.body).not.toContain('c1');
      expect(res.body).not.toContain('c2');
    }
    expect((await call(`${apiBase}/websub/00000000-0000-4000-8000-000000000000?${new URLSearchParams({ 'hub.mode': 'subscribe', 'hub.topic': topic, 'hub.challenge': 'c3', 'hub.lease_seconds': '60' }).toString()}`, 'GET')).status).toBe(404);
  });

  it('ingests content the hub distributes with a valid signature, and refuses a bad or missing one alike, storing nothing', async () => {
    const { section, feedId, callback } = await hubbedFeed();
    const [sub] = await waitFor(async () => hub.verified(callback), 'the verification of intent');
    await waitFor(async () => (await titles(section)).length === 1, 'the first poll');
    const pushed = channel(hub.url, sub.topic, [
      { guid: 'hub-2', title: 'Distributed by the hub' },
      { guid: 'polled-1', title: 'Polled first' },
    ]);

    const forged = channel(hub.url, sub.topic, [{ guid: 'forged', title: 'Forged' }]);
    const refusals = [
      await hub.distribute(sub, forged, `sha256=${createHmac('sha256', 'not-the-secret').update(forged).digest('hex')}`),
      await hub.distribute(sub, forged, ''),
      await hub.distribute(sub, forged, `sha1=${createHmac('sha1', sub.secret).update(pushed).digest('hex')}`),
    ];
    for (const res of refusals) expect(res).toEqual(refusals[0]);
    expect(refusals[0].status).toBe(401);
    const stored = async () => Number((await t.dataSource.query(`SELECT count(*) AS n FROM pushed_documents WHERE feed_id = $1`, [feedId]))[0].n);
    expect(await stored()).toBe(0);

    const res = await hub.distribute(sub, pushed, `sha1=${createHmac('sha1', sub.secret).update(pushed).digest('hex')}`);
    expect(res.status).toBe(202);
    await waitFor(async () => (await titles(section)).includes('Distributed by the hub'), 'the distributed item');
    expect(await titles(section)).toEqual(['Distributed by the hub', 'Polled first']);
    expect(await stored()).toBe(1);
    await waitFor(async () => (await feedState(feedId)).itemCount === 2, 'the feed counts the distributed item');
  });

  it('polls a subscribed feed only as a backup, and at its own interval again once the hub denies the subscription', async () => {
    const { feedId, callback } = await hubbedFeed();
    await waitFor(async () => hub.verified(callback), 'the verification of intent');
    // Minutes from a poll to the next one the feed is due.
    const gap = (f: { lastFetchedAt: string; nextFetchAt: string }) => (new Date(f.nextFetchAt).getTime() - new Date(f.lastFetchedAt).getTime()) / 60_000;
    await refresh(feedId);
    expect(gap(await feedState(feedId))).toBe(1440); // FEED_MAX_INTERVAL_MINUTES, not the feed's 10 minutes

    // The hub denies the subscription: the feed is due at once, and polled every 10 minutes again.
    const sub = hub.requests.find((r) => r.callback === callback)!;
    const deniedAt = Date.now();
    const denial = await call(`${callback}?${new URLSearchParams({ 'hub.mode': 'denied', 'hub.topic': sub.topic, 'hub.reason': 'gone' }).toString()}`, 'GET');
    expect(denial.status).toBe(200);
    const polled = await waitFor(async () => {
      const f = await feedState(feedId);
      return new Date(f.lastFetchedAt).getTime() > deniedAt && f.nextFetchAt ? f : null;
    }, 'the poll after the denial');
    expect(gap(polled)).toBe(10);
    const [row] = await t.dataSource.query(`SELECT state, last_error FROM websub_subscriptions WHERE feed_id = $1`, [feedId]);
    expect(row).toEqual({ state: 'DENIED', last_error: { key: 'ingest:websub.denied', params: { reason: 'gone' } } });
  });

  it('tells the configured hub which feeds changed when an article is published, and advertises it in them', async () => {
    const section = await makeSection(t, admin);
    await makeArticle(t, editor, section.slug, { locale: 'sv', title: 'Publicerad' });
    const expected = ['rss', 'atom', 'json'].flatMap((f) => [`https://news.example/feeds/sv.${f}`, `https://news.example/sections/${section.slug}/feeds/sv.${f}`]);
    await waitFor(async () => expected.every((u) => hub.pings.includes(u)), 'the publish pings');

    const atom = await t.http.get(`/sections/${section.slug}/feeds/sv.atom`);
    expect(atom.text).toContain(`<link rel="hub" href="${hub.url}"/>`);
    expect(atom.headers.link).toBe(`<${hub.url}>; rel="hub", <https://news.example/sections/${section.slug}/feeds/sv.atom>; rel="self"`);
    const json = await t.http.get(`/feeds/sv.json`);
    expect(JSON.parse(json.text).hubs).toEqual([{ type: 'WebSub', url: hub.url }]);
  });
});
