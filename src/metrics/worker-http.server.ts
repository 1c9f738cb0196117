import { Injectable, Logger, OnApplicationBootstrap, OnApplicationShutdown } from '@nestjs/common';
import { createHash, timingSafeEqual } from 'node:crypto';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { bearerToken } from '../common/bearer-token';
import { AppConfig } from '../config/app-config';
import { HealthService } from '../health';
import { MetricsService } from './metrics.service';

const digest = (value: string) => createHash('sha256').update(value).digest();

/**
 * The worker has no API: this small server gives it its own /metrics (METRICS_TOKEN applies as on the API),
 * /health/live and /health/ready on WORKER_METRICS_PORT, for Prometheus and the orchestrator.
 */
@Injectable()
export class WorkerHttpServer implements OnApplicationBootstrap, OnApplicationShutdown {
  private readonly logger = new Logger(WorkerHttpServer.name);
  private server?: Server;

  constructor(
    private readonly config: AppConfig,
    private readonly metrics: MetricsService,
    private readonly health: HealthService,
  ) {}

  /** The bound port (WORKER_METRICS_PORT, or the free one picked for 0). */
  get port(): number | undefined {
    return (this.server?.address() as AddressInfo | null)?.port;
  }

  async onApplicationBootstrap(): Promise<void> {
    const server = createServer((req, res) => void this.answer(req, res));
    this.server = server;
    await new Promise<void>((resolve, reject) => {
      server.once('error', reject);
      server.listen(this.config.workerMetricsPort, this.config.host, () => resolve());
    });
    this.logger.log(`worker metrics and health on port ${this.port}`);
  }

  async onApplicationShutdown(): Promise<void> {
    await new Promise<void>((resolve) => (this.server ? this.server.close(() => resolve()) : resolve()));
  }

  private async answer(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const path = (req.url ?? '/').split('?')[0];
    const json = (status: number, body: unknown): void => void res.writeHead(status, { 'Content-Type': 'application/json; charset=utf-8' }).end(JSON.stringify(body));
    try {
      if (req.method !== 'GET') return json(405, { code: 'NOT_FOUND' });
      if (path === '/health/live') return json(200, { status: 'ok' });
      if (path === '/health/ready') {
        const report = await this.health.ready();
        return json(report.ready ? 200 : 503, report);
      }
      if (path === '/metrics') {
        const expected = this.config.metricsToken;
        const given = bearerToken(req.headers.authorization);
        if (expected !== null && (!given || !timingSafeEqual(digest(given), digest(expected)))) {
          res.setHeader('WWW-Authenticate', 'Bearer realm="newsdesk metrics"');
          return json(401, { code: 'UNAUTHENTICATED' });
        }
        const text = await this.metrics.metrics();
        return void res.writeHead(200, { 'Content-Type': this.metrics.contentType }).end(text);
      }
      json(404, { code: 'NOT_FOUND' });
    } catch (error) {
      this.logger.error(`worker ${path}: ${(error as Error).message}`);
      if (!res.headersSent) json(500, { code: 'INTERNAL_SERVER_ERROR' });
    }
  }
}
