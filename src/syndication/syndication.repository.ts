import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';

export interface SyndicatedRow {
  translationId: string;
  articleId: string;
  title: string;
  summary: string | null;
  bodyHtml: string | null;
  url: string | null;
  canonicalUrl: string | null;
  publishedAt: Date;
  updatedAt: Date;
  authors: string[];
  tags: string[];
  imageUrl: string | null;
}

@Injectable()
export class SyndicationRepository {
  constructor(private readonly dataSource: DataSource) {}

  /** The newest articles with a translation published in `locale` (in one section, or in all), that translation's text. */
  latestPublishedIn(locale: string, sectionId: string | null, limit: number): Promise<SyndicatedRow[]> {
    return this.dataSource.query(
      `SELECT t.id AS "translationId", a.id AS "articleId", t.title, t.summary, t.body_html AS "bodyHtml", t.url,
              a.canonical_url AS "canonicalUrl", a.published_at AS "publishedAt",
              greatest(t.updated_at, a.updated_at) AS "updatedAt", a.authors, a.tags, a.image_url AS "imageUrl"
       FROM translations t
       JOIN articles a ON a.id = t.article_id
       WHERE t.status = 'PUBLISHED' AND t.locale = $1 AND ($2::uuid IS NULL OR a.section_id = $2)
       ORDER BY a.published_at DESC, a.id DESC
       LIMIT $3`,
      [locale, sectionId, limit],
    );
  }
}
