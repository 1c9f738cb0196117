import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import type { CoverageCounts } from './coverage';
import type { ArticleRevisionEntity } from './article-revision.entity';
import type { TranslationClaimEntity } from './translation-claim.entity';
import type { TranslationDraftEntity } from './translation-draft.entity';
import type { TaskReason } from './translation-events';

export interface QueueFilter {
  locale: string;
  sectionId?: string;
  articleId?: string;
}

/** A keyset position in the queue: published_at exactly as PostgreSQL prints it, and the article id. */
export type QueuePosition = [publishedAt: string, id: string];

export interface QueueRow {
  articleId: string;
  reason: TaskReason;
  position: QueuePosition;
}

/**
 * Whether (article, locale) is a task, and why. The work copy of a locale is its draft (a revision of a
 * published translation) or else its translations row when that is not published. REJECTED wins over
 * MISSING, which wins over STALE. The original's own locale is never a task.
 */
const TASKS_FROM = `
  FROM articles a
  LEFT JOIN translations t ON t.article_id = a.id AND t.locale = $1
  LEFT JOIN translation_drafts d ON d.article_id = a.id AND d.locale = $1
  WHERE a.original_locale <> $1 AND NOT coalesce(t.is_original, false)
    AND (t.id IS NULL OR t.status <> 'PUBLISHED' OR t.source_revision < a.source_revision OR d.status = 'REJECTED')
    AND ($2::uuid IS NULL OR a.section_id = $2::uuid)
    AND ($3::uuid IS NULL OR a.id = $3::uuid)`;

const REASON = `
  CASE WHEN coalesce(d.status, CASE WHEN t.status <> 'PUBLISHED' THEN t.status END) = 'REJECTED' THEN 'REJECTED'
       WHEN t.id IS NULL OR t.status <> 'PUBLISHED' THEN 'MISSING'
       ELSE 'STALE' END`;

export interface ReviewFilter {
  locale?: string | null;
  sectionId?: string;
}
export type ReviewPosition = [updatedAt: string, articleId: string, locale: string];
export interface ReviewRow {
  articleId: string;
  locale: string;
  reason: TaskReason;
  position: ReviewPosition;
}

/** Submitted work copies: drafts (revisions beside a published text) and never-published translations. */
const REVIEW_FROM = `
  FROM (SELECT article_id, locale, updated_at, 'STALE' AS reason FROM translation_drafts WHERE status = 'SUBMITTED'
        UNION ALL
        SELECT article_id, locale, updated_at, 'MISSING' FROM translations WHERE status = 'SUBMITTED' AND NOT is_original) w
  JOIN articles a ON a.id = w.article_id
  WHERE ($1::text IS NULL OR w.locale = $1::text) AND ($2::uuid IS NULL OR a.section_id = $2::uuid)`;

/** The reads of the translation desk: the queue, coverage, claims and revision snapshots, in a few statements. */
@Injectable()
export class TranslationQueueRepository {
  constructor(private readonly dataSource: DataSource) {}

  /** Newest first, `limit` tasks after `position`. */
  async page(filter: QueueFilter, position: QueuePosition | null, limit: number): Promise<QueueRow[]> {
    const rows: { articleId: string; reason: TaskReason; publishedAt: string }[] = await this.dataSource.query(
      `SELECT a.id AS "articleId", ${REASON} AS reason, a.published_at::text AS "publishedAt"
       ${TASKS_FROM}
         AND ($4::timestamptz IS NULL OR (a.published_at, a.id) < ($4::timestamptz, $5::uuid))
       ORDER BY a.published_at DESC, a.id DESC
       LIMIT $6`,
      [filter.locale, filter.sectionId ?? null, filter.articleId ?? null, position?.[0] ?? null, position?.[1] ?? null, limit],
    );
    return rows.map((r) => ({ articleId: r.articleId, reason: r.reason, position: [r.publishedAt, r.articleId] }));
  }

  /**
   * Submitted work waiting for an editor, oldest submission first: a never-published translation
   * (MISSING) or a revision of a published one (STALE). A position is [updatedAt, articleId, locale].
   */
  async reviewPage(filter: ReviewFilter, position: ReviewPosition | null, limit: number): Promise<ReviewRow[]> {
    const rows: { articleId: string; locale: string; reason: TaskReason; at: string }[] = await this.dataSource.query(
      `SELECT w.article_id AS "articleId", w.locale, w.reason, w.updated_at::text AS at ${REVIEW_FROM}
         AND ($3::timestamptz IS NULL OR (w.updated_at, w.article_id, w.locale) > ($3::timestamptz, $4::uuid, $5::text))
       ORDER BY w.updated_at, w.article_id, w.locale
       LIMIT $6`,
      [filter.locale ?? null, filter.sectionId ?? null, position?.[0] ?? null, position?.[1] ?? null, position?.[2] ?? null, limit],
    );
    return rows.map((r) => ({ articleId: r.articleId, locale: r.locale, reason: r.reason, position: [r.at, r.articleId, r.locale] }));
  }

  async reviewCount(filter: ReviewFilter): Promise<number> {
    const rows: { n: number }[] = await this.dataSource.query(`SELECT count(*)::int AS n ${REVIEW_FROM}`, [filter.locale ?? null, filter.sectionId ?? null]);
    return rows[0].n;
  }

  async count(filter: QueueFilter): Promise<number> {
    const rows: { n: number }[] = await this.dataSource.query(`SELECT count(*)::int AS n ${TASKS_FROM}`, [
      filter.locale,
      filter.sectionId ?? null,
      filter.articleId ?? null,
    ]);
    return rows[0].n;
  }

  /** Waiting tasks per locale and reason, for the digest: { ur: { MISSING: 3, STALE: 1 } }. */
  async countByReason(locales: string[]): Promise<Record<string, Partial<Record<TaskReason, number>>>> {
    const out: Record<string, Partial<Record<TaskReason, number>>> = {};
    for (const locale of locales) {
      const rows: { reason: TaskReason; n: number }[] = await this.dataSource.query(
        `SELECT ${REASON} AS reason, count(*)::int AS n ${TASKS_FROM} GROUP BY 1`,
        [locale, null, null],
      );
      out[locale] = Object.fromEntries(rows.map((r) => [r.reason, r.n]));
    }
    return out;
  }

  async liveClaims(locale: string, articleIds: string[]): Promise<Map<string, Pick<TranslationClaimEntity, 'claimerName' | 'expiresAt'>>> {
    if (!articleIds.length) return new Map();
    const rows: { articleId: string; claimerName: string; expiresAt: Date }[] = await this.dataSource.query(
      `SELECT article_id AS "articleId", claimer_name AS "claimerName", expires_at AS "expiresAt"
       FROM translation_claims WHERE locale = $1 AND article_id = ANY($2::uuid[]) AND expires_at > now()`,
      [locale, articleIds],
    );
    return new Map(rows.map((r) => [r.articleId, { claimerName: r.claimerName, expiresAt: r.expiresAt }]));
  }

  async drafts(locale: string, articleIds: string[]): Promise<Map<string, TranslationDraftEntity>> {
    if (!articleIds.length) return new Map();
    const rows: TranslationDraftEntity[] = await this.dataSource.query(
      `SELECT article_id AS "articleId", locale, title, summary, body_html AS "bodyHtml", slug, status, version,
              source_revision AS "sourceRevision", translated_by AS "translatedBy", created_at AS "createdAt", updated_at AS "updatedAt"
       FROM translation_drafts WHERE locale = $1 AND article_id = ANY($2::uuid[])`,
      [locale, articleIds],
    );
    return new Map(rows.map((r) => [r.articleId, r]));
  }

  /** The original's text at the given revisions: key `${articleId}:${revision}`. */
  async revisions(wanted: { articleId: string; revision: number }[]): Promise<Map<string, ArticleRevisionEntity>> {
    if (!wanted.length) return new Map();
    const rows: ArticleRevisionEntity[] = await this.dataSource.query(
      `SELECT r.article_id AS "articleId", r.revision, r.locale, r.title, r.summary, r.body_html AS "bodyHtml"
       FROM article_revisions r
       JOIN unnest($1::uuid[], $2::int[]) AS w(article_id, revision) ON w.article_id = r.article_id AND w.revision = r.revision`,
      [wanted.map((w) => w.articleId), wanted.map((w) => w.revision)],
    );
    return new Map(rows.map((r) => [`${r.articleId}:${r.revision}`, r]));
  }

  /** The latest comment of an editor's rejection per article (for REJECTED tasks). */
  async rejectionComments(locale: string, articleIds: string[]): Promise<Map<string, string | null>> {
    if (!articleIds.length) return new Map();
    const rows: { articleId: string; comment: string | null }[] = await this.dataSource.query(
      `SELECT DISTINCT ON (article_id) article_id AS "articleId", comment
       FROM translation_events WHERE locale = $1 AND article_id = ANY($2::uuid[]) AND action = 'REJECT'
       ORDER BY article_id, id DESC`,
      [locale, articleIds],
    );
    return new Map(rows.map((r) => [r.articleId, r.comment]));
  }

  /**
   * Coverage per locale, counted in one statement. Every article is in exactly one bucket per locale
   * (see coverage.ts); `total` is the number of articles. Translations and drafts are counted where they
   * exist and `missing` is what is left, rather than pairing every article with every locale: 0.34 s
   * instead of 0.84 s at 100,000 articles and 216,000 translations (2026-12-01).
   */
  async coverage(locales: string[], sectionId: string | null): Promise<(CoverageCounts & { locale: string })[]> {
    return this.dataSource.query(
      `WITH scoped AS (
         SELECT id, source_revision FROM articles WHERE $2::uuid IS NULL OR section_id = $2::uuid
       ), made AS (
         SELECT t.locale,
                count(*) FILTER (WHERE t.status = 'PUBLISHED' AND (t.is_original OR t.source_revision >= a.source_revision)) AS published,
                count(*) FILTER (WHERE t.status = 'PUBLISHED' AND NOT t.is_original AND t.source_revision < a.source_revision) AS stale,
                count(*) FILTER (WHERE t.status <> 'PUBLISHED') AS unpublished
         FROM translations t JOIN scoped a ON a.id = t.article_id
         WHERE t.locale = ANY($1::text[])
         GROUP BY t.locale
       ), drafted AS (
         SELECT d.locale, count(*) AS n
         FROM translation_drafts d JOIN scoped a ON a.id = d.article_id
         WHERE d.locale = ANY($1::text[])
           AND NOT EXISTS (SELECT 1 FROM translations t WHERE t.article_id = d.article_id AND t.locale = d.locale)
         GROUP BY d.locale
       ), counted AS (
         SELECT l.locale, l.ord, (SELECT count(*) FROM scoped) AS total,
                coalesce(m.published, 0) AS published, coalesce(m.stale, 0) AS stale,
                coalesce(m.unpublished, 0) + coalesce(d.n, 0) AS in_progress
         FROM unnest($1::text[]) WITH ORDINALITY AS l(locale, ord)
         LEFT JOIN made m ON m.locale = l.locale
         LEFT JOIN drafted d ON d.locale = l.locale
       )
       SELECT locale, total::int, published::int, stale::int, in_progress::int AS "inProgress",
              (total - published - stale - in_progress)::int AS missing
       FROM counted ORDER BY ord`,
      [locales, sectionId],
    );
  }
}
