import { searchTextColumns, type SearchSource } from '../common/search-text';

/** Runs one statement: a DataSource, an EntityManager or a QueryRunner all have this shape. */
export interface Queryable {
  query(sql: string, params?: unknown[]): Promise<unknown>;
}

/**
 * The statement every writer of translations uses to set search_vector from search texts computed in
 * Node (searchTextColumns): to_tsvector only, no per-row procedural code.
 */
export const SEARCH_VECTOR_SQL = (config: string, title: string, summary: string, body: string) =>
  `search_vector_from(${config}::regconfig, ${title}, ${summary}, ${body})`;

/**
 * Sets search_vector of existing rows from their text (for writers that change a row in place with a
 * partial update, and for the rebuild). One statement for the whole batch.
 */
export async function writeSearchVectors(db: Queryable, rows: readonly (SearchSource & { id: string })[]): Promise<void> {
  if (!rows.length) return;
  const text = searchTextColumns(rows);
  await db.query(
    `UPDATE translations t SET search_vector = ${SEARCH_VECTOR_SQL('s.config', 's.title', 's.summary', 's.body')}
       FROM unnest($1::uuid[], $2::text[], $3::text[], $4::text[], $5::text[]) AS s(id, config, title, summary, body)
      WHERE t.id = s.id`,
    [rows.map((r) => r.id), text.configs, text.titles, text.summaries, text.bodies],
  );
}

const BATCH = 500;

/**
 * Recomputes search_vector for every translation (after a change of folding or of a text search
 * configuration), in batches by id so that it never holds more than one batch in memory nor one long
 * lock. Returns how many rows were rewritten. `npm run search:rebuild` and the FoldedSearchText
 * migration both run it.
 */
export async function rebuildSearchVectors(db: Queryable, onBatch?: (done: number) => void): Promise<number> {
  let after = '00000000-0000-0000-0000-000000000000';
  let done = 0;
  for (;;) {
    const rows = (await db.query(
      `SELECT id, locale, title, summary, body_html AS "bodyHtml" FROM translations WHERE id > $1 ORDER BY id LIMIT ${BATCH}`,
      [after],
    )) as { id: string; locale: string; title: string; summary: string | null; bodyHtml: string | null }[];
    if (!rows.length) return done;
    await writeSearchVectors(db, rows);
    done += rows.length;
    after = rows[rows.length - 1].id;
    onBatch?.(done);
  }
}
