/**
 * The scale archive of `npm run seed:scale`, generated inside PostgreSQL with generate_series, for the
 * read-plan test (test/scale/read-plans.test.ts): 100,000 articles in seconds instead of minutes.
 *
 * The same shape: the eight sections, 1 to 3 translations per article (about 2.2) in the six languages,
 * 70% of originals in the section's language, tags on the same Zipf-like curve, ten years of dates, 10% of
 * articles at a second revision with half their translations stale, 7% of translations drafts or
 * submitted, the rare word in about one translation in two thousand and the common word in 60%. Texts
 * are sentences of the same bank (bench/news-sentences.ts); each sentence is folded and turned into a
 * tsvector once, and a translation's search vector is its sentences' vectors joined with the weights of
 * search_vector_from (title A, summary B, body C), which is what makes it fast: no text is parsed per row.
 * Pseudo-random choices are hashes of the article number, so a run always yields the same archive.
 */
import type { Pool } from 'pg';
import { NEWS_SENTENCES } from '../bench/news-sentences';
import { slugify } from '../src/articles/slug';
import { searchTextColumns } from '../src/common/search-text';
import { COMMON_SENTENCES, RARE_SENTENCES, SCALE_SECTIONS, SCALE_TAGS, ensureScaleSections } from './seed-scale';

type Locale = keyof typeof NEWS_SENTENCES;
const LOCALES = Object.keys(NEWS_SENTENCES) as Locale[];

/** Per language: its sentences, their titles' slugs, their search texts and configuration (index 0 rare, 1 common, then the bank). */
function bank(): { locale: string; config: string; texts: string[]; slugs: string[]; folded: string[] }[] {
  return LOCALES.map((locale) => {
    const texts = [RARE_SENTENCES[locale], COMMON_SENTENCES[locale], ...NEWS_SENTENCES[locale]];
    const search = searchTextColumns(texts.map((title) => ({ locale, title, summary: null, bodyHtml: null })));
    return { locale, config: search.configs[0], texts, slugs: texts.map((t) => slugify(t.replace(/[.。۔]$/u, ''), 'article', 60)), folded: search.titles };
  });
}

/** A number in [0, 1) from (a row's number, a draw): PostgreSQL's own integer hash. */
const R = (draw: number, n = 'g.n') => `((hashint8(${n} * 64 + ${draw}) & 2147483647)::float8 / 2147483648)`;

/** Adds `articles` articles to a migrated database that has none of the scale seed yet. */
export async function seedScaleSql(pool: Pool, articles: number): Promise<{ articles: number; translations: number; seconds: number }> {
  const started = Date.now();
  const sections = await ensureScaleSections(pool);
  const client = await pool.connect();
  try {
    await client.query('BEGIN');
    await client.query(`CREATE TEMP TABLE seed_bank (locale text PRIMARY KEY, idx int, texts text[], slugs text[], vecs tsvector[]) ON COMMIT DROP`);
    for (const [idx, b] of bank().entries()) {
      await client.query(
        `INSERT INTO seed_bank SELECT $1, $2, $3::text[], $4::text[], ARRAY(SELECT to_tsvector($5::regconfig, f) FROM unnest($6::text[]) WITH ORDINALITY AS x(f, o) ORDER BY o)`,
        [b.locale, idx, b.texts, b.slugs, b.config, b.folded],
      );
    }
    // One row per article: its section, original language, revision and how many translations it gets.
    await client.query(
      `CREATE TEMP TABLE seed_articles ON COMMIT DROP AS
       SELECT g.n, gen_random_uuid() AS id, s.id AS section_id, s.k AS section_k,
              CASE WHEN ${R(2)} < 0.7 THEN s.locale_idx ELSE floor(${R(3)} * 6)::int END AS orig,
              CASE WHEN ${R(4)} < 0.1 THEN 2 ELSE 1 END AS revision,
              CASE WHEN ${R(5)} < 0.2 THEN 0 WHEN ${R(6)} < 0.55 THEN 1 ELSE 2 END AS extra,
              now() - ${R(7)} * interval '3652 days' AS published_at,
              ARRAY(SELECT DISTINCT ($4::text[])[1 + floor(${SCALE_TAGS.length} * power((hashint8(g.n * 64 + 20 + t) & 2147483647)::float8 / 2147483648, 2))::int]
                      FROM generate_series(0, floor(${R(8)} * 3)::int) t) AS tags
         FROM generate_series(1, $1::int) AS g(n)
         JOIN unnest($2::uuid[], $3::int[]) WITH ORDINALITY AS s(id, locale_idx, k) ON s.k = 1 + floor(${R(1)} * ${SCALE_SECTIONS.length})::int`,
      [articles, sections.map((s) => s.id), sections.map((s) => LOCALES.indexOf(s.locale)), SCALE_TAGS],
    );
    await client.query(
      `INSERT INTO articles (id, section_id, original_locale, canonical_url, published_at, tags, source_revision)
       SELECT a.id, a.section_id, b.locale, 'https://scale.newsdesk.invalid/' || a.n, a.published_at, a.tags, a.revision
         FROM seed_articles a JOIN seed_bank b ON b.idx = a.orig`,
    );
    const { rowCount } = await client.query(`
      INSERT INTO translations (article_id, section_id, locale, title, summary, body_html, slug, status, is_original,
                                source_revision, translated_by, search_vector)
      SELECT a.id, a.section_id, b.locale,
             regexp_replace(b.texts[x.t], '[.。۔]$', ''), b.texts[x.s],
             '<p>' || b.texts[x.b1] || '</p><p>' || b.texts[x.b2] || '</p>' || CASE WHEN x.common THEN '<p>' || b.texts[2] || '</p>' ELSE '' END
               || CASE WHEN x.rare THEN '<p>' || b.texts[1] || '</p>' ELSE '' END,
             b.slugs[x.t] || '-' || a.n, CASE WHEN x.k = 0 OR x.p < 0.93 THEN 'PUBLISHED' WHEN x.p < 0.965 THEN 'DRAFT' ELSE 'SUBMITTED' END,
             x.k = 0, CASE WHEN x.k = 0 OR x.p2 < 0.5 THEN a.revision ELSE 1 END, CASE WHEN x.k = 0 THEN NULL ELSE 'scale seed' END,
             setweight(b.vecs[x.t], 'A') || setweight(b.vecs[x.s], 'B')
               || setweight(b.vecs[x.b1] || b.vecs[x.b2] || CASE WHEN x.common THEN b.vecs[2] ELSE ''::tsvector END
                            || CASE WHEN x.rare THEN b.vecs[1] ELSE ''::tsvector END, 'C')
        FROM seed_articles a
        CROSS JOIN LATERAL generate_series(0, a.extra) AS k(k)
        CROSS JOIN LATERAL (SELECT a.n * 4 + k.k AS n) AS g
        -- the original's language, then one or two others, all different
        CROSS JOIN LATERAL (SELECT CASE k.k WHEN 0 THEN a.orig
                                            WHEN 1 THEN (a.orig + 1 + floor(${R(9, 'a.n')} * 5)::int) % 6
                                            ELSE (a.orig + 1 + (floor(${R(9, 'a.n')} * 5)::int + 1 + floor(${R(10, 'a.n')} * 4)::int) % 5) % 6 END AS idx) AS l
        JOIN seed_bank b ON b.idx = l.idx
        CROSS JOIN LATERAL (SELECT k.k, 3 + floor(${R(11)} * (cardinality(b.texts) - 2))::int AS t, 3 + floor(${R(12)} * (cardinality(b.texts) - 2))::int AS s,
                                   3 + floor(${R(13)} * (cardinality(b.texts) - 2))::int AS b1, 3 + floor(${R(14)} * (cardinality(b.texts) - 2))::int AS b2,
                                   ${R(15)} < 0.6 AS common, ${R(16)} < 0.0005 AS rare, ${R(17)} AS p, ${R(18)} AS p2) AS x`);
    await client.query('COMMIT');
    // As autovacuum would leave a settled archive: statistics for the planner, a visibility map for index-only scans.
    await client.query('VACUUM (ANALYZE) articles');
    await client.query('VACUUM (ANALYZE) translations');
    await client.query('VACUUM (ANALYZE) search_entries');
    return { articles, translations: rowCount ?? 0, seconds: (Date.now() - started) / 1000 };
  } catch (error) {
    await client.query('ROLLBACK').catch(() => undefined);
    throw error;
  } finally {
    client.release();
  }
}
