import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';

export interface SitemapRow {
  articleId: string;
  locale: string;
  url: string;
  status: string;
  isOriginal: boolean;
  originalLocale: string;
  canonicalUrl: string | null;
  updatedAt: Date;
}

const PUBLISHED_WITH_URL = `t.status = 'PUBLISHED' AND t.url IS NOT NULL`;

/** Reads for the sitemaps: published translations with a URL (translations and articles are owned by articles; read only). */
@Injectable()
export class SitemapRepository {
  constructor(private readonly dataSource: DataSource) {}

  /** Per section: how many URLs its sitemap lists, and when the newest changed. */
  async countsBySection(): Promise<Map<string, { urls: number; lastmod: Date | null }>> {
    const rows: { section_id: string; urls: string; lastmod: Date | null }[] = await this.dataSource.query(
      `SELECT t.section_id, count(*) AS urls, max(greatest(t.updated_at, a.updated_at)) AS lastmod
       FROM translations t JOIN articles a ON a.id = t.article_id WHERE ${PUBLISHED_WITH_URL} GROUP BY t.section_id`,
    );
    return new Map(rows.map((r) => [r.section_id, { urls: Number(r.urls), lastmod: r.lastmod }]));
  }

  /** One page of a section's URLs (newest articles first, a stable order) and every published URL of their articles. */
  async page(sectionId: string, offset: number, limit: number): Promise<{ entries: SitemapRow[]; siblings: SitemapRow[] }> {
    const select = `SELECT t.article_id AS "articleId", t.locale, t.url, t.status, t.is_original AS "isOriginal",
              a.original_locale AS "originalLocale", a.canonical_url AS "canonicalUrl", greatest(t.updated_at, a.updated_at) AS "updatedAt"
       FROM translations t JOIN articles a ON a.id = t.article_id`;
    const entries: SitemapRow[] = await this.dataSource.query(
      `${select} WHERE ${PUBLISHED_WITH_URL} AND t.section_id = $1 ORDER BY a.published_at DESC, a.id, t.locale OFFSET $2 LIMIT $3`,
      [sectionId, offset, limit],
    );
    const ids = [...new Set(entries.map((e) => e.articleId))];
    const siblings: SitemapRow[] = ids.length
      ? await this.dataSource.query(`${select} WHERE ${PUBLISHED_WITH_URL} AND t.article_id = ANY($1::uuid[]) ORDER BY t.article_id, t.is_original DESC, t.locale`, [ids])
      : [];
    return { entries, siblings };
  }
}
