import { Module } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import type { INestApplicationContext } from '@nestjs/common';
import type { Job } from 'bullmq';
import { ConfigModule } from '../../src/config/config.module';
import { DatabaseModule } from '../../src/database/database.module';
import { I18nModule } from '../../src/i18n/i18n.module';
import { QueuesModule } from '../../src/queues/queues.module';
import { RedisModule } from '../../src/redis/redis.module';
import { TranslationDigestProcessor } from '../../src/translations/jobs/translation-digest.processor';
import { DIGEST_NOTIFIER, MailNotifier } from '../../src/translations/notifier';
import { TranslationsWorkerModule } from '../../src/translations/translations-worker.module';
import { smtpServer } from '../support/smtp-server';
import { TestApp } from '../support/test-app';
import { keyNamed, makeArticle, makeSection } from './support';
import { setEnv } from '../support/env';

@Module({ imports: [ConfigModule, I18nModule, DatabaseModule.forRoot(), RedisModule, QueuesModule, TranslationsWorkerModule] })
class MailWorkerModule {}


describe('daily digest by e-mail (nodemailer to a real SMTP server on 127.0.0.1)', () => {
  let t: TestApp;
  let worker: INestApplicationContext;
  let smtp: Awaited<ReturnType<typeof smtpServer>>;
  let editor: string;
  let section: string;
  let restoreEnv = () => {};
  const run = (day: string) => worker.get(TranslationDigestProcessor).process({ name: 'daily-digest', timestamp: Date.parse(`${day}T06:00:00Z`), data: {} } as Job);
  const mailTo = (address: string) => smtp.received.filter((m) => m.to && !Array.isArray(m.to) && m.to.value[0].address === address);

  beforeAll(async () => {
    smtp = await smtpServer();
    restoreEnv = setEnv({ SMTP_URL: `smtp://127.0.0.1:${smtp.port}`, SMTP_FROM: 'Newsdesk <desk@newsdesk.test>' });
    t = await TestApp.start();
    const admin = await t.key('ADMIN');
    editor = await t.key('EDITOR');
    await keyNamed(t, 'TRANSLATOR', 'Claire', { locales: ['fr'], email: 'claire@example.org' });
    await keyNamed(t, 'TRANSLATOR', 'Amina', { locales: ['fr', 'ur'], email: 'amina@example.org', locale: 'ur' });
    await keyNamed(t, 'TRANSLATOR', 'Sven', { locales: ['sv'] });
    section = (await makeSection(t, admin)).slug;
    await makeArticle(t, editor, section);
    worker = await NestFactory.createApplicationContext(MailWorkerModule, { logger: ['error'] });
    await worker.init();
  });
  afterAll(async () => {
    await worker.close();
    await t.close();
    await new Promise<void>((resolve) => smtp.server.close(() => resolve()));
    restoreEnv();
  });

  it('binds the e-mail notifier when SMTP_URL is set', () => {
    expect(worker.get(DIGEST_NOTIFIER)).toBeInstanceOf(MailNotifier);
  });

  it("sends each translator with an address one message in the key's language: plural forms, a localised date, text and HTML", async () => {
    await run('2026-03-05');
    const [claire] = mailTo('claire@example.org');
    expect(mailTo('claire@example.org')).toHaveLength(1);
    expect(claire.subject).toBe('1 tâche de traduction vous attend');
    expect(claire.from!.value[0]).toMatchObject({ name: 'Newsdesk', address: 'desk@newsdesk.test' });
    expect(claire.headers.get('content-language')).toBe('fr');
    expect(claire.text).toContain('Vos tâches de traduction du jeudi 5 mars 2026');
    expect(claire.text).toContain('Bonjour Claire,');
    expect(claire.text).toMatch(/Français : 1 manquante, 0 à mettre à jour, 0 (renvoyée|renvoyées)/i);
    expect(claire.text).toContain('http://localhost:3000/desk/');
    expect(claire.html).toContain('<html lang="fr" dir="ltr">');
    expect(claire.html).toContain('Bonjour Claire,');
    expect(claire.html).toContain('<a href="http://localhost:3000/desk/">Ouvrir le bureau de traduction</a>');

    // Amina's key says Urdu: her mail is in Urdu, right to left, and counts both her languages (2: plural).
    const [amina] = mailTo('amina@example.org');
    expect(amina.subject).toBe('آپ کے 2 ترجمے کے کام منتظر ہیں');
    expect(amina.text).toContain(new Intl.DateTimeFormat('ur', { dateStyle: 'full', timeZone: 'UTC' }).format(new Date('2026-03-05T12:00:00Z')));
    expect(amina.text).toContain('السلام علیکم Amina،');
    expect(amina.html).toContain('dir="rtl"');

    // No address, no mail (the digest is still stored and logged).
    expect(smtp.received.filter((m) => m.subject === claire.subject || m.subject === amina.subject)).toHaveLength(2);
    const rows = await t.dataSource.query(`SELECT k.name, d.sent_at IS NOT NULL AS sent FROM translation_digests d JOIN api_keys k ON k.id = d.key_id WHERE d.day = '2026-03-05' ORDER BY k.name`);
    expect(rows).toEqual([
      { name: 'Amina', sent: true },
      { name: 'Claire', sent: true },
      { name: 'Sven', sent: true },
    ]);
  });

  it('sends nothing twice for the same day, and the next day counts in the plural', async () => {
    await run('2026-04-01');
    const once = mailTo('claire@example.org').length;
    await run('2026-04-01');
    expect(mailTo('claire@example.org')).toHaveLength(once);
    await makeArticle(t, editor, section);
    await run('2026-03-06');
    const next = mailTo('claire@example.org').at(-1)!;
    expect(next.subject).toBe('2 tâches de traduction vous attendent');
    expect(next.text).toContain('vendredi 6 mars 2026');
    expect(next.text).toContain('2 manquantes');
  });
});
