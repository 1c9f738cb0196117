import { Column, Entity, PrimaryColumn } from 'typeorm';

/** A section's push secret, sealed (see SecretBox); the previous one verifies until previousValidUntil. */
@Entity('section_push_secrets')
export class PushSecretEntity {
  @PrimaryColumn({ type: 'uuid' })
  sectionId: string;

  @Column({ type: 'text' })
  currentSecret: string;

  @Column({ type: 'text', nullable: true })
  previousSecret: string | null;

  @Column({ type: 'timestamptz', nullable: true })
  previousValidUntil: Date | null;

  @Column({ type: 'timestamptz' })
  rotatedAt: Date;

  @Column({ type: 'timestamptz', nullable: true })
  lastPushAt: Date | null;
}
