import { Injectable } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import { EntityManager, Repository } from 'typeorm';
import { readRows } from '../database/read-routing';
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

  async findById(id: string): Promise<ArticleEntity | null> {
    return (await this.findByIds([id]))[0] ?? null;
  }

  findByCanonicalUrl(canonicalUrl: string): Promise<ArticleEntity | null> {
    return this.repo.findOne({ where: { canonicalUrl } });
  }

  async findByIds(ids: readonly string[]): Promise<ArticleEntity[]> {
    if (!ids.length) return [];
    const rows = await readRows<ArticleRow>(this.repo.manager.connection, `SELECT ${ARTICLE_COLUMNS} FROM articles a WHERE a.id = ANY($1::uuid[])`, [ids]);
    return rows.map(articleOf);
  }

  /** The same, brief (ArticleBrief) unless `detail`: for a request that selects none of ARTICLE_DETAIL_FIELDS. */
  async readByIds(ids: readonly string[], detail: boolean): Promise<ArticleRead[]> {
    if (!ids.length || detail) return this.findByIds(ids);
    const rows = await readRows<BriefRow>(this.repo.manager.connection, `SELECT ${BRIEF_COLUMNS} FROM articles a WHERE a.id = ANY($1::uuid[])`, [ids]);
    return rows.map(briefOf);
  }

  /**
   * The article a slug names in a section: the translation of `locale` carrying it when there is one, else
   * the original's, else any (slugs are unique per section and language only). One statement; brief unless `detail`.
   */
  async findBySectionSlug(sectionId: string, slug: string, locale: string | null, detail = true): Promise<ArticleRead | null> {
    const rows = await readRows<ArticleRow>(
      this.repo.manager.connection,
      `SELECT ${detail ? ARTICLE_COLUMNS : BRIEF_COLUMNS} FROM translations t JOIN articles a ON a.id = t.article_id
        WHERE t.section_id = $1 AND t.slug = $2
        ORDER BY t.locale = $3 DESC NULLS LAST, t.is_original DESC LIMIT 1`,
      [sectionId, slug, locale],
    );
    return rows.map((row) => (detail ? articleOf(row) : briefOf(row)))[0] ?? null;
  }

  /**
   * Newest first, `limit` rows after `position`, each with its own position for the cursor; brief rows
   * (ArticleBrief) unless `detail`.
   */
  async pageNewestFirst(
    filter: ArticleFilter,
    position: ArticlePosition | null,
    limit: number,
    detail = true,
  ): Promise<{ article: ArticleRead; position: ArticlePosition }[]> {
    const { where, params } = whereOf(filter);
    if (position) where.push(`(a.published_at, a.id) < ($${params.push(position[0])}::timestamptz, $${params.push(position[1])}::uuid)`);
    const rows = await readRows<BriefRow & Partial<ArticleRow> & { position: string }>(
      this.repo.manager.connection,
      `SELECT ${detail ? ARTICLE_COLUMNS : BRIEF_COLUMNS}, a.published_at::text AS position FROM articles a
       WHERE ${where.join(' AND ')} ORDER BY a.published_at DESC, a.id DESC LIMIT $${params.push(limit)}`,
      params,
    );
    // With `detail`, every column was selected.
    return rows.map((row) => ({ article: detail ? articleOf(row as ArticleRow) : briefOf(row), position: [row.position, row.id] }));
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

  async countMatching(filter: ArticleFilter): Promise<number> {
    const { where, params } = whereOf(filter);
    const [row] = await readRows<{ n: string }>(this.repo.manager.connection, `SELECT count(*) AS n FROM articles a WHERE ${where.join(' AND ')}`, params);
    return Number(row.n);
  }
}

/** The columns of ArticleEntity, as the hot reads select them (raw rows, see readRows). */
const BRIEF_COLUMNS = `a.id, a.section_id, a.original_locale, a.published_at, a.source_revision`;
const ARTICLE_COLUMNS = `${BRIEF_COLUMNS}, a.canonical_url, a.authors, a.tags, a.image_url, a.media, a.published_at_estimated,
  a.created_at, a.updated_at`;

/**
 * What every article read loads: enough for cursors, sections, the fallback chain and staleness. A request
 * that selects none of ARTICLE_DETAIL_FIELDS reads only these (arrays, JSON and dates cost pg a parse each).
 */
export type ArticleBrief = Pick<ArticleEntity, 'id' | 'sectionId' | 'originalLocale' | 'publishedAt' | 'sourceRevision'>;
/** An article as reads load it: whole, or brief. */
export type ArticleRead = ArticleBrief & Partial<ArticleEntity>;
/** The GraphQL fields of Article (or fields computed from it) that read a column outside ArticleBrief. */
export const ARTICLE_DETAIL_FIELDS = ['canonicalUrl', 'updatedAt', 'authors', 'tags', 'imageUrl', 'media', 'publishedAtEstimated', 'alternates'];

interface BriefRow {
  id: string;
  section_id: string;
  original_locale: string;
  published_at: Date;
  source_revision: number;
}

interface ArticleRow extends BriefRow {
  canonical_url: string | null;
  authors: string[];
  tags: string[];
  image_url: string | null;
  media: ArticleEntity['media'];
  published_at_estimated: boolean;
  created_at: Date;
  updated_at: Date;
}

const briefOf = (r: BriefRow): ArticleBrief => ({
  id: r.id,
  sectionId: r.section_id,
  originalLocale: r.original_locale,
  publishedAt: r.published_at,
  sourceRevision: r.source_revision,
});

function articleOf(r: ArticleRow): ArticleEntity {
  return {
    id: r.id,
    sectionId: r.section_id,
    originalLocale: r.original_locale,
    canonicalUrl: r.canonical_url,
    publishedAt: r.published_at,
    authors: r.authors,
    tags: r.tags,
    imageUrl: r.image_url,
    media: r.media,
    publishedAtEstimated: r.published_at_estimated,
    sourceRevision: r.source_revision,
    createdAt: r.created_at,
    updatedAt: r.updated_at,
  };
}

/** The conditions of a filter, numbered from $1. */
function whereOf(filter: ArticleFilter): { where: string[]; params: unknown[] } {
  const params: unknown[] = [];
  const where: string[] = [];
  if (filter.sectionId) where.push(`a.section_id = $${params.push(filter.sectionId)}`);
  // Containment (not "= ANY") so the GIN index on tags can answer a rare tag.
  if (filter.tag) where.push(`a.tags @> ARRAY[$${params.push(filter.tag)}::text]`);
  if (filter.publishedAfter) where.push(`a.published_at >= $${params.push(filter.publishedAfter)}`);
  if (filter.publishedBefore) where.push(`a.published_at < $${params.push(filter.publishedBefore)}`);
  const inLocale = filter.publishedIn ? ` AND t.locale = $${params.push(filter.publishedIn)}` : '';
  where.push(`EXISTS (SELECT 1 FROM translations t WHERE t.article_id = a.id AND t.status = 'PUBLISHED'${inLocale})`);
  return { where, params };
}
