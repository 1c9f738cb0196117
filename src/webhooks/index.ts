/** The webhooks domain's public surface: other domains import webhooks only from here (see ARCHITECTURE.md). */
export { WebhooksModule, WebhooksWorkerModule } from './webhooks.module';
export { WebhookDispatcher } from './webhook-dispatcher';
export { WEBHOOK_EVENTS } from './webhook-events';
export type { WebhookEvent, WebhookNotice } from './webhook-events';
export { WebhookModel } from './models/webhook.model';
export { WebhooksService } from './webhooks.service';
export type { WebhookEntity } from './webhook.entity';
