/** The health domain's public surface: other domains import health only from here (see ARCHITECTURE.md). Today only the entries compose it. */
export { HealthModule } from './health.module';
