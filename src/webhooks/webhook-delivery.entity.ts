import { Column, CreateDateColumn, Entity, PrimaryGeneratedColumn } from 'typeorm';
import type { DeliveryState, WebhookEvent } from './webhook-events';

/** One event occurrence for one webhook: its body (identical at every attempt), its attempts and outcome. */
@Entity('webhook_deliveries')
export class WebhookDeliveryEntity {
  @PrimaryGeneratedColumn('uuid')
  id: string;

  @Column({ type: 'uuid' })
  webhookId: string;

  @Column({ type: 'text' })
  event: WebhookEvent;

  /** Names the occurrence: unique per webhook, so announcing it again delivers nothing twice. */
  @Column({ type: 'text' })
  eventKey: string;

  @Column({ type: 'text', select: false })
  body: string;

  @Column({ type: 'text' })
  state: DeliveryState;

  @Column({ type: 'int' })
  attempts: number;

  /** The last attempt's HTTP status; null when it got no answer. */
  @Column({ type: 'int', nullable: true })
  responseStatus: number | null;

  /** Why the last attempt failed, as a code (HTTP_STATUS, TIMEOUT, NETWORK, BLOCKED_ADDRESS ...): never a response body. */
  @Column({ type: 'text', nullable: true })
  lastError: string | null;

  @CreateDateColumn({ type: 'timestamptz' })
  createdAt: Date;

  @Column({ type: 'timestamptz', nullable: true })
  lastAttemptAt: Date | null;

  @Column({ type: 'timestamptz', nullable: true })
  deliveredAt: Date | null;
}
