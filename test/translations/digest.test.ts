import { getQueueToken } from '@nestjs/bullmq';
import { Module } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import type { INestApplicationContext } from '@nestjs/common';
import { QueueEvents, type Job, type Queue } from 'bullmq';
import { ConfigModule } from '../../src/config/config.module';
import { DatabaseModule } from '../../src/database/database.module';
import { I18nModule } from '../../src/i18n/i18n.module';
import { QueuesModule } from '../../src/queues/queues.module';
import { RedisService } from '../../src/redis/redis.service';
import { RedisModule } from '../../src/redis/redis.module';
import { DIGEST_QUEUE, DIGEST_SCHEDULER_ID, TranslationDigestProcessor } from '../../src/translations/jobs/translation-digest.processor';
import { DIGEST_NOTIFIER, DigestMessage, LogNotifier, Notifier } from '../../src/translations/notifier';
import { TranslationsWorkerModule } from '../../src/translations/translations-worker.module';
import { TestApp } from '../support/test-app';
import { keyNamed, makeArticle, makeSection, QUEUE, unique } from './support';

/** A notifier that keeps what it was given (the delivery channel is pluggable; the rest is real). */
class CollectingNotifier implements Notifier {
  readonly sent: DigestMessage[] = [];
  async send(message: DigestMessage): Promise<void> {
    this.sent.push(message);
  }
}

const notifier = new CollectingNotifier();

@Module({ imports: [ConfigModule, I18nModule, DatabaseModule.forRoot(), RedisModule, QueuesModule, TranslationsWorkerModule.withNotifier(notifier)] })
class DigestTestModule {}

@Module({ imports: [ConfigModule, I18nModule, DatabaseModule.forRoot(), RedisModule, QueuesModule, TranslationsWorkerModule] })
class DefaultWorkerModule {}

describe('daily translator digest (processor against real PostgreSQL and Redis)', () => {
  let t: TestApp;
  let worker: INestApplicationContext;
  const urName = `Urdu translator ${unique()}`;
  const svName = `Svensk översättare ${unique()}`;
  let urKey: string;
  let svKey: string;

  beforeAll(async () => {
    t = await TestApp.start();
    const admin = await t.key('ADMIN');
    const editor = await t.key('EDITOR');
    urKey = await keyNamed(t, 'TRANSLATOR', urName, { locales: ['ur', 'fr'] });
    svKey = await keyNamed(t, 'TRANSLATOR', svName, { locales: ['sv'] });
    const section = (await makeSection(t, admin)).slug;
    await makeArticle(t, editor, section);
    await makeArticle(t, editor, section);
    worker = await NestFactory.createApplicationContext(DigestTestModule, { logger: ['error'] });
    await worker.init();
  });
  afterAll(async () => {
    await worker.close();
    await t.close();
  });

  const waiting = async (key: string, locale: string) =>
    (await t.gql(QUEUE, { key, variables: { locale, first: 1 } })).data!.translationQueue.totalCount as number;

  it('runs a BullMQ worker on its queue', () => {
    expect(worker.get(TranslationDigestProcessor).worker.isRunning()).toBe(true);
  });

  it('registers its job scheduler at worker start', async () => {
    const queue = worker.get<Queue>(getQueueToken(DIGEST_QUEUE));
    const schedulers = await queue.getJobSchedulers();
    expect(schedulers.find((s) => s.key === DIGEST_SCHEDULER_ID)).toMatchObject({ pattern: '0 6 * * *', tz: 'UTC', name: 'daily-digest' });
  });

  it('composes, in each translator\'s language, how many tasks wait in their locales; stores and sends it once', async () => {
    const processor = worker.get(TranslationDigestProcessor);
    const job = { name: 'daily-digest', timestamp: Date.UTC(2026, 0, 15, 6), data: {} } as Job;
    await processor.process(job);

    const rows = await t.dataSource.query(
      `SELECT d.language, d.counts, d.subject, d.body, d.sent_at IS NOT NULL AS sent FROM translation_digests d
       JOIN api_keys k ON k.id = d.key_id WHERE k.name = ANY($1) AND d.day = '2026-01-15' ORDER BY k.name`,
      [[urName, svName]],
    );
    expect(rows).toHaveLength(2);
    const [sv, ur] = rows[0].language === 'sv' ? rows : [rows[1], rows[0]];
    expect(ur.language).toBe('ur');
    expect(ur.counts.ur.total).toBe(await waiting(urKey, 'ur'));
    expect(ur.counts.fr.total).toBe(await waiting(urKey, 'fr'));
    const urTotal = ur.counts.ur.total + ur.counts.fr.total;
    expect(ur.subject).toBe(urTotal === 1 ? 'آپ کا 1 ترجمے کا کام منتظر ہے' : `آپ کے ${urTotal} ترجمے کے کام منتظر ہیں`);
    expect(ur.body).toContain(`السلام علیکم ${urName}`);
    expect(ur.body).toContain('فرانسیسی'); // French, named in Urdu
    expect(sv.language).toBe('sv');
    expect(sv.counts.sv.total).toBe(await waiting(svKey, 'sv'));
    expect(sv.subject).toMatch(sv.counts.sv.total === 1 ? /^1 översättningsuppgift väntar på dig$/ : /^\d+ översättningsuppgifter väntar på dig$/);
    expect(sv.body).toContain(`Hej ${svName}!`);
    expect(ur.sent && sv.sent).toBe(true);
    expect(notifier.sent.filter((m) => m.recipient === urName)).toHaveLength(1);

    // Delivered at least once: the same job again neither duplicates the row nor the message.
    await processor.process(job);
    const again = await t.dataSource.query(
      `SELECT count(*)::int AS n FROM translation_digests d JOIN api_keys k ON k.id = d.key_id WHERE k.name = ANY($1) AND d.day = '2026-01-15'`,
      [[urName, svName]],
    );
    expect(again[0].n).toBe(2);
    expect(notifier.sent.filter((m) => m.recipient === urName)).toHaveLength(1);
  });

  it('runs when the job arrives through the queue', async () => {
    const queue = worker.get<Queue>(getQueueToken(DIGEST_QUEUE));
    const redis = worker.get(RedisService);
    const events = new QueueEvents(DIGEST_QUEUE, { connection: redis.create('blocking'), prefix: redis.prefix });
    await events.waitUntilReady();
    try {
      const job = await queue.add('daily-digest', {}, { jobId: `digest-test-${unique()}` });
      const result = await job.waitUntilFinished(events, 20000);
      expect(result.composed).toBeGreaterThanOrEqual(2);
      const today = new Date(job.timestamp).toISOString().slice(0, 10);
      const rows = await t.dataSource.query(
        `SELECT count(*)::int AS n FROM translation_digests d JOIN api_keys k ON k.id = d.key_id WHERE k.name = ANY($1) AND d.day = $2`,
        [[urName, svName], today],
      );
      expect(rows[0].n).toBe(2);
    } finally {
      await events.close();
    }
  });

  it('refuses a job name it has no handler for', async () => {
    await expect(worker.get(TranslationDigestProcessor).process({ name: 'other', timestamp: Date.now(), data: {} } as Job)).rejects.toThrow(/no handler/);
  });

  it('delivers through the bound notifier; the default one is the log notifier', async () => {
    expect(worker.get(DIGEST_NOTIFIER)).toBe(notifier);
    const plain = await NestFactory.createApplicationContext(DefaultWorkerModule, { logger: ['error'] });
    try {
      expect(plain.get(DIGEST_NOTIFIER)).toBeInstanceOf(LogNotifier);
    } finally {
      await plain.close();
    }
  });
});
