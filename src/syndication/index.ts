/** The syndication domain's public surface: other domains import syndication only from here (see ARCHITECTURE.md). Today only the entries compose it. */
export { SyndicationModule } from './syndication.module';
