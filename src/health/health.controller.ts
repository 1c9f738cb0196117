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
}
