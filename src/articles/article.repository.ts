import { Injectable } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import { Brackets, EntityManager, In, Repository, SelectQueryBuilder } from 'typeorm';
import { ArticleEntity } from './article.entity';
import type { MetadataPatch } from './metadata';

export interface ArticleFilter {
  sectionId?: string;
  tag?: string;
  publishedAfter?: Date;
  publishedBefore?: Date;
  /** Only articles with a published translation in this locale. */
  publishedIn?: string;
}

/** A keyset position: the exact published_at as PostgreSQL prints it, and the id. */
export type ArticlePosition = [publishedAt: string, id: string];

@Injectable()
export class ArticleRepository {
  constructor(@InjectRepository(ArticleEntity) private readonly repo: Repository<ArticleEntity>) {}

  findById(id: string): Promise<ArticleEntity | null> {
    return this.repo.findOne({ where: { id } });
  }

  findByCanonicalUrl(canonicalUrl: string): Promise<ArticleEntity | null> {
    return this.repo.findOne({ where: { canonicalUrl } });
  }

  findByIds(ids: readonly string[]): Promise<ArticleEntity[]> {
    return ids.length ? this.repo.find({ where: { id: In([...ids]) } }) : Promise.resolve([]);
  }

  /** Newest first, `limit` rows after `position`, each with its own position for the cursor. */
  async pageNewestFirst(
    filter: ArticleFilter,
    position: ArticlePosition | null,
    limit: number,
  ): Promise<{ article: ArticleEntity; position: ArticlePosition }[]> {
    const query = this.filtered(filter).addSelect('a.published_at::text', 'position_published_at');
    if (position) {
      query.andWhere('(a.published_at, a.id) < (CAST(:pp AS timestamptz), CAST(:pid AS uuid))', { pp: position[0], pid: position[1] });
    }
    const { entities, raw } = await query.orderBy('a.published_at', 'DESC').addOrderBy('a.id', 'DESC').limit(limit).getRawAndEntities();
    return entities.map((article, i) => ({
      article,
      position: [(raw[i] as Record<string, string>).position_published_at, article.id],
    }));
  }

  /**
   * Writes an editor's metadata change (row locked, in the caller's transaction); null when the article is
   * gone. A date an editor sets is no longer an estimate. A new canonical URL also becomes the original's
   * URL where that was the old canonical one (as createArticle and ingestion set it).
   */
  async updateMetadata(m: EntityManager, id: string, patch: MetadataPatch): Promise<ArticleEntity | null> {
    const repo = m.getRepository(ArticleEntity);
    const before = await repo.findOne({ where: { id }, lock: { mode: 'pessimistic_write' } });
    if (!before) return null;
    if (Object.keys(patch).length) {
      await repo.update({ id }, { ...patch, ...(patch.publishedAt ? { publishedAtEstimated: false } : {}) });
    }
    if (patch.canonicalUrl !== undefined && patch.canonicalUrl !== before.canonicalUrl) {
      await m.query(
        `UPDATE translations SET url = $2, updated_at = now() WHERE article_id = $1 AND is_original AND url IS NOT DISTINCT FROM $3`,
        [id, patch.canonicalUrl, before.canonicalUrl],
      );
    }
    return repo.findOne({ where: { id } });
  }

  countMatching(filter: ArticleFilter): Promise<number> {
    return this.filtered(filter).getCount();
  }

  private filtered(filter: ArticleFilter): SelectQueryBuilder<ArticleEntity> {
    const query = this.repo.createQueryBuilder('a');
    if (filter.sectionId) query.andWhere('a.section_id = :sectionId', { sectionId: filter.sectionId });
    // Containment (not "= ANY") so the GIN index on tags can answer a rare tag.
    if (filter.tag) query.andWhere('a.tags @> ARRAY[CAST(:tag AS text)]', { tag: filter.tag });
    if (filter.publishedAfter) query.andWhere('a.published_at >= :after', { after: filter.publishedAfter });
    if (filter.publishedBefore) query.andWhere('a.published_at < :before', { before: filter.publishedBefore });
    query.andWhere(
      new Brackets((w) =>
        w.where(
          `EXISTS (SELECT 1 FROM translations t WHERE t.article_id = a.id AND t.status = 'PUBLISHED'${
            filter.publishedIn ? ' AND t.locale = :publishedIn' : ''
          })`,
          filter.publishedIn ? { publishedIn: filter.publishedIn } : {},
        ),
      ),
    );
    return query;
  }
}
