/** The mentions domain's public surface: other domains import mentions only from here (see ARCHITECTURE.md). Today only the entries compose it. */
export { MentionsModule, MentionsWorkerModule } from './mentions.module';
