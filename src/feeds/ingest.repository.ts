import { Injectable } from '@nestjs/common';
import { randomBytes } from 'node:crypto';
import { DataSource, EntityManager } from 'typeorm';
import { batchSlugCandidates } from '../articles';
import { searchTextColumns } from '../common/search-text';
import { SEARCH_VECTOR_SQL } from '../database/search-rebuild';
import type { NormalisedItem } from './normalise';

export interface LinkTarget {
  id: string;
  canonicalUrl: string | null;
  alternateUrls: string[];
  originalLocale: string;
  sourceRevision: number;
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
 * The write path of ingestion, in plain SQL: every statement handles a whole batch
 * (INSERT ... SELECT FROM unnest(...) ON CONFLICT ...), with no entity hydration.
 */
@Injectable()
export class IngestRepository {
  constructor(private readonly dataSource: DataSource) {}

  transaction<T>(work: (m: EntityManager) => Promise<T>): Promise<T> {
    return this.dataSource.transaction(work);
  }

  /**
   * Serialises batches that touch the same URLs (an entry and its other-language versions may arrive in
   * two feeds polled at once): transaction-scoped advisory locks, taken in one global order, so the later
   * batch sees the earlier one's article and links to it instead of creating a second one.
   */
  async lockUrls(m: EntityManager, urls: string[]): Promise<void> {
    if (!urls.length) return;
    await m.query(
      `SELECT pg_advisory_xact_lock(k) FROM (SELECT DISTINCT hashtextextended(u, 7301) AS k FROM unnest($1::text[]) u) x ORDER BY k`,
      [urls],
    );
  }

  /**
   * Of these identities: which an editor deleted (tombstones), which already have an article; and of these
   * URLs, which an existing article names as its other-language version. One statement.
   */
  async knownIdentities(
    m: EntityManager,
    sectionId: string,
    identities: string[],
    urls: string[],
  ): Promise<{ tombstoned: Set<string>; existing: Set<string>; referenced: Set<string> }> {
    const rows = await m.query<{ value: string; kind: 'dead' | 'article' | 'referenced' }[]>(
      `SELECT identity AS value, 'dead' AS kind FROM ingest_tombstones WHERE section_id = $1 AND identity = ANY($2::text[])
       UNION ALL
       SELECT identity, 'article' FROM articles WHERE section_id = $1 AND identity = ANY($2::text[])
       UNION ALL
       SELECT DISTINCT url, 'referenced' FROM article_alternates WHERE url = ANY($3::text[])`,
      [sectionId, identities, urls],
    );
    const of = (kind: string) => new Set(rows.filter((r) => r.kind === kind).map((r) => r.value));
    return { tombstoned: of('dead'), existing: of('article'), referenced: of('referenced') };
  }

  /**
   * Articles an entry may be a translation of: their canonical URL is one of the entry's alternates, or
   * they list the entry's link among their own alternates. Same section first.
   */
  async linkTargets(m: EntityManager, sectionId: string, urls: string[]): Promise<LinkTarget[]> {
    if (!urls.length) return [];
    // Two index lookups (canonical_url btree, article_alternates primary key), then each hit's alternates.
    const rows = await m.query<{ id: string; canonical_url: string | null; alternate_urls: string[]; original_locale: string; source_revision: number }[]>(
      `SELECT a.id, a.canonical_url, a.original_locale, a.source_revision,
              COALESCE((SELECT array_agg(x.url) FROM article_alternates x WHERE x.article_id = a.id), '{}') AS alternate_urls
         FROM articles a
        WHERE a.id IN (SELECT id FROM articles WHERE canonical_url = ANY($2::text[])
                       UNION SELECT article_id FROM article_alternates WHERE url = ANY($2::text[]))
        ORDER BY (a.section_id = $1) DESC, a.created_at ASC`,
      [sectionId, urls],
    );
    return rows.map((r) => ({
      id: r.id,
      canonicalUrl: r.canonical_url,
      alternateUrls: r.alternate_urls,
      originalLocale: r.original_locale,
      sourceRevision: r.source_revision,
    }));
  }

  /**
   * Upserts originals by (section, identity). New items are inserted; items whose content hash changed
   * are updated with source_revision + 1; unchanged items are left alone (and not returned).
   */
  async upsertArticles(m: EntityManager, sectionId: string, feedId: string | null, items: NormalisedItem[]): Promise<UpsertedArticle[]> {
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

  /**
   * Slugs for new translations, unique per section and language: the title's slug when free, else the
   * slug with a short hash of the article id. One query for the whole batch.
   */
  async slugsFor(m: EntityManager, sectionId: string, rows: { articleId: string; locale: string; title: string }[]): Promise<string[]> {
    const candidates = rows.map((r) => batchSlugCandidates(r.title, r.articleId));
    // (section_id, locale, slug) is the unique index: both ANYs keep this an index lookup however big the section.
    const taken = await m.query<{ locale: string; slug: string }[]>(
      `SELECT locale, slug FROM translations WHERE section_id = $1 AND locale = ANY($2::text[]) AND slug = ANY($3::text[])`,
      [sectionId, [...new Set(rows.map((r) => r.locale))], [...new Set(candidates.flat())]],
    );
    const used = new Set(taken.map((t) => `${t.locale} ${t.slug}`));
    return rows.map((r, i) => {
      const slug = candidates[i].find((c) => !used.has(`${r.locale} ${c}`)) ?? `${candidates[i][0]}-${randomBytes(6).toString('hex')}`;
      used.add(`${r.locale} ${slug}`);
      return slug;
    });
  }

  /**
   * Writes translations (the originals of upserted articles, or entries linked as other articles'
   * translations). On (article, locale) conflict the text is replaced only when it changed, and only for
   * the original or a translation that came from a feed (never a translator's work).
   */
  async upsertTranslations(
    m: EntityManager,
    sectionId: string,
    rows: { articleId: string; item: NormalisedItem; isOriginal: boolean; sourceRevision: number }[],
  ): Promise<number> {
    if (!rows.length) return 0;
    const slugs = await this.slugsFor(
      m,
      sectionId,
      rows.map((r) => ({ articleId: r.articleId, locale: r.item.locale, title: r.item.title })),
    );
    const search = searchTextColumns(rows.map((r) => r.item));
    const result = await m.query<unknown[]>(
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
       RETURNING id`,
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
    return result.length;
  }

  /** Deletes an article and keeps tombstones of its identity and canonical link, so no poll brings it back. */
  async deleteWithTombstone(articleId: string, deletedBy: string, linkIdentity: (url: string) => string | null): Promise<boolean> {
    return this.dataSource.transaction(async (m) => {
      const rows = await m.query<{
        id: string;
        section_id: string;
        identity: string | null;
        canonical_url: string | null;
      }[]>(`SELECT id, section_id, identity, canonical_url FROM articles WHERE id = $1 FOR UPDATE`, [articleId]);
      if (!rows.length) return false;
      const a = rows[0];
      const identities = [a.identity, a.canonical_url ? linkIdentity(a.canonical_url) : null].filter((x): x is string => !!x);
      if (identities.length) {
        await m.query(
          `INSERT INTO ingest_tombstones (section_id, identity, article_id, deleted_by)
           SELECT $1, unnest($2::text[]), $3, $4 ON CONFLICT DO NOTHING`,
          [a.section_id, identities, a.id, deletedBy],
        );
      }
      await m.query(`DELETE FROM articles WHERE id = $1`, [a.id]);
      return true;
    });
  }
}
