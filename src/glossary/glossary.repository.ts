import { Injectable } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import { Repository } from 'typeorm';
import { GlossaryTermEntity } from './glossary-term.entity';

export type GlossaryTermFields = Pick<GlossaryTermEntity, 'sourceLocale' | 'targetLocale' | 'source' | 'target' | 'note'>;

/** The one writer of `glossary_terms`. */
@Injectable()
export class GlossaryRepository {
  constructor(@InjectRepository(GlossaryTermEntity) private readonly repo: Repository<GlossaryTermEntity>) {}

  /** Terms of a pair (either side may be left open), alphabetical by source term. */
  list(sourceLocale: string | null, targetLocale: string | null): Promise<GlossaryTermEntity[]> {
    return this.repo
      .createQueryBuilder('g')
      .where(':source::text IS NULL OR g.source_locale = :source', { source: sourceLocale })
      .andWhere(':target::text IS NULL OR g.target_locale = :target', { target: targetLocale })
      .orderBy('g.source_locale')
      .addOrderBy('g.target_locale')
      .addOrderBy('lower(g.source)')
      .getMany();
  }

  /**
   * One term per (pair, source term ignoring case): a second upsert of the same term replaces its target
   * and note (one statement, so two editors saving the same term at once leave one row).
   */
  async upsert(term: GlossaryTermFields): Promise<GlossaryTermEntity> {
    const [row] = await this.repo.query<GlossaryTermEntity[]>(
      `INSERT INTO glossary_terms (source_locale, target_locale, source, target, note)
       VALUES ($1, $2, $3, $4, $5)
       ON CONFLICT (source_locale, target_locale, lower(source)) DO UPDATE
         SET source = EXCLUDED.source, target = EXCLUDED.target, note = EXCLUDED.note, updated_at = now()
       RETURNING id, source_locale AS "sourceLocale", target_locale AS "targetLocale", source, target, note,
                 created_at AS "createdAt", updated_at AS "updatedAt"`,
      [term.sourceLocale, term.targetLocale, term.source, term.target, term.note],
    );
    return row;
  }

  async delete(id: string): Promise<boolean> {
    const result = await this.repo.delete({ id });
    return (result.affected ?? 0) > 0;
  }
}
