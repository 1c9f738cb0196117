import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import type { StoredMessage } from '../feed.entity';

export const PUSH_STATES = ['QUEUED', 'INGESTED', 'FAILED'] as const;
export type PushState = (typeof PUSH_STATES)[number];

export interface PushRecord {
  id: string;
  sectionId: string;
  state: PushState;
  itemCount: number | null;
  error: StoredMessage | null;
}

export interface PendingPush {
  sectionId: string;
  /** The feed a WebSub hub distributed this content for; null for a section's own push. */
  feedId: string | null;
  body: Buffer;
  contentType: string | null;
  receivedAt: Date;
}

/**
 * Pushed bodies are read this many bytes a statement. Small on purpose: a slice arrives as hex text, and
 * pg grows its receive buffer by doubling for a message larger than a socket read (64 KB), so 512 KB
 * slices allocated about 4 MB of buffers each; a 4.7 MB push held 56 MB of them until the next GC, and
 * glibc kept their pages (worker RSS +40 MB). 32 KB slices fit one or two reads (4.7 MB: 150 statements).
 */
export const BODY_SLICE_BYTES = 32 * 1024;

/** Finished pushes are kept this long as statuses (their bodies are gone already). */
const KEEP_FINISHED_DAYS = 14;

/** The pushed_documents table (owned by feeds/push): bodies waiting for the worker, and each push's state. */
@Injectable()
export class PushedDocumentRepository {
  constructor(private readonly dataSource: DataSource) {}

  /** Stores a verified body; a replay of the same body (same id) stores nothing. True when this call inserted it. */
  async store(id: string, sectionId: string, body: Buffer, contentType: string | null, feedId: string | null = null): Promise<boolean> {
    const rows = await this.dataSource.query<unknown[]>(
      `INSERT INTO pushed_documents (id, section_id, body, body_bytes, content_type, feed_id) VALUES ($1, $2, $3, $4, $5, $6)
       ON CONFLICT (id) DO NOTHING RETURNING id`,
      [id, sectionId, body, body.length, contentType, feedId],
    );
    return rows.length === 1;
  }

  /** Undoes `store` when the job could not be queued (the sender is told to try again). */
  async forget(id: string): Promise<void> {
    await this.dataSource.query(`DELETE FROM pushed_documents WHERE id = $1 AND state = 'QUEUED'`, [id]);
  }

  async status(id: string): Promise<PushRecord | null> {
    const rows = await this.dataSource.query<{ id: string; section_id: string; state: PushState; item_count: number | null; error_message: StoredMessage | null }[]>(
      `SELECT id, section_id, state, item_count, error_message FROM pushed_documents WHERE id = $1`,
      [id],
    );
    const r = rows[0];
    return r ? { id: r.id, sectionId: r.section_id, state: r.state, itemCount: r.item_count, error: r.error_message } : null;
  }

  /**
   * The body of a push still waiting; null when it was ingested or failed already (a redelivered job). Read
   * in slices: the whole bytea in one row costs the worker its hex text and pg's grown receive buffer
   * besides the body (about 30 MB more for a 5 MB push).
   */
  async pending(id: string): Promise<PendingPush | null> {
    return this.dataSource.transaction('REPEATABLE READ', async (manager) => {
      const rows = await manager.query<{ section_id: string; feed_id: string | null; bytes: number; content_type: string | null; received_at: Date }[]>(
        `SELECT section_id, feed_id, octet_length(body) AS bytes, content_type, received_at FROM pushed_documents
         WHERE id = $1 AND state = 'QUEUED' AND body IS NOT NULL`,
        [id],
      );
      const r = rows[0];
      if (!r) return null;
      const body = Buffer.allocUnsafe(r.bytes);
      for (let at = 0; at < r.bytes; at += BODY_SLICE_BYTES) {
        const [slice] = await manager.query<{ part: Buffer }[]>(`SELECT substring(body FROM $2 FOR $3) AS part FROM pushed_documents WHERE id = $1`, [id, at + 1, BODY_SLICE_BYTES]);
        slice.part.copy(body, at);
      }
      return { sectionId: r.section_id, feedId: r.feed_id, body, contentType: r.content_type, receivedAt: r.received_at };
    });
  }

  /** The push's final state; its body is deleted. Old finished statuses are pruned on the way. */
  async finish(id: string, outcome: { state: 'INGESTED'; itemCount: number } | { state: 'FAILED'; error: StoredMessage }): Promise<void> {
    await this.dataSource.query(
      `UPDATE pushed_documents SET state = $2, item_count = $3, error_message = $4, body = NULL, finished_at = now() WHERE id = $1`,
      [id, outcome.state, outcome.state === 'INGESTED' ? outcome.itemCount : null, outcome.state === 'FAILED' ? JSON.stringify(outcome.error) : null],
    );
    await this.dataSource.query(
      `DELETE FROM pushed_documents WHERE finished_at < now() - make_interval(days => $1)`,
      [KEEP_FINISHED_DAYS],
    );
  }
}
