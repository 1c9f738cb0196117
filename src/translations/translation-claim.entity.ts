import { Column, Entity, PrimaryColumn } from 'typeorm';

/** A translator's reservation of one (article, locale) task until `expiresAt`. At most one per task. */
@Entity('translation_claims')
export class TranslationClaimEntity {
  @PrimaryColumn({ type: 'uuid' })
  articleId: string;

  @PrimaryColumn({ type: 'text' })
  locale: string;

  @Column({ type: 'uuid' })
  keyId: string;

  /** The API key's name: the only thing others learn about the claimer. */
  @Column({ type: 'text' })
  claimerName: string;

  @Column({ type: 'timestamptz' })
  claimedAt: Date;

  @Column({ type: 'timestamptz' })
  expiresAt: Date;
}
