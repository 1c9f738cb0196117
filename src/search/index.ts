/** The search domain's public surface: other domains import search only from here (see ARCHITECTURE.md). Today only the entries compose it. */
export { SearchModule } from './search.module';
