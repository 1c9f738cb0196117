import { Module } from '@nestjs/common';
import { ArticlesModule } from '../articles';
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

/** The translation desk in the API process: queue, claims, drafts, review, coverage, subscriptions. */
@Module({
  imports: [ArticlesModule, SectionsModule, TranslationEventsModule],
  providers: [
    TranslationDeskRepository,
    TranslationQueueRepository,
    TranslationJournal,
    WorkCopies,
    OriginalEdits,
    TranslationWorkflow,
    TranslationQueueService,
    TranslationsResolver,
  ],
  exports: [TranslationQueueRepository],
})
export class TranslationsModule {}
