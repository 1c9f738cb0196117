import { BullModule } from '@nestjs/bullmq';
import { DynamicModule, Module, Provider } from '@nestjs/common';
import { DIGEST_QUEUE, TranslationDigestProcessor, TranslationDigestScheduler } from './jobs/translation-digest.processor';
import { DIGEST_NOTIFIER, LogNotifier, type Notifier } from './notifier';
import { TranslationDigestService } from './translation-digest.service';
import { TranslationEventsModule } from './translation-events.module';
import { TranslationQueueRepository } from './translation-queue.repository';

/**
 * The translation desk in the worker process: the translators' daily digest. The digest goes through
 * a Notifier: the log notifier unless `withNotifier` binds another one (e-mail, chat, ...).
 */
@Module({
  // TranslationEventsModule: the worker's ingestion is heard by the desk (tasks announced to translators).
  imports: [BullModule.registerQueue({ name: DIGEST_QUEUE }), TranslationEventsModule],
  providers: [
    TranslationQueueRepository,
    TranslationDigestService,
    TranslationDigestProcessor,
    TranslationDigestScheduler,
    { provide: DIGEST_NOTIFIER, useClass: LogNotifier },
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
