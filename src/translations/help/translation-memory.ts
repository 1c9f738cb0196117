import { Injectable } from '@nestjs/common';
import { DataSource, EntityManager } from 'typeorm';
import { alignSegments, type TextParts } from '../../common/segments';

export interface MemoryRow {
  sourceText: string;
  translatedText: string;
  similarity: number;
  articleId: string;
}

/** Below this trigram similarity a match helps nobody (pg_trgm's own default for `%`). */
export const MEMORY_MIN_SIMILARITY = 0.3;
export const MEMORY_MAX_LIMIT = 20;

/**
 * The translation memory (table `translation_memory`, written only here): the segment pairs of every
 * published translation, source beside translation, searched by trigram similarity (pg_trgm, GIN index on
 * source_text). Approval replaces the pairs of that (article, locale), in the approval's transaction.
 */
@Injectable()
export class TranslationMemory {
  constructor(private readonly dataSource: DataSource) {}

  /**
   * After an approval, in its transaction: pairs the published translation with the original at the revision
   * it was made from (article_revisions) and stores the pairs.
   */
  async rememberPublished(m: EntityManager, articleId: string, locale: string): Promise<number> {
    const [row] = await m.query<{ title: string; summary: string | null; bodyHtml: string | null; sLocale: string; sTitle: string; sSummary: string | null; sBody: string | null }[]>(
      `SELECT t.title, t.summary, t.body_html AS "bodyHtml", r.locale AS "sLocale", r.title AS "sTitle", r.summary AS "sSummary", r.body_html AS "sBody"
       FROM translations t JOIN article_revisions r ON r.article_id = t.article_id AND r.revision = t.source_revision
       WHERE t.article_id = $1 AND t.locale = $2 AND t.status = 'PUBLISHED' AND NOT t.is_original AND r.locale <> t.locale`,
      [articleId, locale],
    );
    if (!row) return 0;
    return this.remember(m, articleId, { locale: row.sLocale, title: row.sTitle, summary: row.sSummary, bodyHtml: row.sBody }, { ...row, locale });
  }

  /** Stores the aligned segments of a translation just published, replacing its earlier ones. */
  async remember(m: EntityManager, articleId: string, source: TextParts & { locale: string }, target: TextParts & { locale: string }): Promise<number> {
    await m.query(`DELETE FROM translation_memory WHERE article_id = $1 AND target_locale = $2`, [articleId, target.locale]);
    const pairs = alignSegments(source, target);
    if (!pairs.length) return 0;
    await m.query(
      `INSERT INTO translation_memory (article_id, source_locale, target_locale, position, source_text, target_text)
       SELECT $1, $2, $3, p.position, p.source_text, p.target_text
       FROM unnest($4::text[], $5::text[]) WITH ORDINALITY AS p(source_text, target_text, position)`,
      [articleId, source.locale, target.locale, pairs.map((p) => p.source), pairs.map((p) => p.target)],
    );
    return pairs.length;
  }

  /**
   * The stored pairs whose source is closest to any of `segments`, best first: each pair once, with its best
   * similarity (0..1, 1 for the same text). `%` uses the trigram index; similarity() then ranks.
   */
  async closest(sourceLocale: string, targetLocale: string, segments: string[], limit: number): Promise<MemoryRow[]> {
    if (!segments.length) return [];
    return this.dataSource.transaction(async (m) => {
      await m.query(`SELECT set_config('pg_trgm.similarity_threshold', $1, true)`, [String(MEMORY_MIN_SIMILARITY)]);
      const rows = await m.query<(Omit<MemoryRow, 'similarity'> & { similarity: string | number })[]>(
        `SELECT t.source_text AS "sourceText", t.target_text AS "translatedText", t.article_id AS "articleId",
                max(similarity(t.source_text, q.text)) AS similarity
         FROM unnest($3::text[]) AS q(text)
         JOIN translation_memory t ON t.source_text % q.text
         WHERE t.source_locale = $1 AND t.target_locale = $2
         GROUP BY t.article_id, t.position, t.source_text, t.target_text
         ORDER BY similarity DESC, t.source_text, t.article_id
         LIMIT $4`,
        [sourceLocale, targetLocale, segments, limit],
      );
      return rows.map((r) => ({ ...r, similarity: Math.round(Number(r.similarity) * 1000) / 1000 }));
    });
  }
}
