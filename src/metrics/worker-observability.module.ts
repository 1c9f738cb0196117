import { Global, Module } from '@nestjs/common';
import { HealthModule } from '../health';
import { MetricsService } from './metrics.service';
import { WorkerHttpServer } from './worker-http.server';
import { WorkerMetrics } from './worker-metrics';

/** The worker process's metrics registry (global, as in the API), job metrics, and its own HTTP port. */
@Global()
@Module({
  imports: [HealthModule],
  providers: [MetricsService, WorkerMetrics, WorkerHttpServer],
  exports: [MetricsService, WorkerHttpServer],
})
export class WorkerObservabilityModule {}
