import { Injectable } from '@nestjs/common';
import { DataSource, EntityManager } from 'typeorm';
import type { Principal } from '../common/principal';
import { badInput } from '../common/errors';
import { isUuid } from '../common/text';
import { TranslationEventModel } from './models/translation-event.model';
import { TranslationDeskRepository } from './translation-desk.repository';
import type { EventAction } from './translation-event.entity';
import { type TaskChange, TranslationEvents } from './translation-events';
import type { TranslationState } from './transitions';

/** One step of the desk's work, as it is recorded. */
export interface JournalEntry {
  articleId: string;
  locale: string;
  action: EventAction;
  from: TranslationState | null;
  to: TranslationState | null;
  actor: Pick<Principal, 'keyId' | 'name'>;
  comment?: string | null;
}

/**
 * The desk's events in one place: every step recorded in translation_events (inside the step's
 * transaction), the history read back, and the announcements made after a commit.
 */
@Injectable()
export class TranslationJournal {
  constructor(
    private readonly dataSource: DataSource,
    private readonly desk: TranslationDeskRepository,
    private readonly events: TranslationEvents,
  ) {}

  /** Records a step; `NONE` (no translation yet) is stored as no status. */
  async record(m: EntityManager, e: JournalEntry): Promise<void> {
    const status = (s: TranslationState | null) => (s === 'NONE' ? null : s);
    await this.desk.recordEvent(m, {
      articleId: e.articleId,
      locale: e.locale,
      action: e.action,
      from: status(e.from),
      to: status(e.to),
      actorKeyId: e.actor.keyId,
      actorName: e.actor.name,
      comment: e.comment,
    });
  }

  async history(articleId: string, locale: string): Promise<TranslationEventModel[]> {
    if (!isUuid(articleId)) throw badInput('errors:article.badId', { id: articleId });
    const rows = await this.desk.history(this.dataSource.manager, articleId, locale);
    return rows.map((e) => ({ action: e.action, fromStatus: e.fromStatus, toStatus: e.toStatus, actor: e.actorName, comment: e.comment, at: e.createdAt }));
  }

  /** After a claim, release, submission or review committed: the locale's open desk pages update their lists. */
  async changed(change: TaskChange, articleId: string, locale: string, actor: Pick<Principal, 'name'>, version?: number): Promise<void> {
    await this.events.taskChanged({ change, articleId, locale, by: actor.name, version });
  }

  /** After an edit of the original committed: its published translations are STALE tasks now. */
  async originalChanged(articleId: string): Promise<void> {
    await this.events.originalChanged(articleId);
  }
}
