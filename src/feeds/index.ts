/** The feeds domain's public surface: other domains import feeds only from here (see ARCHITECTURE.md). Today only the entries compose it. */
export { FeedsModule } from './feeds.module';
export { FeedsWorkerModule } from './feeds-worker.module';
