import type { Client } from 'pg';
import { searchTextColumns } from '../../src/common/search-text';
import { SEARCH_VECTOR_SQL } from '../../src/database/search-rebuild';
import type { NormalisedItem } from '../../src/feeds/normalise';

const BATCH = 1000;
const seconds = (start: bigint) => Number(process.hrtime.bigint() - start) / 1e9;

/**
 * The write ceiling into newsdesk's own tables: bare INSERT ... SELECT FROM unnest(...) ON CONFLICT upserts
 * of the same normalised rows (articles, then their original translations with the search vector computed
 * in Node, as every writer does), none of ingestion's logic. Items/s.
 */
export async function realTablesCeiling(pg: Client, rows: NormalisedItem[]): Promise<number> {
  const [{ id: section }] = (await pg.query<{ id: string }>(`INSERT INTO sections (slug, names, default_locale) VALUES ('bench-ceiling', '{"en":"Ceiling"}', 'en') RETURNING id`)).rows;
  const start = process.hrtime.bigint();
  for (let i = 0; i < rows.length; i += BATCH) {
    const batch = rows.slice(i, i + BATCH);
    await pg.query('BEGIN');
    const inserted = await pg.query(
      `INSERT INTO articles (section_id, identity, original_locale, canonical_url, published_at, authors, tags, image_url, content_hash, alternate_urls, media)
       SELECT $1, i.identity, i.locale, i.url, i.published_at,
              ARRAY(SELECT jsonb_array_elements_text(i.authors::jsonb)), ARRAY(SELECT jsonb_array_elements_text(i.tags::jsonb)),
              i.image_url, i.content_hash, ARRAY(SELECT jsonb_array_elements_text(i.alternates::jsonb)), i.media::jsonb
         FROM unnest($2::text[], $3::text[], $4::text[], $5::timestamptz[], $6::text[], $7::text[], $8::text[], $9::text[], $10::text[], $11::text[])
           AS i(identity, locale, url, published_at, authors, tags, image_url, content_hash, alternates, media)
       ON CONFLICT (section_id, identity) WHERE identity IS NOT NULL DO UPDATE SET content_hash = EXCLUDED.content_hash, updated_at = now()
       RETURNING id, identity`,
      [
        section,
        batch.map((r) => r.identity),
        batch.map((r) => r.locale),
        batch.map((r) => r.url),
        batch.map((r) => r.publishedAt),
        batch.map((r) => JSON.stringify(r.authors)),
        batch.map((r) => JSON.stringify(r.tags)),
        batch.map((r) => r.imageUrl),
        batch.map((r) => r.contentHash),
        batch.map((r) => JSON.stringify(r.alternates)),
        batch.map((r) => JSON.stringify(r.media)),
      ],
    );
    const byIdentity = new Map(batch.map((r) => [r.identity, r]));
    const t = inserted.rows.map((a: { id: string; identity: string }) => ({ id: a.id, r: byIdentity.get(a.identity)! }));
    const search = searchTextColumns(t.map((x) => x.r));
    await pg.query(
      `INSERT INTO translations (article_id, section_id, locale, title, summary, body_html, slug, url, status, is_original, search_vector)
       SELECT a, $1, l, ti, s, b, sl, u, 'PUBLISHED', true, ${SEARCH_VECTOR_SQL('x.c', 'x.st', 'x.ss', 'x.sb')}
         FROM unnest($2::uuid[], $3::text[], $4::text[], $5::text[], $6::text[], $7::text[], $8::text[], $9::text[], $10::text[], $11::text[], $12::text[])
           AS x(a, l, ti, s, b, sl, u, c, st, ss, sb)
       ON CONFLICT (article_id, locale) DO UPDATE SET title = EXCLUDED.title, body_html = EXCLUDED.body_html, updated_at = now()`,
      [
        section,
        t.map((x) => x.id),
        t.map((x) => x.r.locale),
        t.map((x) => x.r.title),
        t.map((x) => x.r.summary),
        t.map((x) => x.r.bodyHtml),
        t.map((x) => `s-${x.id}`),
        t.map((x) => x.r.url),
        search.configs,
        search.titles,
        search.summaries,
        search.bodies,
      ],
    );
    await pg.query('COMMIT');
  }
  return Math.round(rows.length / seconds(start));
}

/** The same rows upserted into a plain 7-column table (one unique index, no triggers): the machine's own ceiling. */
export async function plainTableCeiling(pg: Client, rows: NormalisedItem[]): Promise<number> {
  await pg.query(
    `CREATE TABLE bench_plain (identity text PRIMARY KEY, locale text, title text, summary text, body_html text, url text, published_at timestamptz)`,
  );
  const start = process.hrtime.bigint();
  for (let i = 0; i < rows.length; i += BATCH) {
    const batch = rows.slice(i, i + BATCH);
    await pg.query(
      `INSERT INTO bench_plain SELECT * FROM unnest($1::text[], $2::text[], $3::text[], $4::text[], $5::text[], $6::text[], $7::timestamptz[])
       ON CONFLICT (identity) DO UPDATE SET title = EXCLUDED.title, body_html = EXCLUDED.body_html`,
      [
        batch.map((r) => r.identity),
        batch.map((r) => r.locale),
        batch.map((r) => r.title),
        batch.map((r) => r.summary),
        batch.map((r) => r.bodyHtml),
        batch.map((r) => r.url),
        batch.map((r) => r.publishedAt),
      ],
    );
  }
  return Math.round(rows.length / seconds(start));
}
