import { Module } from '@nestjs/common';
import { ArticlesModule } from '../articles';
import { SectionsModule } from '../sections';
import { TranslationDeskRepository } from './translation-desk.repository';
import { TranslationEventsModule } from './translation-events.module';
import { TranslationQueueRepository } from './translation-queue.repository';
import { TranslationsResolver } from './translations.resolver';
import { TranslationsService } from './translations.service';

/** The translation desk in the API process: queue, claims, drafts, review, coverage, subscriptions. */
@Module({
  imports: [ArticlesModule, SectionsModule, TranslationEventsModule],
  providers: [TranslationDeskRepository, TranslationQueueRepository, TranslationsService, TranslationsResolver],
  exports: [TranslationQueueRepository],
})
export class TranslationsModule {}
