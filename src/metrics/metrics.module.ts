import { Global, MiddlewareConsumer, Module, NestModule } from '@nestjs/common';
import { GraphqlMetricsPlugin } from './graphql-metrics.plugin';
import { HttpMetricsMiddleware } from './http-metrics.middleware';
import { MetricsController } from './metrics.controller';
import { MetricsService } from './metrics.service';

/** Prometheus metrics of the API process. MetricsService is global: inject it to add your own metrics. */
@Global()
@Module({
  controllers: [MetricsController],
  providers: [MetricsService, GraphqlMetricsPlugin],
  exports: [MetricsService],
})
export class MetricsModule implements NestModule {
  configure(consumer: MiddlewareConsumer): void {
    consumer.apply(HttpMetricsMiddleware).forRoutes('{*path}');
  }
}
