import { Column, Entity, Index, PrimaryGeneratedColumn } from 'typeorm';
import type { MentionState } from './alerts/mention-state';

/** One item that names a watch's terms: one row per watch and canonical URL. */
@Entity('mentions')
@Index('mentions_watch_url_uq', ['watchId', 'url'], { unique: true })
export class MentionEntity {
  @PrimaryGeneratedColumn('uuid')
  id: string;

  @Column({ type: 'uuid' })
  watchId: string;

  /** Canonical (no tracking parameters, no fragment). */
  @Column({ type: 'text' })
  url: string;

  @Column({ type: 'text', nullable: true })
  title: string | null;

  /** HTML: the matched passage, escaped, with the matches in <mark>. */
  @Column({ type: 'text' })
  excerpt: string;

  @Column({ type: 'text', nullable: true })
  locale: string | null;

  @Column({ type: 'text' })
  sourceName: string;

  @Column({ type: 'uuid', nullable: true })
  sourceId: string | null;

  @Column({ type: 'timestamptz', nullable: true })
  publishedAt: Date | null;

  @Column({ type: 'timestamptz' })
  foundAt: Date;

  @Column({ type: 'text', array: true, default: () => "'{}'" })
  matchedTerms: string[];

  @Column({ type: 'uuid', array: true, default: () => "'{}'" })
  sectionIds: string[];

  @Column({ type: 'uuid', array: true, default: () => "'{}'" })
  articleIds: string[];

  /** Mentions of the same story (near-duplicate text) from several outlets share it. */
  @Column({ type: 'uuid' })
  storyId: string;

  @Column({ type: 'int', array: true, default: () => "'{}'" })
  minhash: number[];

  @Column({ type: 'int', array: true, default: () => "'{}'" })
  lshBands: number[];

  @Column({ type: 'text', nullable: true })
  reportedBy: string | null;

  /** NEW until an editor marks it READ or DISMISSED (markMentions). */
  @Column({ type: 'text', default: 'NEW' })
  state: MentionState;
}
