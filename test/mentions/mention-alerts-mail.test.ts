import { Module, type INestApplicationContext } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { getQueueToken } from '@nestjs/bullmq';
import type { Job, Queue } from 'bullmq';
import { ConfigModule } from '../../src/config/config.module';
import { DatabaseModule } from '../../src/database/database.module';
import { I18nModule } from '../../src/i18n/i18n.module';
import { foundJobId, MENTION_ALERTS_QUEUE } from '../../src/mentions/alerts/alert-jobs';
import { MentionAlertsProcessor } from '../../src/mentions/alerts/alerts.processor';
import { MentionsWorkerModule } from '../../src/mentions/mentions.module';
import { QueuesModule } from '../../src/queues/queues.module';
import { RedisModule } from '../../src/redis/redis.module';
import { waitFor } from '../feeds/support/wait';
import { unique } from '../support/factories';
import { smtpServer } from '../support/smtp-server';
import { TestApp } from '../support/test-app';
import { keyNamed } from '../translations/support';
import { setEnv } from '../support/env';

/** The mentions part of the worker: source polls and the alerts processor (a real BullMQ worker). */
@Module({ imports: [ConfigModule, I18nModule, DatabaseModule.forRoot(), RedisModule, QueuesModule, MentionsWorkerModule] })
class AlertsWorkerModule {}


const CREATE_WATCH = `mutation($input: CreateWatchInput!) { createWatch(input: $input) { id } }`;
const REPORT = `mutation($input: ReportMentionInput!) { reportMention(input: $input) { id } }`;
const SET_ALERTS = `mutation($watch: ID!, $input: WatchAlertsInput!) { setWatchAlerts(watch: $watch, input: $input) { id alerts { email frequency } } }`;

describe('mention alerts by e-mail (nodemailer to a real SMTP server on 127.0.0.1)', () => {
  let t: TestApp;
  let worker: INestApplicationContext;
  let smtp: Awaited<ReturnType<typeof smtpServer>>;
  let editor: string;
  let frenchEditor: string;
  let restoreEnv = () => {};
  const mailTo = (address: string) => smtp.received.filter((m) => m.to && !Array.isArray(m.to) && m.to.value[0].address === address);
  const alertJob = (mentionId: string) => worker.get<Queue>(getQueueToken(MENTION_ALERTS_QUEUE)).getJob(foundJobId(mentionId));
  const runDaily = (day: string) => worker.get(MentionAlertsProcessor).process({ name: 'daily', timestamp: Date.parse(`${day}T07:00:00Z`), data: {} } as Job);

  beforeAll(async () => {
    smtp = await smtpServer();
    // FETCH_ALLOWLIST: the webhook below points at 127.0.0.1 (nothing listens there: only its queued delivery is looked at).
    restoreEnv = setEnv({ SMTP_URL: `smtp://127.0.0.1:${smtp.port}`, SMTP_FROM: 'Newsdesk <alerts@newsdesk.test>', FETCH_ALLOWLIST: '127.0.0.1' });
    t = await TestApp.start();
    editor = await t.key('EDITOR');
    frenchEditor = await keyNamed(t, 'EDITOR', `Camille ${unique()}`, { locale: 'fr' });
    worker = await NestFactory.createApplicationContext(AlertsWorkerModule, { logger: ['error'] });
    await worker.init();
  });
  afterAll(async () => {
    await worker.close();
    await t.close();
    await new Promise<void>((resolve) => smtp.server.close(() => resolve()));
    restoreEnv();
  });

  async function gql(query: string, variables: Record<string, unknown>, key = editor, lang?: string) {
    const res = await t.gql(query, { key, variables, lang });
    if (res.errors) throw new Error(JSON.stringify(res.errors));
    return res.data!;
  }

  async function watchOf(term: string): Promise<string> {
    return (await gql(CREATE_WATCH, { input: { name: `Watch ${term}`, terms: [{ text: term }] } })).createWatch.id;
  }

  const report = (watch: string, term: string, n: number) =>
    gql(REPORT, { input: { url: `https://news.example/${term}/${n}`, title: `Story ${n} about ${term}`, text: `The ${term} congress opened (${n}).`, sourceName: 'News Example', watch } });

  it("sends an immediate alert for a new mention, in the language of the editor's key", async () => {
    const term = `Zq${unique()}`;
    const watch = await watchOf(term);
    const address = `imm-${unique()}@example.org`;
    const set = await gql(SET_ALERTS, { watch, input: { email: address } }, frenchEditor);
    expect(set.setWatchAlerts.alerts).toEqual({ email: address, frequency: 'IMMEDIATE' });

    const { reportMention } = await report(watch, term, 1);
    expect(await alertJob(reportMention.id)).toBeDefined();
    const [mail] = await waitFor(async () => (mailTo(address).length ? mailTo(address) : null), 'the immediate alert');
    expect(mail.subject).toBe(`Nouvelle mention pour « Watch ${term} » : Story 1 about ${term}`);
    expect(mail.from!.value[0]).toMatchObject({ name: 'Newsdesk', address: 'alerts@newsdesk.test' });
    expect(mail.headers.get('content-language')).toBe('fr');
    expect(mail.text).toContain(`https://news.example/${term}/1`);
    expect(mail.text).toContain(`The ${term} congress opened (1).`);
    expect(mail.html).toContain(`<mark>${term}</mark>`);
    expect(mail.html).toContain('<html lang="fr" dir="ltr">');

    // The same mention found again is not new: no second alert.
    await report(watch, term, 1);
    await report(watch, term, 2);
    await waitFor(async () => mailTo(address).length === 2, 'the second mention’s alert');
    expect(mailTo(address).map((m) => m.subject)).toEqual([mail.subject, `Nouvelle mention pour « Watch ${term} » : Story 2 about ${term}`]);
  });

  it('sends one daily digest for several mentions, once a day, with nothing sent at once', async () => {
    const term = `Zq${unique()}`;
    const watch = await watchOf(term);
    const address = `daily-${unique()}@example.org`;
    await gql(SET_ALERTS, { watch, input: { email: address, frequency: 'DAILY' } }, editor, 'sv');
    const ids: string[] = [];
    for (const n of [1, 2, 3]) ids.push((await report(watch, term, n)).reportMention.id);
    // Daily: no alert is queued per mention.
    for (const id of ids) expect(await alertJob(id)).toBeUndefined();

    await runDaily('2026-05-04');
    expect(mailTo(address)).toHaveLength(1);
    const [digest] = mailTo(address);
    expect(digest.subject).toBe(`3 nya omnämnanden för ”Watch ${term}”`);
    expect(digest.headers.get('content-language')).toBe('sv');
    for (const n of [1, 2, 3]) expect(digest.text).toContain(`https://news.example/${term}/${n}`);

    // A retried job the same day sends nothing again; the next day has nothing new to send.
    await runDaily('2026-05-04');
    await runDaily('2026-05-05');
    expect(mailTo(address)).toHaveLength(1);
    await report(watch, term, 4);
    await runDaily('2026-05-06');
    expect(mailTo(address)).toHaveLength(2);
    expect(mailTo(address)[1].subject).toBe(`1 nytt omnämnande för ”Watch ${term}”`);
  });

  it('validates and clears alerts: a bad address, a frequency without e-mail, null clears', async () => {
    const watch = await watchOf(`Zq${unique()}`);
    const bad = await t.gql(SET_ALERTS, { key: editor, lang: 'es', variables: { watch, input: { email: 'not an address' } } });
    expect(bad.errors![0].extensions.code).toBe('BAD_USER_INPUT');
    expect(bad.errors![0].message).toBe('«not an address» no es una dirección de correo electrónico.');
    const lonely = await t.gql(SET_ALERTS, { key: editor, variables: { watch, input: { frequency: 'DAILY' } } });
    expect(lonely.errors![0].extensions.code).toBe('BAD_USER_INPUT');
    const unknown = await t.gql(SET_ALERTS, { key: editor, variables: { watch: '00000000-0000-4000-8000-000000000000', input: { email: 'a@example.org' } } });
    expect(unknown.errors![0].extensions.code).toBe('NOT_FOUND');

    await gql(SET_ALERTS, { watch, input: { email: 'a@example.org', frequency: 'DAILY' } });
    // A field left out keeps its value.
    expect((await gql(SET_ALERTS, { watch, input: { frequency: 'IMMEDIATE' } })).setWatchAlerts.alerts).toEqual({ email: 'a@example.org', frequency: 'IMMEDIATE' });
    expect((await gql(SET_ALERTS, { watch, input: { email: null } })).setWatchAlerts.alerts).toBeNull();
  });

  it("sends MENTION_FOUND to the watch's webhook, and refuses an unknown webhook", async () => {
    const admin = await t.key('ADMIN');
    const created = await t.gql(`mutation($input: CreateWebhookInput!) { createWebhook(input: $input) { id } }`, {
      key: admin,
      variables: { input: { url: 'http://127.0.0.1:9/alerts', events: ['ARTICLE_PUBLISHED'], secret: 'a-long-enough-webhook-secret' } },
    });
    if (created.errors) throw new Error(JSON.stringify(created.errors));
    const webhookId = created.data!.createWebhook.id;
    const term = `Zq${unique()}`;
    const watch = await watchOf(term);
    const unknown = await t.gql(SET_ALERTS, { key: editor, variables: { watch, input: { webhook: '00000000-0000-4000-8000-000000000000' } } });
    expect(unknown.errors![0].extensions.code).toBe('BAD_USER_INPUT');
    const set = await gql(`mutation($watch: ID!, $input: WatchAlertsInput!) { setWatchAlerts(watch: $watch, input: $input) { alerts { email frequency webhook { id } } } }`, {
      watch,
      input: { webhook: webhookId },
    });
    expect(set.setWatchAlerts.alerts).toEqual({ email: null, frequency: null, webhook: { id: webhookId } });

    const { reportMention } = await report(watch, term, 1);
    const [delivery] = await waitFor(async () => {
      const rows = await t.dataSource.query<{ event: string; body: string }[]>(`SELECT event, body FROM webhook_deliveries WHERE webhook_id = $1`, [webhookId]);
      return rows.length ? rows : null;
    }, 'the MENTION_FOUND delivery');
    expect(delivery.event).toBe('MENTION_FOUND');
    expect(JSON.parse(delivery.body)).toMatchObject({ event: 'MENTION_FOUND', data: { id: reportMention.id, watchId: watch, url: `https://news.example/${term}/1` } });
  });
});
