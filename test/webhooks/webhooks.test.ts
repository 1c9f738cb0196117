import { getQueueToken } from '@nestjs/bullmq';
import { type INestApplicationContext, Logger, type LoggerService } from '@nestjs/common';
import type { Queue } from 'bullmq';
import { WEBHOOKS_QUEUE } from '../../src/webhooks/jobs/webhook-jobs';
import { makeArticle, makeSection, type SectionFixture } from '../support/factories';
import { TestApp } from '../support/test-app';
import { waitFor } from '../feeds/support/wait';
import { startWorkerContext } from '../feeds/support/worker-context';
import { Receiver } from './support/receiver';
import { setEnv } from '../support/env';

const SECRET = 'whk-test-secret-0123456789abcdef';

const WEBHOOK_FIELDS = `id url events active consecutiveFailures lastDeliveryAt lastResponseStatus
  deliveries(first: 10) { totalCount edges { node { id event state attempts responseStatus createdAt deliveredAt } } }`;

/** Every line Nest's loggers write in this process (the API's services and the worker's), to look for secrets. */
class CollectingLogger implements LoggerService {
  readonly lines: string[] = [];
  log = (...args: unknown[]) => this.collect(args);
  error = (...args: unknown[]) => this.collect(args);
  warn = (...args: unknown[]) => this.collect(args);
  debug = (...args: unknown[]) => this.collect(args);
  verbose = (...args: unknown[]) => this.collect(args);
  private collect(args: unknown[]) {
    this.lines.push(args.map((a) => (typeof a === 'string' ? a : JSON.stringify(a))).join(' '));
  }
}

describe('outbound webhooks (real API, worker, local receivers)', () => {
  let t: TestApp;
  let worker: INestApplicationContext;
  let admin: string;
  let editor: string;
  let section: SectionFixture;
  const logs = new CollectingLogger();
  const receivers: Receiver[] = [];
  const settings = {
    FETCH_ALLOWLIST: '127.0.0.1',
    WEBHOOK_MAX_ATTEMPTS: '3',
    WEBHOOK_RETRY_BASE_MS: '50',
    WEBHOOK_DISABLE_AFTER: '2',
    WEBHOOK_TIMEOUT_MS: '5000',
  };
  let restoreEnv = () => {};

  const receiver = async () => {
    const r = await Receiver.start(SECRET);
    receivers.push(r);
    return r;
  };

  const createWebhook = async (url: string, events: string[]) => {
    const res = await t.gql(`mutation($input: CreateWebhookInput!) { createWebhook(input: $input) { ${WEBHOOK_FIELDS} } }`, {
      key: admin,
      variables: { input: { url, events, secret: SECRET } },
    });
    expect(res.errors).toBeUndefined();
    expect(JSON.stringify(res)).not.toContain(SECRET);
    return res.data!.createWebhook;
  };

  const webhook = async (id: string) => {
    const res = await t.gql(`{ webhooks { ${WEBHOOK_FIELDS} } }`, { key: admin });
    expect(res.errors).toBeUndefined();
    expect(JSON.stringify(res)).not.toContain(SECRET);
    return res.data!.webhooks.find((w: { id: string }) => w.id === id);
  };

  beforeAll(async () => {
    restoreEnv = setEnv(settings);
    t = await TestApp.start();
    worker = await startWorkerContext();
    // Nest's loggers of both (the static instance every `new Logger()` writes through).
    Logger.overrideLogger(logs);
    admin = await t.key('ADMIN');
    editor = await t.key('EDITOR');
    section = await makeSection(t, admin);
  });

  afterAll(async () => {
    await worker?.close();
    await t?.close();
    await Promise.all(receivers.map((r) => r.close()));
    restoreEnv();
  });

  it('signs every attempt, retries with back-off after two 500s, and shows the third attempt DELIVERED', async () => {
    const r = await receiver();
    r.answer = (n) => (n <= 2 ? 500 : 204);
    const hook = await createWebhook(r.url, ['ARTICLE_PUBLISHED']);
    expect(hook).toMatchObject({ url: r.url, events: ['ARTICLE_PUBLISHED'], active: true, consecutiveFailures: 0, lastDeliveryAt: null });

    const article = await makeArticle(t, editor, section.slug, { title: 'Webhooks arrive', canonicalUrl: 'https://site.example/webhooks-arrive' });
    await waitFor(async () => {
      const w = await webhook(hook.id);
      return w.deliveries.edges[0]?.node.state === 'DELIVERED' ? w : null;
    }, 'the delivery to succeed');
    // Read again: one statement records the delivery and its webhook, but reading both takes two, and the
    // read that saw DELIVERED may have read the webhook just before that statement committed.
    const delivered = await webhook(hook.id);

    expect(delivered).toMatchObject({ active: true, consecutiveFailures: 0, lastResponseStatus: 204 });
    expect(delivered.deliveries.totalCount).toBe(1);
    const node = delivered.deliveries.edges[0].node;
    expect(node).toMatchObject({ event: 'ARTICLE_PUBLISHED', state: 'DELIVERED', attempts: 3, responseStatus: 204 });
    expect(node.deliveredAt).not.toBeNull();

    expect(r.received.map((x) => x.answered)).toEqual([500, 500, 204]);
    expect(r.received.every((x) => x.verified)).toBe(true);
    expect(new Set(r.received.map((x) => x.deliveryId))).toEqual(new Set([node.id]));
    expect(r.received[0].body).toEqual({
      event: 'ARTICLE_PUBLISHED',
      occurredAt: expect.any(String),
      data: { id: article.id, section: section.slug, locale: 'en', title: 'Webhooks arrive', url: 'https://site.example/webhooks-arrive' },
    });
    // The same bytes at every attempt: only the timestamp (and so the signature) may differ.
    expect(new Set(r.received.map((x) => JSON.stringify(x.body))).size).toBe(1);
  });

  it('disables a webhook after the configured failed deliveries in a row; enableWebhook brings it back', async () => {
    const r = await receiver();
    r.answer = () => 503;
    const hook = await createWebhook(r.url, ['ARTICLE_PUBLISHED']);
    await makeArticle(t, editor, section.slug);
    await makeArticle(t, editor, section.slug);
    const disabled = await waitFor(async () => {
      const w = await webhook(hook.id);
      return w.active ? null : w;
    }, 'the webhook to be disabled');
    expect(disabled).toMatchObject({ active: false, consecutiveFailures: 2, lastResponseStatus: 503 });
    expect(disabled.deliveries.edges.map((e: any) => [e.node.state, e.node.attempts, e.node.responseStatus])).toEqual([
      ['FAILED', 3, 503],
      ['FAILED', 3, 503],
    ]);
    expect(r.received).toHaveLength(6);

    // Disabled, it receives nothing: the announcement (awaited by createArticle) queued no delivery.
    await makeArticle(t, editor, section.slug);
    expect((await webhook(hook.id)).deliveries.totalCount).toBe(2);

    const enabled = await t.gql(`mutation($id: ID!) { enableWebhook(id: $id) { active consecutiveFailures } }`, { key: admin, variables: { id: hook.id } });
    expect(enabled.data!.enableWebhook).toEqual({ active: true, consecutiveFailures: 0 });
    r.answer = () => 200;
    await makeArticle(t, editor, section.slug);
    await waitFor(async () => {
      const w = await webhook(hook.id);
      return w.deliveries.edges[0]?.node.state === 'DELIVERED' ? w : null;
    }, 'a delivery after enabling');
    // Read again: one query reads the webhook before its deliveries, so the read that first saw DELIVERED may
    // hold the webhook as it was just before (the delivery and the webhook's figures commit together).
    const back = await webhook(hook.id);
    expect(back).toMatchObject({ active: true, consecutiveFailures: 0, lastResponseStatus: 200 });
    expect(back.deliveries.totalCount).toBe(3);
  });

  it('keeps the secret out of GraphQL answers, errors, the database in clear and the logs', async () => {
    const r = await receiver();
    r.answer = (n) => (n === 1 ? 500 : 200);
    const hook = await createWebhook(r.url, ['ARTICLE_PUBLISHED']);
    await makeArticle(t, editor, section.slug);
    await waitFor(async () => (await webhook(hook.id)).deliveries.edges[0]?.node.state === 'DELIVERED', 'the delivery');

    const bad = await t.gql(`mutation($input: CreateWebhookInput!) { createWebhook(input: $input) { id } }`, {
      key: admin,
      variables: { input: { url: 'ftp://127.0.0.1/x', events: ['ARTICLE_PUBLISHED'], secret: SECRET } },
    });
    expect(bad.errors?.[0].extensions.code).toBe('BAD_USER_INPUT');
    expect(JSON.stringify(bad)).not.toContain(SECRET);

    const [row] = await t.dataSource.query(`SELECT secret_sealed FROM webhooks WHERE id = $1`, [hook.id]);
    expect(row.secret_sealed.startsWith('v1.')).toBe(true);
    expect(row.secret_sealed).not.toContain(SECRET);

    // The failed first attempt was logged (by the queue worker); no line anywhere holds the secret.
    expect(logs.lines.some((l) => l.includes('delivery attempt failed'))).toBe(true);
    expect(logs.lines.filter((l) => l.includes(SECRET))).toEqual([]);
  });

  it('refuses non-ADMIN keys, private addresses, unknown events and unknown ids with translated coded errors', async () => {
    const input = { url: 'http://127.0.0.1:9/hook', events: ['ARTICLE_PUBLISHED'], secret: SECRET };
    const create = (key: string, i: Record<string, unknown>, lang = 'en') =>
      t.gql(`mutation($input: CreateWebhookInput!) { createWebhook(input: $input) { id } }`, { key, lang, variables: { input: i } });

    expect((await create(editor, input)).errors?.[0].extensions.code).toBe('FORBIDDEN');
    expect((await t.gql(`{ webhooks { id } }`, { key: editor })).errors?.[0].extensions.code).toBe('FORBIDDEN');
    expect((await t.gql(`{ webhooks { id } }`)).errors?.[0].extensions.code).toBe('UNAUTHENTICATED');

    const privateAddress = await create(admin, { ...input, url: 'http://10.1.2.3/hook' }, 'fr');
    expect(privateAddress.errors?.[0]).toMatchObject({ extensions: { code: 'BAD_USER_INPUT', reason: 'BLOCKED_ADDRESS' } });
    expect(privateAddress.errors?.[0].message).toContain('10.1.2.3');
    expect(privateAddress.errors?.[0].message).toContain('FETCH_ALLOWLIST');

    const unknownEvent = await create(admin, { ...input, events: ['ARTICLE_EXPLODED'] });
    expect(unknownEvent.errors?.[0].extensions.code).toMatch(/BAD_USER_INPUT|GRAPHQL_VALIDATION_FAILED/);
    const noEvents = await create(admin, { ...input, events: [] }, 'sv');
    expect(noEvents.errors?.[0]).toMatchObject({ message: 'En webhook behöver minst en händelse.', extensions: { code: 'BAD_USER_INPUT' } });
    const shortSecret = await create(admin, { ...input, secret: 'short' });
    expect(shortSecret.errors?.[0].extensions.code).toBe('BAD_USER_INPUT');

    const missing = '00000000-0000-4000-8000-000000000000';
    const enable = await t.gql(`mutation($id: ID!) { enableWebhook(id: $id) { id } }`, { key: admin, lang: 'es', variables: { id: missing } });
    expect(enable.errors?.[0]).toMatchObject({ message: `No existe ningún webhook «${missing}».`, extensions: { code: 'NOT_FOUND' } });
    const del = await t.gql(`mutation($id: ID!) { deleteWebhook(id: $id) }`, { key: admin, variables: { id: 'not-a-uuid' } });
    expect(del.errors?.[0].extensions.code).toBe('NOT_FOUND');
  });

  it('the sweep queues a delivery left PENDING without a job (its enqueue failed), and it is delivered', async () => {
    const r = await receiver();
    const hook = await createWebhook(r.url, ['FEED_FAILING']);
    // As a failed enqueue leaves it: the row written, no job, three minutes ago.
    const body = JSON.stringify({ event: 'FEED_FAILING', occurredAt: new Date().toISOString(), data: { id: 'swept' } });
    await t.dataSource.query(
      `INSERT INTO webhook_deliveries (webhook_id, event, event_key, body, created_at) VALUES ($1, 'FEED_FAILING', 'FEED_FAILING:swept', $2, now() - interval '3 minutes')`,
      [hook.id, body],
    );
    await worker.get<Queue>(getQueueToken(WEBHOOKS_QUEUE)).add('sweep', {});
    const swept = await waitFor(async () => {
      const w = await webhook(hook.id);
      return w.deliveries.edges[0]?.node.state === 'DELIVERED' ? w : null;
    }, 'the swept delivery');
    expect(swept.deliveries.edges[0].node).toMatchObject({ event: 'FEED_FAILING', attempts: 1, responseStatus: 200 });
    expect(r.received.map((x) => [x.event, x.body.data.id, x.verified])).toEqual([['FEED_FAILING', 'swept', true]]);
  });

  it('deleteWebhook removes the webhook and its deliveries', async () => {
    const r = await receiver();
    const hook = await createWebhook(r.url, ['FEED_FAILING']);
    const res = await t.gql(`mutation($id: ID!) { deleteWebhook(id: $id) }`, { key: admin, variables: { id: hook.id } });
    expect(res.data!.deleteWebhook).toBe(true);
    expect(await webhook(hook.id)).toBeUndefined();
  });
});
