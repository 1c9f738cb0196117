import { Injectable } from '@nestjs/common';
import { DataSource, EntityManager } from 'typeorm';
import { ArticleBatches, type ArticleRemoval } from '../articles';

export interface LinkTarget {
  id: string;
  canonicalUrl: string | null;
  alternateUrls: string[];
  originalLocale: string;
  sourceRevision: number;
}

/**
 * Ingestion's own reads and rows, in plain SQL, one statement per batch: URL locks, identities and
 * tombstones, link targets. Articles and translations rows are written by the articles domain
 * (ArticleBatches), which owns them.
 */
@Injectable()
export class IngestRepository {
  constructor(
    private readonly dataSource: DataSource,
    private readonly articles: ArticleBatches,
  ) {}

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
   * Holds the feed for this transaction (a KEY SHARE lock: deleteFeed waits until the batch committed);
   * false when the feed is gone, deleted while its poll was fetching.
   */
  async holdFeed(m: EntityManager, feedId: string): Promise<boolean> {
    const rows = await m.query<unknown[]>(`SELECT 1 FROM feeds WHERE id = $1 FOR KEY SHARE`, [feedId]);
    return rows.length > 0;
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
   * Deletes an article and keeps tombstones of its identity and canonical link, so no poll brings it back.
   * Returns the article as it was (for ARTICLE_DELETED), or null when there was none.
   */
  async deleteWithTombstone(articleId: string, deletedBy: string, linkIdentity: (url: string) => string | null): Promise<ArticleRemoval | null> {
    return this.dataSource.transaction(async (m) => {
      const rows = await m.query<{
        id: string;
        section_id: string;
        section_slug: string;
        identity: string | null;
        canonical_url: string | null;
        original_locale: string;
        title: string | null;
        url: string | null;
      }[]>(
        `SELECT a.id, a.section_id, s.slug AS section_slug, a.identity, a.canonical_url, a.original_locale, t.title, COALESCE(a.canonical_url, t.url) AS url
           FROM articles a
           JOIN sections s ON s.id = a.section_id
           LEFT JOIN translations t ON t.article_id = a.id AND t.is_original
          WHERE a.id = $1
          FOR UPDATE OF a`,
        [articleId],
      );
      if (!rows.length) return null;
      const a = rows[0];
      const identities = [a.identity, a.canonical_url ? linkIdentity(a.canonical_url) : null].filter((x): x is string => !!x);
      if (identities.length) {
        await m.query(
          `INSERT INTO ingest_tombstones (section_id, identity, article_id, deleted_by)
           SELECT $1, unnest($2::text[]), $3, $4 ON CONFLICT DO NOTHING`,
          [a.section_id, identities, a.id, deletedBy],
        );
      }
      await this.articles.deleteArticle(m, a.id);
      return { articleId: a.id, sectionId: a.section_id, sectionSlug: a.section_slug, locale: a.original_locale, title: a.title ?? '', url: a.url };
    });
  }
}
