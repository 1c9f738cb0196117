import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';

/** What a delivery says about an article in one language (the contract's article fields). */
export interface ArticleSubject {
  id: string;
  section: string;
  locale: string;
  title: string;
  url: string | null;
  /** Names the state described: the translation's version (publications), the article's last change (updates). */
  version: number;
  isOriginal: boolean;
}

/** Reads (never writes) what deliveries describe, from the owners' tables, one statement per batch. */
@Injectable()
export class SubjectReader {
  constructor(private readonly dataSource: DataSource) {}

  /** The translations of (article, locale) pairs, with their section's slug; pairs without one are left out. */
  async articles(pairs: readonly { articleId: string; locale: string }[]): Promise<ArticleSubject[]> {
    if (!pairs.length) return [];
    return this.dataSource.query<ArticleSubject[]>(
      `SELECT t.article_id AS id, s.slug AS section, t.locale, t.title, t.url, t.version, t.is_original AS "isOriginal"
         FROM unnest($1::uuid[], $2::text[]) AS p(article_id, locale)
         JOIN translations t ON t.article_id = p.article_id AND t.locale = p.locale
         JOIN sections s ON s.id = t.section_id`,
      [pairs.map((p) => p.articleId), pairs.map((p) => p.locale)],
    );
  }

  /** Articles as their original text shows them; `version` is the article's last change (epoch microseconds). */
  async originals(articleIds: readonly string[]): Promise<ArticleSubject[]> {
    if (!articleIds.length) return [];
    const rows = await this.dataSource.query<(Omit<ArticleSubject, 'version'> & { version: string })[]>(
      `SELECT a.id, s.slug AS section, t.locale, t.title, t.url, true AS "isOriginal",
              (extract(epoch FROM greatest(a.updated_at, t.updated_at)) * 1000000)::bigint::text AS version
         FROM articles a
         JOIN translations t ON t.article_id = a.id AND t.is_original
         JOIN sections s ON s.id = a.section_id
        WHERE a.id = ANY ($1::uuid[])`,
      [[...new Set(articleIds)]],
    );
    return rows.map((r) => ({ ...r, version: Number(r.version) }));
  }
}
