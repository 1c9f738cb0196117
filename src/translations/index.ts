/** The translations domain's public surface: other domains import translations only from here (see ARCHITECTURE.md). Webhooks listen to TranslationEvents. */
export { TranslationsModule } from './translations.module';
export { TranslationsWorkerModule } from './translations-worker.module';
export { TranslationEventsModule } from './translation-events.module';
export { TranslationEvents } from './translation-events';
export type { NeededTask, TaskChange, TaskReason, TranslationListener, TranslationTaskChangeEvent } from './translation-events';
