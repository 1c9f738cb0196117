import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { chineseTsquery } from '../common/search-text';
import { MARK_END, MARK_START } from './snippet';

export interface SearchFilter {
  /** The tsquery (as text) from queryFor(). */
  tsquery: string;
  locale: string | null;
  sectionId: string | null;
}

/** A keyset position: the score exactly as PostgreSQL computed it, and the translation id. */
export type SearchPosition = [score: number, translationId: string];

export interface SearchRow {
  translationId: string;
  articleId: string;
  locale: string;
  score: number;
  cjk: boolean;
  /** ts_headline of summary + body, and of the title (languages with spaces). */
  bodyHeadline: string | null;
  titleHeadline: string | null;
  /** Title, summary and body text (unspaced languages, whose snippet is made in Node). */
  plainText: string | null;
}

const HEADLINE_OPTIONS = `StartSel=${MARK_START}, StopSel=${MARK_END}, MaxWords=30, MinWords=12, ShortWord=2, MaxFragments=2, FragmentDelimiter=" … "`;
const TITLE_OPTIONS = `StartSel=${MARK_START}, StopSel=${MARK_END}, HighlightAll=true`;

/**
 * Full-text search over published translations: hits are found and ranked in `search_entries` (one
 * partition per language, kept from translations.search_vector by triggers: see the SearchEntries
 * migration), and only the page's rows are read from `translations` for their snippets.
 */
@Injectable()
export class SearchRepository {
  constructor(private readonly dataSource: DataSource) {}

  /** The tsquery for the folded `query` read in `locale`'s text search configuration (every language's when null), and its size. */
  async queryFor(locale: string | null, query: string): Promise<{ tsquery: string; nodes: number }> {
    const [row] = await this.dataSource.query<{ tsquery: string; nodes: number }[]>(
      `SELECT q::text AS tsquery, numnode(q) AS nodes FROM search_query_for($1, $2, $3::tsquery) AS q`,
      [locale, query, chineseTsquery(query)],
    );
    return { tsquery: row.tsquery, nodes: Number(row.nodes) };
  }

  /** One page of hits, best first, after `position`, with what the snippets are made from. */
  async page(filter: SearchFilter, position: SearchPosition | null, limit: number): Promise<SearchRow[]> {
    const params: unknown[] = [filter.tsquery, filter.locale, filter.sectionId, limit, HEADLINE_OPTIONS, TITLE_OPTIONS];
    let after = '';
    if (position) {
      params.push(position[0], position[1]);
      after = 'WHERE (h.score, h.id) < ($7::float8, $8::uuid)';
    }
    const rows = await this.dataSource.query<SearchRow[]>(
      `WITH hits AS (
         SELECT s.translation_id AS id, s.article_id, s.locale, ts_rank(s.search_vector, $1::tsquery, 1 | 32)::float8 AS score
         FROM search_entries s
         WHERE s.search_vector @@ $1::tsquery
           AND ($2::text IS NULL OR s.locale = $2) AND ($3::uuid IS NULL OR s.section_id = $3)
       ), page AS (
         SELECT h.* FROM hits h ${after} ORDER BY h.score DESC, h.id DESC LIMIT $4
       )
       SELECT p.id AS "translationId", p.article_id AS "articleId", p.locale, p.score,
              coalesce(c.cjk_bigrams, false) AS cjk,
              CASE WHEN coalesce(c.cjk_bigrams, false) THEN NULL ELSE
                ts_headline(coalesce(c.config, 'simple'), coalesce(t.summary, '') || ' ' || search_html_text(t.body_html), $1::tsquery, $5)
              END AS "bodyHeadline",
              CASE WHEN coalesce(c.cjk_bigrams, false) THEN NULL ELSE
                ts_headline(coalesce(c.config, 'simple'), t.title, $1::tsquery, $6)
              END AS "titleHeadline",
              CASE WHEN coalesce(c.cjk_bigrams, false) THEN
                left(t.title || ' ' || coalesce(t.summary, '') || ' ' || search_html_text(t.body_html), 20000)
              END AS "plainText"
       FROM page p
       JOIN translations t ON t.id = p.id
       LEFT JOIN search_locale_configs c ON c.locale = p.locale
       ORDER BY p.score DESC, p.id DESC`,
      params,
    );
    return rows.map((r) => ({ ...r, score: Number(r.score) }));
  }

  async count(filter: SearchFilter): Promise<number> {
    const [row] = await this.dataSource.query<{ n: number }[]>(
      `SELECT count(*)::int AS n FROM search_entries s
       WHERE s.search_vector @@ $1::tsquery
         AND ($2::text IS NULL OR s.locale = $2) AND ($3::uuid IS NULL OR s.section_id = $3)`,
      [filter.tsquery, filter.locale, filter.sectionId],
    );
    return row.n;
  }
}
