import { Column, CreateDateColumn, Entity, PrimaryGeneratedColumn } from 'typeorm';
import type { Role } from '../common/principal';

@Entity('api_keys')
export class ApiKeyEntity {
  @PrimaryGeneratedColumn('uuid')
  id: string;

  @Column({ type: 'text' })
  name: string;

  @Column({ type: 'text' })
  role: Role;

  /** TRANSLATOR: the locales the key may work in. */
  @Column({ type: 'text', array: true, default: () => "'{}'" })
  locales: string[];

  /** PUBLISHER: the one section the key may write to. */
  @Column({ type: 'uuid', nullable: true })
  sectionId: string | null;

  /** Where the key's mail (the translators' daily digest) goes; none without it. */
  @Column({ type: 'text', nullable: true })
  email: string | null;

  /** The language of the key's mail; else its first locale, else the default. */
  @Column({ type: 'text', nullable: true })
  locale: string | null;

  /** SHA-256 of the key: keys are 256-bit random, so a fast hash is enough and the key itself is never stored. */
  @Column({ type: 'text', unique: true })
  keyHash: string;

  /** The first characters of the key, to recognise it in `keys list`. */
  @Column({ type: 'text' })
  keyPrefix: string;

  @CreateDateColumn({ type: 'timestamptz' })
  createdAt: Date;

  @Column({ type: 'timestamptz', nullable: true })
  lastUsedAt: Date | null;

  @Column({ type: 'timestamptz', nullable: true })
  revokedAt: Date | null;
}
