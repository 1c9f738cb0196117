import { Module } from '@nestjs/common';
import { ArticlesModule } from '../articles';
import { AppConfig } from '../config/app-config';
import { GlossaryModule } from '../glossary';
import { SectionsModule } from '../sections';
import { TranslationDeskRepository } from './translation-desk.repository';
import { TranslationEventsModule } from './translation-events.module';
import { TranslationQueueRepository } from './translation-queue.repository';
import { TranslationsResolver } from './translations.resolver';
import { OriginalEdits } from './original-edits';
import { TranslationJournal } from './translation-journal';
import { TranslationQueueService } from './translation-queue.service';
import { TranslationWorkflow } from './translation-workflow.service';
import { WorkCopies } from './work-copy';
import { LibreTranslateClient, MACHINE_TRANSLATOR } from './help/machine-translation';
import { TranslationHelpResolver } from './help/translation-help.resolver';
import { TranslationHelpService } from './help/translation-help.service';
import { TranslationMemory } from './help/translation-memory';

/** The translation desk in the API process: queue, claims, drafts, review, coverage, subscriptions. */
@Module({
  imports: [ArticlesModule, SectionsModule, TranslationEventsModule, GlossaryModule],
  providers: [
    TranslationDeskRepository,
    TranslationQueueRepository,
    TranslationJournal,
    WorkCopies,
    OriginalEdits,
    TranslationWorkflow,
    TranslationQueueService,
    TranslationsResolver,
    TranslationMemory,
    TranslationHelpService,
    TranslationHelpResolver,
    {
      provide: MACHINE_TRANSLATOR,
      inject: [AppConfig],
      useFactory: (config: AppConfig) => {
        const mt = config.machineTranslation;
        return mt.url ? new LibreTranslateClient(mt.url, mt.apiKey, mt.timeoutMs) : null;
      },
    },
  ],
  exports: [TranslationQueueRepository],
})
export class TranslationsModule {}
