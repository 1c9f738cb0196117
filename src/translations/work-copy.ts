import { Injectable } from '@nestjs/common';
import { DataSource, EntityManager, QueryFailedError } from 'typeorm';
import {
  ArticleEntity,
  ArticleEvents,
  type Publication,
  cleanTitle,
  slugify,
  TranslationEntity,
  translationModel,
  TranslationModel,
  TranslationRepository,
  TranslationWriter,
  type TextFields,
  type TranslationStatus,
} from '../articles';
import { badInput, conflict, notFound } from '../common/errors';
import { sanitizeBodyHtml } from '../common/html';
import type { Principal } from '../common/principal';
import { cleanOptionalText, cleanText, isUuid } from '../common/text';
import { SectionRepository } from '../sections';
import { TranslationInput } from './dto/translation.input';
import { TranslationDeskRepository } from './translation-desk.repository';
import { TranslationDraftEntity } from './translation-draft.entity';
import { TranslationState } from './transitions';
import { LocaleRegistry } from '../i18n/locale-registry';

/** The text being worked on for one (article, locale): a draft of a revision, or the unpublished translations row. */
type WorkCopy = { kind: 'draft'; draft: TranslationDraftEntity } | { kind: 'row'; row: TranslationEntity };

export interface TaskState {
  article: ArticleEntity;
  /** The translations row of the locale (published or not), if any. */
  row: TranslationEntity | null;
  draft: TranslationDraftEntity | null;
  work: WorkCopy | null;
  state: TranslationState;
}

/** Changes a caller asked for, cleaned: NFC, trimmed, sanitised. */
export interface CleanInput extends TextFields {
  slug: string | null;
}

const RETRIED_CONSTRAINTS = new Set(['translations_section_locale_slug_uq', 'translations_article_locale_uq', 'translation_drafts_pkey']);

/** The text to translate from: the original, else the freshest published translation in another locale. */
export function sourceOf(list: TranslationEntity[], locale: string): TranslationEntity | null {
  const published = list.filter((t) => t.status === 'PUBLISHED' && t.locale !== locale);
  published.sort(
    (a, b) => Number(b.isOriginal) - Number(a.isOriginal) || b.sourceRevision - a.sourceRevision || b.updatedAt.getTime() - a.updatedAt.getTime(),
  );
  return published[0] ?? null;
}

/**
 * A transaction on one article, run again on the unique violations that a concurrent insert can cause.
 * Once it committed, the article is announced (ArticleEvents), which retires the cached reads showing it and
 * tells `articlePublished` subscribers of what `work` said it made visible (`publish`).
 */
export async function inDeskTransaction<T>(
  dataSource: DataSource,
  events: ArticleEvents,
  articleId: string,
  work: (m: EntityManager, publish: (p: Publication) => void) => Promise<T>,
): Promise<T> {
  for (let attempt = 1; ; attempt++) {
    try {
      // Collected per attempt: only the run that committed counts.
      const published: Publication[] = [];
      const result = await dataSource.transaction((m) => work(m, (p) => published.push(p)));
      await events.announce({ created: [], changed: [], shown: [articleId], published });
      return result;
    } catch (error) {
      // A slug taken meanwhile, or the same caller's double click creating the row (or the revision
      // draft) twice: run again; the second run sees the committed row and decides from it.
      const constraint = error instanceof QueryFailedError ? (error.driverError as { constraint?: string }).constraint : undefined;
      const retry = constraint !== undefined && RETRIED_CONSTRAINTS.has(constraint);
      if (!retry || attempt >= 3) throw error;
    }
  }
}

/**
 * The work copy of one (article, locale): its state under lock, the version check, and writing it (a new
 * translations row, a revision draft beside a published one, a status change, the approval).
 */
@Injectable()
export class WorkCopies {
  constructor(
    private readonly desk: TranslationDeskRepository,
    private readonly writer: TranslationWriter,
    private readonly translations: TranslationRepository,
    private readonly sections: SectionRepository,
    private readonly locales: LocaleRegistry,
  ) {}

  /** Locks the article (shared), its row and draft in the locale, and works out the current state. */
  async loadState(m: EntityManager, articleId: string, locale: string): Promise<TaskState> {
    const article = await this.requireArticle(m, articleId);
    const row = await this.writer.lockTranslation(m, articleId, locale);
    const draft = await this.desk.lockDraft(m, articleId, locale);
    const work: WorkCopy | null = draft ? { kind: 'draft', draft } : row && row.status !== 'PUBLISHED' ? { kind: 'row', row } : null;
    const state: TranslationState = work
      ? work.kind === 'draft'
        ? work.draft.status
        : work.row.status
      : row
        ? 'PUBLISHED'
        : 'NONE';
    return { article, row, draft, work, state };
  }

  private async requireArticle(m: EntityManager, articleId: string): Promise<ArticleEntity> {
    if (!isUuid(articleId)) throw badInput('errors:article.badId', { id: articleId });
    const article = await this.writer.lockArticle(m, articleId);
    if (!article) throw notFound('errors:article.notFound', { id: articleId });
    return article;
  }

  /** `expectedVersion` must be the version of the text being changed (the work copy, else the published one). */
  checkVersion(s: TaskState, expectedVersion: number | null | undefined): void {
    const current = s.work ? this.workVersion(s) : s.row ? s.row.version : null;
    if (current === null) {
      if (expectedVersion !== null && expectedVersion !== undefined && expectedVersion !== 0) {
        throw conflict('translations:errors.versionConflict', { expected: expectedVersion, current: 0 }, { currentVersion: 0 });
      }
      return;
    }
    if (expectedVersion === null || expectedVersion === undefined) {
      throw conflict('translations:errors.versionRequired', { current }, { currentVersion: current });
    }
    if (expectedVersion !== current) {
      throw conflict('translations:errors.versionConflict', { expected: expectedVersion, current }, { currentVersion: current });
    }
  }

  workVersion(s: TaskState): number {
    if (!s.work) return s.row?.version ?? 0;
    return s.work.kind === 'draft' ? s.work.draft.version : s.work.row.version;
  }

  /**
   * Starts work where there is none: a new translations row (nothing published yet) or a draft beside the
   * published translation (a revision; readers keep the published text). Seeded with `text`, else with
   * the text it is made from (the source for a new translation, the published text for a revision).
   */
  async startWork(m: EntityManager, s: TaskState, locale: string, actor: Principal, text: CleanInput | null): Promise<TranslationModel> {
    if (s.row) {
      const draft = await this.desk.insertDraft(m, {
        articleId: s.article.id,
        locale,
        title: text?.title ?? s.row.title,
        summary: text ? text.summary : s.row.summary,
        bodyHtml: text ? text.bodyHtml : s.row.bodyHtml,
        slug: text?.slug ?? null,
        status: 'IN_PROGRESS',
        version: s.row.version + 1,
        sourceRevision: s.row.sourceRevision,
        translatedBy: actor.name,
      });
      return this.draftModel(draft, s.row, s.article);
    }
    // Inside the transaction's connection: a second pooled connection per request could exhaust the pool.
    const all = await m.getRepository(TranslationEntity).find({ where: { articleId: s.article.id } });
    const source = sourceOf(all, locale);
    const seed = text ?? { title: source?.title ?? '-', summary: source?.summary ?? null, bodyHtml: source?.bodyHtml ?? null, slug: null };
    const row = await this.writer.insert(m, s.article, {
      locale,
      title: seed.title,
      summary: seed.summary,
      bodyHtml: seed.bodyHtml,
      url: null,
      status: 'IN_PROGRESS',
      isOriginal: false,
      translatedBy: actor.name,
      slug: seed.slug,
    });
    return this.model(row, s.article);
  }

  /** Changes the status of the work copy (claim after rejection, a draft picked up) without new text. */
  async moveWork(m: EntityManager, s: TaskState, to: TranslationStatus, actor: Principal): Promise<TranslationModel> {
    return this.writeWork(m, s, this.workVersion(s), to, actor, null);
  }

  /** Writes the work copy at `expectedVersion` (text and/or status); CONFLICT if it moved on meanwhile. */
  async writeWork(
    m: EntityManager,
    s: TaskState,
    expectedVersion: number,
    to: TranslationStatus,
    actor: Principal | null,
    text: CleanInput | null,
  ): Promise<TranslationModel> {
    if (!s.work) throw badInput(`translations:errors.transition.SUBMIT`, { status: s.state });
    const translatedBy = text && actor ? actor.name : undefined;
    if (s.work.kind === 'draft') {
      const updated = await this.desk.updateDraft(m, s.article.id, s.work.draft.locale, expectedVersion, {
        ...(text ? { title: text.title, summary: text.summary, bodyHtml: text.bodyHtml, slug: text.slug ?? s.work.draft.slug } : {}),
        status: to as TranslationDraftEntity['status'],
        translatedBy,
      });
      if (!updated) throw this.versionConflict(expectedVersion, s.work.draft.version);
      return this.draftModel(updated, s.row, s.article);
    }
    const row = s.work.row;
    let slug: string | undefined;
    if (text) {
      // Never published yet: the slug follows the translated title unless one is given.
      slug = await this.translations.freeSlug(m, row, slugify(text.slug ?? text.title, row.slug));
    }
    const updated = await this.writer.update(m, row.id, expectedVersion, {
      ...(text ? { title: text.title, summary: text.summary, bodyHtml: text.bodyHtml, slug } : {}),
      status: to,
      translatedBy,
      ...(text ? { sourceRevision: s.article.sourceRevision } : {}),
    });
    if (!updated) throw this.versionConflict(expectedVersion, row.version);
    return this.model(updated, s.article);
  }

  /** Approval: the work copy becomes the published translation, made from the article's current revision. */
  async publishWork(m: EntityManager, s: TaskState): Promise<TranslationModel> {
    const work = s.work!;
    if (work.kind === 'row') {
      const updated = await this.writer.update(m, work.row.id, work.row.version, {
        status: 'PUBLISHED',
        sourceRevision: s.article.sourceRevision,
      });
      if (!updated) throw this.versionConflict(work.row.version, work.row.version);
      return this.model(updated, s.article);
    }
    const row = s.row!;
    let slug = row.slug;
    if (work.draft.slug && work.draft.slug !== row.slug) slug = await this.translations.freeSlug(m, row, work.draft.slug);
    const updated = await this.writer.publishText(m, row.id, {
      title: work.draft.title,
      summary: work.draft.summary,
      bodyHtml: work.draft.bodyHtml,
      slug,
      version: work.draft.version + 1,
      sourceRevision: s.article.sourceRevision,
      translatedBy: work.draft.translatedBy,
    });
    await this.desk.deleteDraft(m, s.article.id, row.locale);
    return this.model(updated, s.article);
  }

  versionConflict(expected: number, current: number) {
    return conflict('translations:errors.versionConflict', { expected, current }, { currentVersion: current });
  }

  async cleanInput(input: TranslationInput, article: ArticleEntity): Promise<CleanInput> {
    const title = cleanTitle(input.title);
    const section = await this.sections.findById(article.sectionId);
    const bodyHtml = input.bodyHtml ? sanitizeBodyHtml(input.bodyHtml, article.canonicalUrl ?? section?.homepage) : null;
    const slug = input.slug && cleanText(input.slug) ? slugify(cleanText(input.slug), '') || null : null;
    return { title, summary: cleanOptionalText(input.summary), bodyHtml: bodyHtml || null, slug };
  }

  draftModel(draft: TranslationDraftEntity, row: TranslationEntity | null, article: ArticleEntity): TranslationModel {
    return this.model(
      {
        ...(row ?? ({} as TranslationEntity)),
        locale: draft.locale,
        title: draft.title,
        summary: draft.summary,
        bodyHtml: draft.bodyHtml,
        slug: draft.slug ?? row?.slug ?? '',
        url: row?.url ?? null,
        status: draft.status,
        isOriginal: false,
        version: draft.version,
        sourceRevision: draft.sourceRevision,
        translatedBy: draft.translatedBy,
        updatedAt: draft.updatedAt,
      },
      article,
    );
  }

  /** A translations row as the API shows it (in its language's direction). */
  model(t: TranslationEntity, article: Pick<ArticleEntity, 'sourceRevision'>): TranslationModel {
    return translationModel(t, article, this.locales.direction(t.locale));
  }

  workModel(s: TaskState): TranslationModel {
    if (s.work?.kind === 'draft') return this.draftModel(s.work.draft, s.row, s.article);
    return this.model(s.work ? s.work.row : s.row!, s.article);
  }
}
