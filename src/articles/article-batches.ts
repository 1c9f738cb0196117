import { Injectable } from '@nestjs/common';
import { randomBytes } from 'node:crypto';
import { EntityManager } from 'typeorm';
import { searchTextColumns } from '../common/search-text';
import { SEARCH_VECTOR_SQL } from '../database/search-rebuild';
import { slugify } from './slug';
import { TranslationRepository } from './translation.repository';

/** The text of a translation as a feed gives it. */
export interface BatchText {
  locale: string;
  title: string;
  summary: string | null;
  bodyHtml: string | null;
  url: string | null;
}

/** An original article as a feed gives it (ingestion's normalised item has this shape). */
export interface BatchArticle extends BatchText {
  identity: string;
  publishedAt: Date;
  authors: string[];
  tags: string[];
  imageUrl: string | null;
  alternates: string[];
  media: unknown[];
  publishedAtEstimated: boolean;
  contentHash: string;
}

export interface UpsertedArticle {
  id: string;
  identity: string;
  originalLocale: string;
  sourceRevision: number;
  inserted: boolean;
}

const json = (values: readonly unknown[]) => values.map((v) => JSON.stringify(v));

/**
 * The articles domain's writes for feed ingestion, in plain SQL: every statement handles a whole batch
 * (INSERT ... SELECT FROM unnest(...) ON CONFLICT ...), with no entity hydration. Ingestion decides what
 * to write (identities, tombstones, links between languages); these methods are the only batch writers of
 * the articles, article_alternates and translations tables.
 */
@Injectable()
export class ArticleBatches {
  constructor(private readonly translations: TranslationRepository) {}

  /**
   * Upserts originals by (section, identity). New items are inserted; items whose content hash changed
   * are updated with source_revision + 1; unchanged items are left alone (and not returned).
   */
  async upsertArticles(m: EntityManager, sectionId: string, feedId: string | null, items: readonly BatchArticle[]): Promise<UpsertedArticle[]> {
    if (!items.length) return [];
    const rows = await m.query<{ id: string; identity: string; original_locale: string; source_revision: number; inserted: boolean }[]>(
      `INSERT INTO articles (section_id, feed_id, identity, original_locale, canonical_url, published_at, authors, tags, image_url, content_hash, alternate_urls,
                             media, published_at_estimated)
       SELECT $1, $2, i.identity, i.locale, i.url, i.published_at,
              ARRAY(SELECT jsonb_array_elements_text(i.authors::jsonb)),
              ARRAY(SELECT jsonb_array_elements_text(i.tags::jsonb)),
              i.image_url, i.content_hash,
              ARRAY(SELECT jsonb_array_elements_text(i.alternates::jsonb)),
              i.media::jsonb, i.estimated
         FROM unnest($3::text[], $4::text[], $5::text[], $6::timestamptz[], $7::text[], $8::text[], $9::text[], $10::text[], $11::text[],
                     $12::text[], $13::boolean[])
           AS i(identity, locale, url, published_at, authors, tags, image_url, content_hash, alternates, media, estimated)
       ON CONFLICT (section_id, identity) WHERE identity IS NOT NULL DO UPDATE SET
         canonical_url = EXCLUDED.canonical_url, authors = EXCLUDED.authors, tags = EXCLUDED.tags,
         image_url = EXCLUDED.image_url, content_hash = EXCLUDED.content_hash, alternate_urls = EXCLUDED.alternate_urls,
         media = EXCLUDED.media,
         feed_id = COALESCE(articles.feed_id, EXCLUDED.feed_id),
         source_revision = articles.source_revision + 1, updated_at = now()
       WHERE articles.content_hash IS DISTINCT FROM EXCLUDED.content_hash
       RETURNING id, identity, original_locale, source_revision, (xmax = 0) AS inserted`,
      [
        sectionId,
        feedId,
        items.map((i) => i.identity),
        items.map((i) => i.locale),
        items.map((i) => i.url),
        items.map((i) => i.publishedAt),
        json(items.map((i) => i.authors)),
        json(items.map((i) => i.tags)),
        items.map((i) => i.imageUrl),
        items.map((i) => i.contentHash),
        json(items.map((i) => i.alternates)),
        json(items.map((i) => i.media)),
        items.map((i) => i.publishedAtEstimated),
      ],
    );
    const upserted = rows.map((r) => ({ id: r.id, identity: r.identity, originalLocale: r.original_locale, sourceRevision: r.source_revision, inserted: r.inserted }));
    await this.syncAlternates(m, upserted, new Map(items.map((i) => [i.identity, i.alternates])));
    return upserted;
  }

  /** The alternates of new and changed articles (unchanged ones are not returned by the upsert, nor touched). */
  private async syncAlternates(m: EntityManager, upserted: UpsertedArticle[], alternates: Map<string, string[]>): Promise<void> {
    const changed = upserted.filter((a) => !a.inserted).map((a) => a.id);
    if (changed.length) await m.query(`DELETE FROM article_alternates WHERE article_id = ANY($1::uuid[])`, [changed]);
    const pairs = upserted.flatMap((a) => (alternates.get(a.identity) ?? []).map((url) => [url, a.id] as const));
    if (!pairs.length) return;
    await m.query(
      `INSERT INTO article_alternates (url, article_id) SELECT * FROM unnest($1::text[], $2::uuid[]) ON CONFLICT DO NOTHING`,
      [pairs.map((p) => p[0]), pairs.map((p) => p[1])],
    );
  }

  /** Deletes an article (its translations and alternates go with it, by foreign key). */
  async deleteArticle(m: EntityManager, articleId: string): Promise<void> {
    await m.query(`DELETE FROM articles WHERE id = $1`, [articleId]);
  }

  /**
   * Writes translations (the originals of upserted articles, or entries linked as other articles'
   * translations). On (article, locale) conflict the text is replaced only when it changed, and only for
   * the original or a translation that came from a feed (never a translator's work). Returns the
   * (article, locale) pairs written: the texts readers now see, new or changed.
   */
  async upsertTranslations(
    m: EntityManager,
    sectionId: string,
    rows: { articleId: string; item: BatchText; isOriginal: boolean; sourceRevision: number }[],
  ): Promise<{ articleId: string; locale: string }[]> {
    if (!rows.length) return [];
    // Rows that exist already keep their slug (the upsert does not change it): theirs are computed and unused.
    const slugs = await this.translations.freeSlugs(
      m,
      sectionId,
      rows.map((r) => ({ locale: r.item.locale, base: slugify(r.item.title, `article-${randomBytes(4).toString('hex')}`) })),
    );
    const search = searchTextColumns(rows.map((r) => r.item));
    const result = await m.query<{ article_id: string; locale: string }[]>(
      `INSERT INTO translations (article_id, section_id, locale, title, summary, body_html, slug, url, status, is_original, source_revision, translated_by, search_vector)
       SELECT t.article_id, a.section_id, t.locale, t.title, t.summary, t.body_html, t.slug, t.url, 'PUBLISHED', t.is_original, t.source_revision,
              CASE WHEN t.is_original THEN NULL ELSE 'feed' END,
              ${SEARCH_VECTOR_SQL('t.s_config', 't.s_title', 't.s_summary', 't.s_body')}
         FROM unnest($1::uuid[], $2::text[], $3::text[], $4::text[], $5::text[], $6::text[], $7::text[], $8::boolean[], $9::int[],
                     $10::text[], $11::text[], $12::text[], $13::text[])
           AS t(article_id, locale, title, summary, body_html, slug, url, is_original, source_revision, s_config, s_title, s_summary, s_body)
         JOIN articles a ON a.id = t.article_id
       ON CONFLICT (article_id, locale) DO UPDATE SET
         title = EXCLUDED.title, summary = EXCLUDED.summary, body_html = EXCLUDED.body_html, url = EXCLUDED.url,
         search_vector = EXCLUDED.search_vector,
         source_revision = EXCLUDED.source_revision, version = translations.version + 1, updated_at = now()
       WHERE (translations.is_original OR translations.translated_by = 'feed')
         AND (translations.title, translations.summary, translations.body_html, translations.url, translations.source_revision)
             IS DISTINCT FROM (EXCLUDED.title, EXCLUDED.summary, EXCLUDED.body_html, EXCLUDED.url, EXCLUDED.source_revision)
       RETURNING article_id, locale`,
      [
        rows.map((r) => r.articleId),
        rows.map((r) => r.item.locale),
        rows.map((r) => r.item.title),
        rows.map((r) => r.item.summary),
        rows.map((r) => r.item.bodyHtml),
        slugs,
        rows.map((r) => r.item.url),
        rows.map((r) => r.isOriginal),
        rows.map((r) => r.sourceRevision),
        search.configs,
        search.titles,
        search.summaries,
        search.bodies,
      ],
    );
    return result.map((r) => ({ articleId: r.article_id, locale: r.locale }));
  }
}
