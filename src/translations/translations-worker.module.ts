import { BullModule } from '@nestjs/bullmq';
import { DynamicModule, Module, Provider } from '@nestjs/common';
import { DIGEST_QUEUE, TranslationDigestProcessor, TranslationDigestScheduler } from './jobs/translation-digest.processor';
import { MailModule } from '../mail/mail.module';
import { Mailer } from '../mail/mailer';
import { DIGEST_NOTIFIER, LogNotifier, MailNotifier, type Notifier } from './notifier';
import { TranslationDigestService } from './translation-digest.service';
import { TranslationEventsModule } from './translation-events.module';
import { TranslationQueueRepository } from './translation-queue.repository';

/**
 * The translation desk in the worker process: the translators' daily digest. The digest goes through
 * a Notifier: e-mail when SMTP is configured, else the log, unless `withNotifier` binds another one.
 */
@Module({
  // TranslationEventsModule: the worker's ingestion is heard by the desk (tasks announced to translators).
  imports: [BullModule.registerQueue({ name: DIGEST_QUEUE }), TranslationEventsModule, MailModule],
  providers: [
    TranslationQueueRepository,
    TranslationDigestService,
    TranslationDigestProcessor,
    TranslationDigestScheduler,
    // E-mail when SMTP_URL is set, else the log.
    { provide: DIGEST_NOTIFIER, inject: [Mailer], useFactory: (mailer: Mailer): Notifier => (mailer.enabled ? new MailNotifier(mailer) : new LogNotifier()) },
  ],
  exports: [TranslationDigestService],
})
export class TranslationsWorkerModule {
  static withNotifier(notifier: Notifier | Provider<Notifier>): DynamicModule {
    const provider: Provider =
      typeof notifier === 'object' && notifier !== null && 'provide' in notifier ? notifier : { provide: DIGEST_NOTIFIER, useValue: notifier };
    return { module: TranslationsWorkerModule, providers: [provider] };
  }
}
