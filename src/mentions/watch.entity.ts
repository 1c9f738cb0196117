import { Column, CreateDateColumn, Entity, PrimaryGeneratedColumn, UpdateDateColumn } from 'typeorm';
import type { MatchMode } from './match';

export interface StoredWatchTerm {
  text: string;
  locale: string | null;
  mode: MatchMode;
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

  @Column({ type: 'uuid', nullable: true })
  sectionId: string | null;

  @Column({ type: 'text', nullable: true })
  createdBy: string | null;

  @CreateDateColumn({ type: 'timestamptz' })
  createdAt: Date;

  @UpdateDateColumn({ type: 'timestamptz' })
  updatedAt: Date;
}
