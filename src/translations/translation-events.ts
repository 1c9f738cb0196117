import { Injectable, Logger } from '@nestjs/common';
import { ArticleEvents } from '../articles';
import { DataSource } from 'typeorm';
import { LocaleRegistry } from '../i18n/locale-registry';
import { RedisPubSub } from '../redis/redis-pubsub';

export type TaskReason = 'MISSING' | 'STALE' | 'REJECTED';

/** Published on `translations:needed:<locale>`. */
export interface TranslationNeededEvent {
  articleId: string;
  locale: string;
  reason: TaskReason;
}

export const neededChannel = (locale: string) => `translations:needed:${locale}`;

export type TaskChange = 'CLAIMED' | 'RELEASED' | 'SUBMITTED' | 'PUBLISHED' | 'REJECTED';

/** Published on `translations:changed:<locale>` after a step of the desk committed; `by` is the key's name. */
export interface TranslationTaskChangeEvent {
  change: TaskChange;
  articleId: string;
  locale: string;
  by: string | null;
  /** The work's version after the step, when it wrote one (with the change, it names the step). */
  version?: number;
}

/** A task that opened, for listeners: with the original's revision it names the occurrence. */
export interface NeededTask extends TranslationNeededEvent {
  sourceRevision: number;
}

/**
 * Whoever wants the desk's events in the process where they happen (webhooks), not over Redis. Must not
 * throw: a lost notice must never undo a write that committed.
 */
export interface TranslationListener {
  /** Whether it wants opened tasks now (finding them costs a query per batch of articles). */
  wantsNeeded(): Promise<boolean>;
  tasksNeeded(tasks: readonly NeededTask[]): Promise<void>;
  taskChanged(event: TranslationTaskChangeEvent): Promise<void>;
}

export const changedChannel = (locale: string) => `translations:changed:${locale}`;

/** The open tasks of articles ($1: the configured locales): MISSING where nothing is published, STALE where the original moved on. */
const TASKS_SQL = `SELECT a.id AS article_id, l.locale, a.source_revision,
         CASE WHEN t.id IS NULL OR t.status <> 'PUBLISHED' THEN 'MISSING' ELSE 'STALE' END AS reason
  FROM articles a
  CROSS JOIN unnest($1::text[]) AS l(locale)
  LEFT JOIN translations t ON t.article_id = a.id AND t.locale = l.locale
  WHERE l.locale <> a.original_locale
    AND (t.id IS NULL OR t.status <> 'PUBLISHED' OR (NOT t.is_original AND t.source_revision < a.source_revision))`;

interface TaskRow {
  article_id: string;
  locale: string;
  source_revision: number;
  reason: TaskReason;
}

/**
 * What other domains tell the translation desk, and what it tells subscribers (over Redis, so every API
 * process hears it). Call it after your transaction committed. Failures to publish are logged, never
 * thrown: a lost notification must not undo a write.
 */
@Injectable()
export class TranslationEvents {
  private readonly logger = new Logger(TranslationEvents.name);
  private readonly listeners: TranslationListener[] = [];

  constructor(
    private readonly dataSource: DataSource,
    private readonly pubsub: RedisPubSub,
    private readonly locales: LocaleRegistry,
    articles: ArticleEvents,
  ) {
    // New articles and changed originals become tasks; only channels somebody listens to are told.
    articles.listen({ articlesChanged: ({ created, changed }) => this.articlesIngested(created, changed) });
  }

  listen(listener: TranslationListener): void {
    this.listeners.push(listener);
  }

  /** A new article: every configured locale but its original now has a MISSING task. */
  async articleCreated(articleId: string): Promise<void> {
    await this.announceTasks(articleId, ['MISSING']);
  }

  /**
   * The original text changed (an edit, or ingestion of an updated item, after it bumped
   * articles.source_revision): its published translations are now STALE tasks.
   */
  async originalChanged(articleId: string): Promise<void> {
    await this.announceTasks(articleId, ['STALE']);
  }

  /**
   * Ingestion created articles and changed originals, possibly thousands at a time: one query finds their
   * tasks, and only channels somebody listens to (in any API process) are told.
   */
  async articlesIngested(createdIds: readonly string[], changedIds: readonly string[]): Promise<void> {
    if (!createdIds.length && !changedIds.length) return;
    await this.safely(async () => {
      const heard = await this.pubsub.listened(this.locales.codes.map(neededChannel));
      const listeners = await this.wantingNeeded();
      if (!heard.size && !listeners.length) return;
      const rows: TaskRow[] = await this.dataSource.query(`${TASKS_SQL} AND a.id = ANY($2::uuid[])`, [this.locales.codes, [...createdIds, ...changedIds]]);
      const created = new Set(createdIds);
      const tasks: NeededTask[] = [];
      for (const row of rows) {
        const wanted = created.has(row.article_id) ? row.reason === 'MISSING' : row.reason === 'STALE';
        if (!wanted) continue;
        if (heard.has(neededChannel(row.locale))) {
          await this.pubsub.publish(neededChannel(row.locale), { articleId: row.article_id, locale: row.locale, reason: row.reason });
        }
        tasks.push({ articleId: row.article_id, locale: row.locale, reason: row.reason, sourceRevision: row.source_revision });
      }
      for (const listener of listeners) await listener.tasksNeeded(tasks);
    });
  }

  async taskChanged(event: TranslationTaskChangeEvent): Promise<void> {
    await this.safely(() => this.pubsub.publish(changedChannel(event.locale), event));
    for (const listener of this.listeners) await this.safely(() => listener.taskChanged(event));
  }

  async translationNeeded(event: TranslationNeededEvent): Promise<void> {
    await this.safely(() => this.pubsub.publish(neededChannel(event.locale), event));
  }

  private async announceTasks(articleId: string, reasons: TaskReason[]): Promise<void> {
    await this.safely(async () => {
      const rows: TaskRow[] = await this.dataSource.query(`${TASKS_SQL} AND a.id = $2`, [this.locales.codes, articleId]);
      const opened = rows.filter((r) => reasons.includes(r.reason));
      for (const row of opened) {
        await this.pubsub.publish(neededChannel(row.locale), { articleId, locale: row.locale, reason: row.reason });
      }
      const tasks = opened.map((r) => ({ articleId, locale: r.locale, reason: r.reason, sourceRevision: r.source_revision }));
      for (const listener of await this.wantingNeeded()) await listener.tasksNeeded(tasks);
    });
  }

  private async wantingNeeded(): Promise<TranslationListener[]> {
    const wanting: TranslationListener[] = [];
    for (const listener of this.listeners) if (await listener.wantsNeeded()) wanting.push(listener);
    return wanting;
  }

  private async safely(work: () => Promise<unknown>): Promise<void> {
    try {
      await work();
    } catch (error) {
      this.logger.warn(`Could not publish a translation event: ${error instanceof Error ? error.message : String(error)}`);
    }
  }
}
