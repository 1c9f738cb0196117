import { Injectable, Logger } from '@nestjs/common';
import { collectDefaultMetrics, Counter, Gauge, Histogram, Registry } from 'prom-client';

export type Labels = Record<string, string>;

/** A reading taken at scrape time: one value, or one value per label set. */
export type GaugeReading = number | { labels: Labels; value: number }[];

export interface ScrapedGauge {
  /** Prometheus name, e.g. "newsdesk_feeds_due" (use the newsdesk_ prefix). */
  name: string;
  help: string;
  labelNames?: string[];
  /** Called on every scrape; a failure leaves the gauge empty for that scrape instead of failing /metrics. */
  collect: () => GaugeReading | Promise<GaugeReading>;
}

const DURATION_BUCKETS = [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10];

/**
 * The process's Prometheus registry: default process metrics, HTTP and GraphQL request counters and
 * durations, and helpers for other domains to add theirs (registerGauge for queue depths and the like).
 * Metric helpers are get-or-create by name, so two callers asking for the same metric share it.
 */
@Injectable()
export class MetricsService {
  private readonly logger = new Logger(MetricsService.name);
  readonly registry = new Registry();
  readonly httpRequests: Counter<'method' | 'route' | 'status'>;
  readonly httpDuration: Histogram<'method' | 'route' | 'status'>;
  readonly graphqlRequests: Counter<'operation' | 'type' | 'outcome'>;
  readonly graphqlDuration: Histogram<'operation' | 'type' | 'outcome'>;

  constructor() {
    collectDefaultMetrics({ register: this.registry });
    this.httpRequests = this.counter('newsdesk_http_requests_total', 'HTTP requests by method, matched route and status', ['method', 'route', 'status']);
    this.httpDuration = this.histogram('newsdesk_http_request_duration_seconds', 'HTTP request duration', ['method', 'route', 'status']);
    this.graphqlRequests = this.counter(
      'newsdesk_graphql_operations_total',
      'GraphQL root fields executed, by field (the contract operation), operation type and outcome',
      ['operation', 'type', 'outcome'],
    );
    this.graphqlDuration = this.histogram('newsdesk_graphql_request_duration_seconds', 'GraphQL request duration, by root field', [
      'operation',
      'type',
      'outcome',
    ]);
  }

  get contentType(): string {
    return this.registry.contentType;
  }

  /** The Prometheus text exposition of every metric. */
  metrics(): Promise<string> {
    return this.registry.metrics();
  }

  counter<L extends string>(name: string, help: string, labelNames: L[] = []): Counter<L> {
    return (this.registry.getSingleMetric(name) as Counter<L> | undefined) ?? new Counter({ name, help, labelNames, registers: [this.registry] });
  }

  histogram<L extends string>(name: string, help: string, labelNames: L[] = [], buckets = DURATION_BUCKETS): Histogram<L> {
    return (
      (this.registry.getSingleMetric(name) as Histogram<L> | undefined) ??
      new Histogram({ name, help, labelNames, buckets, registers: [this.registry] })
    );
  }

  gauge<L extends string>(name: string, help: string, labelNames: L[] = []): Gauge<L> {
    return (this.registry.getSingleMetric(name) as Gauge<L> | undefined) ?? new Gauge({ name, help, labelNames, registers: [this.registry] });
  }

  /**
   * A gauge whose value is read when Prometheus scrapes, e.g. queue depths:
   *   metrics.registerGauge({ name: 'newsdesk_feeds_due', help: 'Feeds due for polling', collect: () => repo.countDue() })
   * Registering the same name again replaces the collector.
   */
  registerGauge(spec: ScrapedGauge): Gauge<string> {
    this.registry.removeSingleMetric(spec.name);
    const logger = this.logger;
    return new Gauge({
      name: spec.name,
      help: spec.help,
      labelNames: spec.labelNames ?? [],
      registers: [this.registry],
      async collect() {
        this.reset();
        try {
          const reading = await spec.collect();
          if (typeof reading === 'number') this.set(reading);
          else for (const { labels, value } of reading) this.set(labels, value);
        } catch (error) {
          logger.warn(`Gauge ${spec.name} could not be read: ${(error as Error).message}`);
        }
      },
    });
  }
}
