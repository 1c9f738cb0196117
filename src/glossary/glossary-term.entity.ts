import { Column, CreateDateColumn, Entity, PrimaryGeneratedColumn, UpdateDateColumn } from 'typeorm';

/** A protected term for one locale pair: `source` in the source language is always rendered as `target`. */
@Entity('glossary_terms')
export class GlossaryTermEntity {
  @PrimaryGeneratedColumn('uuid')
  id: string;

  @Column({ type: 'text' })
  sourceLocale: string;

  @Column({ type: 'text' })
  targetLocale: string;

  @Column({ type: 'text' })
  source: string;

  @Column({ type: 'text' })
  target: string;

  @Column({ type: 'text', nullable: true })
  note: string | null;

  @CreateDateColumn({ type: 'timestamptz' })
  createdAt: Date;

  @UpdateDateColumn({ type: 'timestamptz' })
  updatedAt: Date;
}
