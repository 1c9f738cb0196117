import { Injectable, OnModuleInit } from '@nestjs/common';
import { HttpAdapterHost } from '@nestjs/core';
import { createBullBoard } from '@bull-board/api';
import { BullMQAdapter } from '@bull-board/api/bullMQAdapter';
import { ExpressAdapter } from '@bull-board/express';
import type { Express, RequestHandler } from 'express';
import { AuditService } from '../audit';
import { AuthService } from '../auth';
import { LocaleRegistry } from '../i18n/locale-registry';
import { Translator } from '../i18n/translator';
import { RedisService } from '../redis/redis.service';
import { adminOnly } from './admin-auth';
import { InspectedQueues } from './inspected-queues';

export const DASHBOARD_PATH = '/admin/queues';

/** Mounts the BullMQ dashboard (bull-board) at /admin/queues behind the ADMIN check. */
@Injectable()
export class QueueDashboard implements OnModuleInit {
  constructor(
    private readonly adapterHost: HttpAdapterHost,
    private readonly queues: InspectedQueues,
    private readonly auth: AuthService,
    private readonly translator: Translator,
    private readonly locales: LocaleRegistry,
    private readonly redis: RedisService,
    private readonly audit: AuditService,
  ) {}

  onModuleInit(): void {
    const serverAdapter = new ExpressAdapter();
    serverAdapter.setBasePath(DASHBOARD_PATH);
    createBullBoard({
      queues: this.queues.all.map((queue) => new BullMQAdapter(queue)),
      serverAdapter,
      options: { uiConfig: { boardTitle: 'newsdesk' } },
    });
    const app = this.adapterHost.httpAdapter.getInstance<Express>();
    app.use(DASHBOARD_PATH, adminOnly({ auth: this.auth, translator: this.translator, locales: this.locales, redisUp: () => this.redis.ping(), audit: this.audit }), serverAdapter.getRouter() as RequestHandler);
  }
}
