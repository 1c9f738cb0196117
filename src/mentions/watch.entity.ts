import { Column, CreateDateColumn, Entity, PrimaryGeneratedColumn, UpdateDateColumn } from 'typeorm';
import type { MatchMode } from './match';

export interface StoredWatchTerm {
  text: string;
  locale: string | null;
  mode: MatchMode;
}

/** NEAR/n: `term` and `nearTerm` with at most `within` words (characters in Chinese) between them. */
export interface StoredNearTerm {
  term: string;
  nearTerm: string;
  within: number;
}

@Entity('watches')
export class WatchEntity {
  @PrimaryGeneratedColumn('uuid')
  id: string;

  @Column({ type: 'text' })
  name: string;

  @Column({ type: 'jsonb' })
  terms: StoredWatchTerm[];

  @Column({ type: 'text', array: true, default: () => "'{}'" })
  excludes: string[];

  /** An item containing any of these anywhere is no mention. */
  @Column({ type: 'text', array: true, default: () => "'{}'" })
  excludeItemsWith: string[];

  /** Every one must occur as well as a term. */
  @Column({ type: 'text', array: true, default: () => "'{}'" })
  allOf: string[];

  @Column({ type: 'jsonb', default: () => "'[]'" })
  near: StoredNearTerm[];

  /** Only items in these languages; empty: any. */
  @Column({ type: 'text', array: true, default: () => "'{}'" })
  locales: string[];

  /** Only items from these mention sources; empty: any (a source used here cannot be deleted). */
  @Column({ type: 'uuid', array: true, default: () => "'{}'" })
  sourceIds: string[];

  @Column({ type: 'uuid', nullable: true })
  sectionId: string | null;

  @Column({ type: 'text', nullable: true })
  createdBy: string | null;

  @CreateDateColumn({ type: 'timestamptz' })
  createdAt: Date;

  @UpdateDateColumn({ type: 'timestamptz' })
  updatedAt: Date;
}
