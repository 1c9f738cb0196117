import { Injectable } from '@nestjs/common';
import { randomBytes } from 'node:crypto';
import { EntityManager } from 'typeorm';
import { searchTextOf } from '../common/search-text';
import { rowsOf } from '../database/returned-rows';
import { SEARCH_VECTOR_SQL, writeSearchVectors } from '../database/search-rebuild';
import type { ArticleEntity } from './article.entity';
import { slugify, slugKey } from './slug';
import { TranslationEntity, type TranslationStatus } from './translation.entity';
import { TranslationRepository } from './translation.repository';

const TRANSLATION_COLUMNS = `id, article_id AS "articleId", section_id AS "sectionId", locale, title, summary,
  body_html AS "bodyHtml", slug, url, status, is_original AS "isOriginal", version,
  source_revision AS "sourceRevision", translated_by AS "translatedBy", created_at AS "createdAt", updated_at AS "updatedAt"`;

const ARTICLE_COLUMNS = `id, section_id AS "sectionId", original_locale AS "originalLocale", canonical_url AS "canonicalUrl",
  published_at AS "publishedAt", authors, tags, image_url AS "imageUrl", source_revision AS "sourceRevision",
  created_at AS "createdAt", updated_at AS "updatedAt"`;

export interface TextFields {
  title: string;
  summary: string | null;
  bodyHtml: string | null;
}

/**
 * Single-row writes of articles and translations rows, for the articles domain itself and for the
 * translation desk: every method takes the transaction's manager. The locking reads (`lock...`) are meant
 * to be called first in a transaction, so that concurrent requests on one task run one after the other.
 * Slugs come from TranslationRepository.freeSlug(s), the one rule.
 */
@Injectable()
export class TranslationWriter {
  constructor(private readonly translations: TranslationRepository) {}

  /** The article, share-locked: its source revision cannot change until the transaction ends. */
  async lockArticle(m: EntityManager, articleId: string): Promise<ArticleEntity | null> {
    const rows = await m.query<ArticleEntity[]>(`SELECT ${ARTICLE_COLUMNS} FROM articles WHERE id = $1 FOR SHARE`, [articleId]);
    return rows[0] ?? null;
  }

  /** The article, locked for writing (an edit of the original bumps its revision). */
  async lockArticleForUpdate(m: EntityManager, articleId: string): Promise<ArticleEntity | null> {
    const rows = await m.query<ArticleEntity[]>(`SELECT ${ARTICLE_COLUMNS} FROM articles WHERE id = $1 FOR UPDATE`, [articleId]);
    return rows[0] ?? null;
  }

  async lockTranslation(m: EntityManager, articleId: string, locale: string): Promise<TranslationEntity | null> {
    const rows = await m.query<TranslationEntity[]>(`SELECT ${TRANSLATION_COLUMNS} FROM translations WHERE article_id = $1 AND locale = $2 FOR UPDATE`, [
      articleId,
      locale,
    ]);
    return rows[0] ?? null;
  }

  /** Inserts a translation (an original, or the desk's new work) with a free slug by the one rule. */
  async insert(
    manager: EntityManager,
    article: ArticleEntity,
    t: Pick<TranslationEntity, 'locale' | 'title' | 'summary' | 'bodyHtml' | 'url' | 'status' | 'isOriginal' | 'translatedBy'> & {
      slug?: string | null;
    },
  ): Promise<TranslationEntity> {
    const base = slugify(t.slug ? t.slug : t.title, `article-${randomBytes(4).toString('hex')}`);
    const search = searchTextOf(t);
    // Another writer may take the same free slug between our read and our insert: the unique index
    // decides, ON CONFLICT keeps the transaction alive, and we try the next free slug.
    const lost = new Set<string>();
    for (;;) {
      const [slug] = await this.translations.freeSlugs(manager, article.sectionId, [{ locale: t.locale, base }], lost);
      const rows = await manager.query<{ id: string }[]>(
        `INSERT INTO translations (article_id, section_id, locale, title, summary, body_html, url, slug, status,
                                   is_original, version, source_revision, translated_by, search_vector)
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, 1, $11, $12, ${SEARCH_VECTOR_SQL('$13', '$14', '$15', '$16')})
         ON CONFLICT (section_id, locale, slug) DO NOTHING
         RETURNING id`,
        [article.id, article.sectionId, t.locale, t.title, t.summary, t.bodyHtml, t.url, slug, t.status, t.isOriginal,
          article.sourceRevision, t.translatedBy, search.config, search.title, search.summary, search.body],
      );
      if (rows.length) return manager.getRepository(TranslationEntity).findOneByOrFail({ id: rows[0].id });
      lost.add(slugKey(t.locale, slug));
    }
  }

  /** Updates a never-published translation row if it is still at `expectedVersion`; null when it is not. */
  async update(
    m: EntityManager,
    id: string,
    expectedVersion: number,
    changes: Partial<TextFields> & { status: TranslationStatus; slug?: string; translatedBy?: string | null; sourceRevision?: number },
  ): Promise<TranslationEntity | null> {
    const result: unknown = await m.query(
      `UPDATE translations SET
         title = coalesce($3, title),
         summary = CASE WHEN $4 THEN $5 ELSE summary END,
         body_html = CASE WHEN $4 THEN $6 ELSE body_html END,
         slug = coalesce($7, slug),
         status = $8,
         translated_by = CASE WHEN $9 THEN $10 ELSE translated_by END,
         source_revision = coalesce($11, source_revision),
         version = version + 1,
         updated_at = now()
       WHERE id = $1 AND version = $2
       RETURNING ${TRANSLATION_COLUMNS}`,
      [
        id,
        expectedVersion,
        changes.title ?? null,
        changes.title !== undefined,
        changes.summary ?? null,
        changes.bodyHtml ?? null,
        changes.slug ?? null,
        changes.status,
        changes.translatedBy !== undefined,
        changes.translatedBy ?? null,
        changes.sourceRevision ?? null,
      ],
    );
    const row = rowsOf<TranslationEntity>(result)[0] ?? null;
    if (row && changes.title !== undefined) await writeSearchVectors(m, [row]);
    return row;
  }

  /** Publishes a revision: the draft's text replaces the published text, made from the article's current revision. */
  async publishText(
    m: EntityManager,
    id: string,
    fields: TextFields & { slug: string; version: number; sourceRevision: number; translatedBy: string | null },
  ): Promise<TranslationEntity> {
    const result: unknown = await m.query(
      `UPDATE translations SET title = $2, summary = $3, body_html = $4, slug = $5, status = 'PUBLISHED', version = $6,
         source_revision = $7, translated_by = $8, updated_at = now()
       WHERE id = $1
       RETURNING ${TRANSLATION_COLUMNS}`,
      [id, fields.title, fields.summary, fields.bodyHtml, fields.slug, fields.version, fields.sourceRevision, fields.translatedBy],
    );
    const row = rowsOf<TranslationEntity>(result)[0];
    await writeSearchVectors(m, [row]);
    return row;
  }

  /** Bumps the article's source revision (the original changed) and returns the new one. */
  async bumpSourceRevision(m: EntityManager, articleId: string): Promise<number> {
    const result: unknown = await m.query(
      `UPDATE articles SET source_revision = source_revision + 1, updated_at = now() WHERE id = $1 RETURNING source_revision AS "sourceRevision"`,
      [articleId],
    );
    return rowsOf<{ sourceRevision: number }>(result)[0].sourceRevision;
  }
}
