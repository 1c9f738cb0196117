import { Column, Entity, PrimaryGeneratedColumn } from 'typeorm';

/**
 * One change, recorded after it succeeded: who (a key's name and id, or the CLI's user), what (the mutation's
 * name), on what (an id or slug), when. Never arguments or results, so never a secret, key or token.
 */
@Entity('audit_log')
export class AuditEntryEntity {
  @PrimaryGeneratedColumn('uuid')
  id: string;

  @Column({ type: 'timestamptz', default: () => 'now()' })
  at: Date;

  /** As shown: "Ayesha (key 0b5e…)", "cli (root)". */
  @Column({ type: 'text' })
  actor: string;

  /** The API key that acted, when one did (null for the CLI): to find a key's every change. */
  @Column({ type: 'uuid', nullable: true })
  actorKeyId: string | null;

  /** The mutation's name (createApiKey; the keys CLI uses the same names), or queueDashboard. */
  @Column({ type: 'text' })
  action: string;

  /** The id or slug acted on; "" when the change names none. */
  @Column({ type: 'text' })
  target: string;
}
