import { Controller, Get, Headers, Res } from '@nestjs/common';
import type { Response } from 'express';
import { createHash, timingSafeEqual } from 'node:crypto';
import { bearerToken } from '../common/bearer-token';
import { unauthenticated } from '../common/errors';
import { AppConfig } from '../config/app-config';
import { MetricsService } from './metrics.service';

const digest = (value: string) => createHash('sha256').update(value).digest();

/** GET /metrics: Prometheus text format. Open unless METRICS_TOKEN is set (then a Bearer token is required). */
@Controller('metrics')
export class MetricsController {
  constructor(
    private readonly metrics: MetricsService,
    private readonly config: AppConfig,
  ) {}

  @Get()
  async scrape(@Headers('authorization') authorization: string | undefined, @Res() res: Response) {
    const expected = this.config.metricsToken;
    if (expected !== null) {
      const given = bearerToken(authorization);
      if (!given || !timingSafeEqual(digest(given), digest(expected))) {
        res.setHeader('WWW-Authenticate', 'Bearer realm="newsdesk metrics"');
        throw unauthenticated('metrics:errors.token');
      }
    }
    res.status(200).type(this.metrics.contentType).send(await this.metrics.metrics());
  }
}
