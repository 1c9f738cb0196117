/** The metrics domain's public surface: other domains import metrics only from here (see ARCHITECTURE.md). */
export { MetricsService } from './metrics.service';
