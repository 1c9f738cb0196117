import { Column, CreateDateColumn, Entity, PrimaryGeneratedColumn, UpdateDateColumn } from 'typeorm';
import type { WebhookEvent } from './webhook-events';

/** An endpoint that receives signed deliveries of the events it subscribed to. */
@Entity('webhooks')
export class WebhookEntity {
  @PrimaryGeneratedColumn('uuid')
  id: string;

  @Column({ type: 'text' })
  url: string;

  @Column({ type: 'text', array: true })
  events: WebhookEvent[];

  /** The signing secret sealed with SECRET_KEY (SecretBox, purpose "newsdesk webhook secrets v1"): never shown. */
  @Column({ type: 'text', select: false })
  secretSealed: string;

  /** False once disabled after WEBHOOK_DISABLE_AFTER failed deliveries in a row. */
  @Column({ type: 'boolean', default: true })
  active: boolean;

  @Column({ type: 'int', default: 0 })
  consecutiveFailures: number;

  @Column({ type: 'timestamptz', nullable: true })
  lastDeliveryAt: Date | null;

  @Column({ type: 'int', nullable: true })
  lastResponseStatus: number | null;

  @Column({ type: 'timestamptz', nullable: true })
  disabledAt: Date | null;

  @CreateDateColumn({ type: 'timestamptz' })
  createdAt: Date;

  @UpdateDateColumn({ type: 'timestamptz' })
  updatedAt: Date;
}
