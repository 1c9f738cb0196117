import { Injectable } from '@nestjs/common';
import { EntityManager } from 'typeorm';
import type { TranslationClaimEntity } from './translation-claim.entity';
import type { DraftStatus, TranslationDraftEntity } from './translation-draft.entity';
import type { EventAction, TranslationEventEntity } from './translation-event.entity';
import { rowsOf } from '../database/returned-rows';

const DRAFT_COLUMNS = `article_id AS "articleId", locale, title, summary, body_html AS "bodyHtml", slug, status, version,
  source_revision AS "sourceRevision", translated_by AS "translatedBy", created_at AS "createdAt", updated_at AS "updatedAt"`;

import type { TextFields } from '../articles';

/** The outcome of a claim attempt: `won` false means `claim` is somebody else's live claim. */
export interface ClaimAttempt {
  won: boolean;
  /** Won and new (not the caller renewing a live claim of its own). */
  fresh?: boolean;
  claim: Pick<TranslationClaimEntity, 'keyId' | 'claimerName' | 'expiresAt'> | null;
}

/**
 * The desk's own rows (claims, revision drafts, events). Every method takes the transaction's manager;
 * `lockDraft` is meant to be called first in a transaction (after the articles domain's TranslationWriter
 * locks), so that concurrent requests on one task run one after the other. Translations and articles rows
 * are written by TranslationWriter, their owner's.
 */
@Injectable()
export class TranslationDeskRepository {
  async lockDraft(m: EntityManager, articleId: string, locale: string): Promise<TranslationDraftEntity | null> {
    const rows = await m.query<TranslationDraftEntity[]>(`SELECT ${DRAFT_COLUMNS} FROM translation_drafts WHERE article_id = $1 AND locale = $2 FOR UPDATE`, [
      articleId,
      locale,
    ]);
    return rows[0] ?? null;
  }

  /**
   * Claims the task for `keyId`, or renews the caller's own claim, in one statement: the primary key
   * (article_id, locale) makes a concurrent second claim wait for the first and then find it live, so
   * exactly one of two simultaneous claims wins. An expired claim is simply taken over.
   */
  async claim(m: EntityManager, articleId: string, locale: string, keyId: string, name: string, hours: number): Promise<ClaimAttempt> {
    const won = await m.query<NonNullable<ClaimAttempt['claim']>[]>(
      `INSERT INTO translation_claims AS c (article_id, locale, key_id, claimer_name, claimed_at, expires_at)
       VALUES ($1, $2, $3, $4, now(), now() + make_interval(secs => $5::double precision * 3600))
       ON CONFLICT (article_id, locale) DO UPDATE
         SET key_id = EXCLUDED.key_id, claimer_name = EXCLUDED.claimer_name, expires_at = EXCLUDED.expires_at,
             claimed_at = CASE WHEN c.key_id = EXCLUDED.key_id AND c.expires_at > now() THEN c.claimed_at ELSE now() END
         WHERE c.expires_at <= now() OR c.key_id = EXCLUDED.key_id
       RETURNING key_id AS "keyId", claimer_name AS "claimerName", expires_at AS "expiresAt", claimed_at = now() AS fresh`,
      [articleId, locale, keyId, name, hours],
    );
    if (won.length) {
      const { fresh, ...claim } = won[0] as NonNullable<ClaimAttempt['claim']> & { fresh: boolean };
      return { won: true, fresh, claim };
    }
    return { won: false, claim: await this.liveClaim(m, articleId, locale) };
  }

  async liveClaim(m: EntityManager, articleId: string, locale: string): Promise<ClaimAttempt['claim']> {
    const rows = await m.query<NonNullable<ClaimAttempt['claim']>[]>(
      `SELECT key_id AS "keyId", claimer_name AS "claimerName", expires_at AS "expiresAt"
       FROM translation_claims WHERE article_id = $1 AND locale = $2 AND expires_at > now()`,
      [articleId, locale],
    );
    return rows[0] ?? null;
  }

  /** Deletes the claim when `keyId` holds it (or, with `anyHolder`, whoever holds it); true when one was deleted. */
  async release(m: EntityManager, articleId: string, locale: string, keyId: string, anyHolder: boolean): Promise<boolean> {
    const result: unknown = await m.query(
      `DELETE FROM translation_claims WHERE article_id = $1 AND locale = $2 AND expires_at > now() AND ($4 OR key_id = $3)
       RETURNING article_id`,
      [articleId, locale, keyId, anyHolder],
    );
    return rowsOf(result).length > 0;
  }

  async deleteClaim(m: EntityManager, articleId: string, locale: string): Promise<void> {
    await m.query(`DELETE FROM translation_claims WHERE article_id = $1 AND locale = $2`, [articleId, locale]);
  }

  async insertDraft(m: EntityManager, draft: Omit<TranslationDraftEntity, 'createdAt' | 'updatedAt'>): Promise<TranslationDraftEntity> {
    const rows = await m.query<TranslationDraftEntity[]>(
      `INSERT INTO translation_drafts (article_id, locale, title, summary, body_html, slug, status, version, source_revision, translated_by)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10)
       RETURNING ${DRAFT_COLUMNS}`,
      [
        draft.articleId,
        draft.locale,
        draft.title,
        draft.summary,
        draft.bodyHtml,
        draft.slug,
        draft.status,
        draft.version,
        draft.sourceRevision,
        draft.translatedBy,
      ],
    );
    return rows[0];
  }

  /** Updates a draft if it is still at `expectedVersion`; null when it is not. */
  async updateDraft(
    m: EntityManager,
    articleId: string,
    locale: string,
    expectedVersion: number,
    changes: Partial<TextFields> & { status: DraftStatus; slug?: string | null; translatedBy?: string | null },
  ): Promise<TranslationDraftEntity | null> {
    const result: unknown = await m.query(
      `UPDATE translation_drafts SET
         title = coalesce($4, title),
         summary = CASE WHEN $5 THEN $6 ELSE summary END,
         body_html = CASE WHEN $5 THEN $7 ELSE body_html END,
         slug = CASE WHEN $8 THEN $9 ELSE slug END,
         status = $10,
         translated_by = CASE WHEN $11 THEN $12 ELSE translated_by END,
         version = version + 1,
         updated_at = now()
       WHERE article_id = $1 AND locale = $2 AND version = $3
       RETURNING ${DRAFT_COLUMNS}`,
      [
        articleId,
        locale,
        expectedVersion,
        changes.title ?? null,
        changes.title !== undefined,
        changes.summary ?? null,
        changes.bodyHtml ?? null,
        changes.slug !== undefined,
        changes.slug ?? null,
        changes.status,
        changes.translatedBy !== undefined,
        changes.translatedBy ?? null,
      ],
    );
    return rowsOf<TranslationDraftEntity>(result)[0] ?? null;
  }

  async deleteDraft(m: EntityManager, articleId: string, locale: string): Promise<void> {
    await m.query(`DELETE FROM translation_drafts WHERE article_id = $1 AND locale = $2`, [articleId, locale]);
  }

  async recordEvent(
    m: EntityManager,
    e: { articleId: string; locale: string; action: EventAction; from: string | null; to: string | null; actorKeyId: string; actorName: string; comment?: string | null },
  ): Promise<void> {
    await m.query(
      `INSERT INTO translation_events (article_id, locale, action, from_status, to_status, actor_key_id, actor_name, comment)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8)`,
      [e.articleId, e.locale, e.action, e.from, e.to, e.actorKeyId, e.actorName, e.comment ?? null],
    );
  }

  /** The keys that wrote or submitted the text under review: everyone since it was last published. */
  async authorsSinceLastPublication(m: EntityManager, articleId: string, locale: string): Promise<Set<string>> {
    const rows: { actorKeyId: string }[] = await m.query(
      `SELECT DISTINCT actor_key_id AS "actorKeyId" FROM translation_events
       WHERE article_id = $1 AND locale = $2 AND action IN ('SAVE', 'SUBMIT') AND actor_key_id IS NOT NULL
         AND id > coalesce((SELECT max(id) FROM translation_events
                            WHERE article_id = $1 AND locale = $2 AND action = 'APPROVE'), 0)`,
      [articleId, locale],
    );
    return new Set(rows.map((r) => r.actorKeyId));
  }

  async history(m: EntityManager, articleId: string, locale: string): Promise<TranslationEventEntity[]> {
    return m.query(
      `SELECT id::text AS id, article_id AS "articleId", locale, action, from_status AS "fromStatus", to_status AS "toStatus",
              actor_key_id AS "actorKeyId", actor_name AS "actorName", comment, created_at AS "createdAt"
       FROM translation_events WHERE article_id = $1 AND locale = $2 ORDER BY id`,
      [articleId, locale],
    );
  }
}
