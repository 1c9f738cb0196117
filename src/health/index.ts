/** The health domain's public surface: other domains import health only from here (see ARCHITECTURE.md). The worker's metrics server asks HealthService for readiness. */
export { HealthModule } from './health.module';
export { HealthService } from './health.service';
