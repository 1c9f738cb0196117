/** The translations domain's public surface: other domains import translations only from here (see ARCHITECTURE.md). Today only the entries compose it. */
export { TranslationsModule } from './translations.module';
export { TranslationsWorkerModule } from './translations-worker.module';
