import { MigrationInterface, QueryRunner } from 'typeorm';
import { alignSegments } from '../../common/segments';

/**
 * Translation memory (issue 14): the segment pairs of published translations, searched by trigram
 * similarity. pg_trgm ships with PostgreSQL (contrib); the GIN index serves `source_text % $segment`.
 * Existing published translations are paired with the original at the revision they were made from,
 * by the same segmenting the desk uses on approval (src/common/segments.ts).
 */
export class TranslationMemoryG1766700000200 implements MigrationInterface {
  name = 'TranslationMemoryG1766700000200';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`CREATE EXTENSION IF NOT EXISTS pg_trgm`);
    await q.query(`
      CREATE TABLE translation_memory (
        article_id uuid NOT NULL REFERENCES articles(id) ON DELETE CASCADE,
        target_locale text NOT NULL,
        position int NOT NULL,
        source_locale text NOT NULL,
        source_text text NOT NULL,
        target_text text NOT NULL,
        created_at timestamptz NOT NULL DEFAULT now(),
        PRIMARY KEY (article_id, target_locale, position)
      )`);
    await q.query(`CREATE INDEX translation_memory_source_trgm ON translation_memory USING gin (source_text gin_trgm_ops)`);
    await q.query(`CREATE INDEX translation_memory_pair_idx ON translation_memory (source_locale, target_locale)`);
    await backfillTranslationMemory(q);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE translation_memory`);
  }
}

type Row = { articleId: string; locale: string; title: string; summary: string | null; bodyHtml: string | null; sLocale: string; sTitle: string; sSummary: string | null; sBody: string | null };

/** Pairs every published translation not yet in the memory (also run by the memory's test on real rows). */
export async function backfillTranslationMemory(q: QueryRunner): Promise<void> {
  for (let after = '00000000-0000-0000-0000-000000000000'; ; ) {
    const rows = (await q.query(
      `SELECT t.id, t.article_id AS "articleId", t.locale, t.title, t.summary, t.body_html AS "bodyHtml",
              r.locale AS "sLocale", r.title AS "sTitle", r.summary AS "sSummary", r.body_html AS "sBody"
       FROM translations t JOIN article_revisions r ON r.article_id = t.article_id AND r.revision = t.source_revision
       WHERE t.status = 'PUBLISHED' AND NOT t.is_original AND r.locale <> t.locale AND t.id > $1
       ORDER BY t.id LIMIT 500`,
      [after],
    )) as (Row & { id: string })[];
    if (!rows.length) return;
    for (const row of rows) {
      const pairs = alignSegments({ title: row.sTitle, summary: row.sSummary, bodyHtml: row.sBody }, row);
      if (!pairs.length) continue;
      await q.query(
        `INSERT INTO translation_memory (article_id, source_locale, target_locale, position, source_text, target_text)
         SELECT $1, $2, $3, p.position, p.s, p.t FROM unnest($4::text[], $5::text[]) WITH ORDINALITY AS p(s, t, position)
         ON CONFLICT DO NOTHING`,
        [row.articleId, row.sLocale, row.locale, pairs.map((p) => p.source), pairs.map((p) => p.target)],
      );
    }
    after = rows[rows.length - 1].id;
  }
}
