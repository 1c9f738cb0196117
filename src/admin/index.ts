/** The admin domain's public surface: other domains import admin only from here (see ARCHITECTURE.md). Today only the entries compose it. */
export { AdminModule } from './admin.module';
