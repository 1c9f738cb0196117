/** The syndication domain's public surface: other domains import syndication only from here (see ARCHITECTURE.md). Today only the entries compose it (the worker: WebSub publish pings). */
export { SyndicationModule } from './syndication.module';
export { WebSubPublishWorkerModule } from './websub/websub-publish.module';
