import { Controller, Get, Res } from '@nestjs/common';
import type { Response } from 'express';
import { HealthService } from './health.service';

@Controller('health')
export class HealthController {
  constructor(private readonly health: HealthService) {}

  /** 200 while PostgreSQL answers (reads work); "degraded" when Redis is down; 503 without PostgreSQL. */
  @Get()
  async check(@Res() res: Response) {
    const report = await this.health.check();
    res.status(report.status === 'down' ? 503 : 200).json(report);
  }

  /** Liveness: the process answers (restart it when it does not); never depends on PostgreSQL or Redis. */
  @Get('live')
  live() {
    return { status: 'ok' };
  }

  /** Readiness: 503 while PostgreSQL or Redis is unreachable or Redis may evict job keys. */
  @Get('ready')
  async ready(@Res() res: Response) {
    const report = await this.health.ready();
    res.status(report.ready ? 200 : 503).json(report);
  }
}
