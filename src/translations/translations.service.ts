import { Injectable } from '@nestjs/common';
import { DataSource, EntityManager, QueryFailedError } from 'typeorm';
import { ArticleEntity, ArticleRepository, ArticlesService, cleanTitle, type ArticleView, TranslationModel, slugify, uniqueSlug, TranslationEntity, type TranslationStatus, TranslationRepository } from '../articles';
import { isUuid } from '../common/text';
import { canWorkInLocale, canWriteSection, Principal } from '../common/principal';
import { ConnectionShape, toConnection } from '../common/connection';
import { CursorCodec, pageSize } from '../common/cursor';
import { badInput, conflict, forbidden, notFound, unauthenticated } from '../common/errors';
import { htmlToText, sanitizeBodyHtml } from '../common/html';
import { cleanOptionalText, cleanText } from '../common/text';
import { AppConfig } from '../config/app-config';
import { LocaleRegistry } from '../i18n/locale-registry';
import { SectionRepository, SectionsService } from '../sections';
import { LocaleCoverage, toCoverage } from './coverage';
import { ReviewDecision, TranslationInput } from './dto/translation.input';
import { TranslationTaskModel, SourceChangesModel, TextChangeKind } from './models/translation-task.model';
import { TranslationEventModel } from './models/translation-event.model';
import { TextFields, TranslationDeskRepository } from './translation-desk.repository';
import { TranslationDraftEntity } from './translation-draft.entity';
import { TaskReason, TranslationEvents } from './translation-events';
import { QueuePosition, QueueRow, TranslationQueueRepository } from './translation-queue.repository';
import { transition, TranslationState } from './transitions';
import { wordDiff } from './word-diff';

export const COMMENT_MAX = 2000;

const RETRIED_CONSTRAINTS = new Set(['translations_section_locale_slug_uq', 'translations_article_locale_uq', 'translation_drafts_pkey']);

/** The text being worked on for one (article, locale): a draft of a revision, or the unpublished translations row. */
type WorkCopy = { kind: 'draft'; draft: TranslationDraftEntity } | { kind: 'row'; row: TranslationEntity };

interface TaskState {
  article: ArticleEntity;
  /** The translations row of the locale (published or not), if any. */
  row: TranslationEntity | null;
  draft: TranslationDraftEntity | null;
  work: WorkCopy | null;
  state: TranslationState;
}

/** Changes a caller asked for, cleaned: NFC, trimmed, sanitised. */
interface CleanInput extends TextFields {
  slug: string | null;
}

@Injectable()
export class TranslationsService {
  private readonly cursors: CursorCodec;

  constructor(
    private readonly dataSource: DataSource,
    private readonly desk: TranslationDeskRepository,
    private readonly queue: TranslationQueueRepository,
    private readonly articles: ArticlesService,
    private readonly articleRepository: ArticleRepository,
    private readonly translations: TranslationRepository,
    private readonly sections: SectionsService,
    private readonly sectionRepository: SectionRepository,
    private readonly locales: LocaleRegistry,
    private readonly events: TranslationEvents,
    private readonly config: AppConfig,
  ) {
    this.cursors = new CursorCodec(config.cursorSecret);
  }

  // ---------------------------------------------------------------- claims

  /** Reserves the task for the caller (or renews the caller's claim) and starts the work copy. */
  async claim(articleId: string, locale: string, principal: Principal | null): Promise<TranslationModel> {
    const actor = this.translatorIn(principal, locale);
    return this.inTransaction(async (m) => {
      const s = await this.loadState(m, articleId, locale);
      if (s.row?.isOriginal) throw badInput('translations:errors.originalNotATask', { locale });
      const to = transition(s.state, 'CLAIM');
      await this.takeClaim(m, articleId, locale, actor);
      const model =
        s.state === 'NONE' || s.state === 'PUBLISHED'
          ? await this.startWork(m, s, locale, actor, null)
          : s.state === 'IN_PROGRESS'
            ? this.workModel(s)
            : await this.moveWork(m, s, to, actor);
      await this.desk.recordEvent(m, {
        articleId,
        locale,
        action: 'CLAIM',
        from: s.state === 'NONE' ? null : s.state,
        to,
        actorKeyId: actor.keyId,
        actorName: actor.name,
      });
      return model;
    });
  }

  /** Frees the task before the claim expires: the claimer, or an editor for anyone's claim. */
  async release(articleId: string, locale: string, principal: Principal | null): Promise<boolean> {
    const actor = this.translatorIn(principal, locale);
    const staff = actor.role === 'EDITOR' || actor.role === 'ADMIN';
    return this.dataSource.transaction(async (m) => {
      // Same lock order as every other operation: article, translation, draft, then the claim.
      const s = await this.loadState(m, articleId, locale);
      const released = await this.desk.release(m, articleId, locale, actor.keyId, staff);
      if (!released) {
        const other = await this.desk.liveClaim(m, articleId, locale);
        if (other && other.keyId !== actor.keyId) throw this.claimedBy(other);
        return false;
      }
      await this.desk.recordEvent(m, {
        articleId,
        locale,
        action: 'RELEASE',
        from: s.state === 'NONE' ? null : s.state,
        to: s.state === 'NONE' ? null : s.state,
        actorKeyId: actor.keyId,
        actorName: actor.name,
      });
      return true;
    });
  }

  // ---------------------------------------------------------------- writing

  /**
   * Saves the caller's text. On a translation: a draft (IN_PROGRESS) checked against `expectedVersion`,
   * claiming the task for the caller when it is free. On the original's locale: an edit of the original
   * (EDITOR or the section's PUBLISHER), published at once as a new source revision.
   */
  async save(
    articleId: string,
    locale: string,
    input: TranslationInput,
    expectedVersion: number | null | undefined,
    principal: Principal | null,
  ): Promise<TranslationModel> {
    if (!principal) throw unauthenticated();
    if (!isUuid(articleId)) throw badInput('errors:article.badId', { id: articleId });
    const original = await this.articleRepository.findById(articleId);
    if (!original) throw notFound('errors:article.notFound', { id: articleId });
    if (original.originalLocale === locale) return this.editOriginal(original, input, expectedVersion, principal);

    const actor = this.translatorIn(principal, locale);
    const text = await this.cleanInput(input, original);
    return this.inTransaction(async (m) => {
      const s = await this.loadState(m, articleId, locale);
      if (s.row?.isOriginal) throw badInput('translations:errors.originalNotATask', { locale });
      const to = transition(s.state, 'SAVE');
      await this.takeClaim(m, articleId, locale, actor);
      this.checkVersion(s, expectedVersion);
      const model =
        s.state === 'NONE' || (s.state === 'PUBLISHED' && !s.draft)
          ? await this.startWork(m, s, locale, actor, text)
          : await this.writeWork(m, s, expectedVersion as number, to, actor, text);
      await this.desk.recordEvent(m, {
        articleId,
        locale,
        action: 'SAVE',
        from: s.state === 'NONE' ? null : s.state,
        to,
        actorKeyId: actor.keyId,
        actorName: actor.name,
      });
      return model;
    });
  }

  /** Sends the work for review. */
  async submit(articleId: string, locale: string, expectedVersion: number, principal: Principal | null): Promise<TranslationModel> {
    const actor = this.translatorIn(principal, locale);
    return this.inTransaction(async (m) => {
      const s = await this.loadState(m, articleId, locale);
      if (s.row?.isOriginal) throw badInput('translations:errors.originalNotATask', { locale });
      const to = transition(s.state, 'SUBMIT');
      await this.takeClaim(m, articleId, locale, actor);
      this.checkVersion(s, expectedVersion);
      const model = await this.writeWork(m, s, expectedVersion, to, actor, null);
      await this.desk.recordEvent(m, { articleId, locale, action: 'SUBMIT', from: s.state, to, actorKeyId: actor.keyId, actorName: actor.name });
      return model;
    });
  }

  /** An editor's decision: APPROVE publishes the submitted text, REJECT sends it back with the comment. */
  async review(
    articleId: string,
    locale: string,
    decision: ReviewDecision,
    comment: string | null | undefined,
    principal: Principal | null,
  ): Promise<TranslationModel> {
    if (!principal) throw unauthenticated();
    const note = cleanOptionalText(comment);
    if (note && [...note].length > COMMENT_MAX) throw badInput('translations:errors.commentTooLong', { max: COMMENT_MAX });
    const { model, publishedIn } = await this.inTransaction(async (m) => {
      const s = await this.loadState(m, articleId, locale);
      if (s.row?.isOriginal) throw badInput('translations:errors.originalNotATask', { locale });
      const to = transition(s.state, decision);
      if (decision === ReviewDecision.APPROVE && (await this.desk.authorsSinceLastPublication(m, articleId, locale)).has(principal.keyId)) {
        throw forbidden('translations:errors.ownTranslation');
      }
      let result: TranslationModel;
      if (decision === ReviewDecision.APPROVE) {
        result = await this.publishWork(m, s);
        await this.desk.deleteClaim(m, articleId, locale);
      } else {
        result = await this.writeWork(m, s, this.workVersion(s), to, null, null);
      }
      await this.desk.recordEvent(m, {
        articleId,
        locale,
        action: decision,
        from: s.state,
        to,
        actorKeyId: principal.keyId,
        actorName: principal.name,
        comment: note,
      });
      return { model: result, publishedIn: decision === ReviewDecision.APPROVE ? s.article.sectionId : null };
    });
    if (publishedIn) {
      const section = await this.sectionRepository.findById(publishedIn);
      await this.events.articlePublished({ articleId, locale, sectionId: publishedIn, sectionSlug: section?.slug ?? '' });
    }
    return model;
  }

  async history(articleId: string, locale: string): Promise<TranslationEventModel[]> {
    if (!isUuid(articleId)) throw badInput('errors:article.badId', { id: articleId });
    const rows = await this.desk.history(this.dataSource.manager, articleId, locale);
    return rows.map((e) => ({ action: e.action, fromStatus: e.fromStatus, toStatus: e.toStatus, actor: e.actorName, comment: e.comment, at: e.createdAt }));
  }

  // ---------------------------------------------------------------- the queue and coverage

  async taskQueue(
    locale: string,
    sectionSlug: string | null | undefined,
    first: number | null | undefined,
    after: string | null | undefined,
    principal: Principal | null,
    viewLocale: string,
  ): Promise<ConnectionShape<TranslationTaskModel>> {
    this.translatorIn(principal, locale);
    const size = pageSize(first);
    const position = this.cursors.decodeKeyset('translation-task', after) as QueuePosition | null;
    const sectionId = sectionSlug ? (await this.sections.require(sectionSlug)).id : undefined;
    const filter = { locale, sectionId };
    const [rows, totalCount] = await Promise.all([this.queue.page(filter, position, size + 1), this.queue.count(filter)]);
    const tasks = await this.buildTasks(locale, rows, viewLocale);
    const connection = toConnection(
      rows.map((row, i) => ({ row, task: tasks[i] })),
      size,
      totalCount,
      ({ row }) => this.cursors.encode('translation-task', row.position),
    );
    return { ...connection, edges: connection.edges.map((e) => ({ cursor: e.cursor, node: e.node.task })) };
  }

  /**
   * The task of one article in one locale (for subscriptions). When it stopped being a task before the
   * event was delivered, it is described as it was announced (`reason`).
   */
  async taskFor(articleId: string, locale: string, viewLocale: string, reason: TaskReason): Promise<TranslationTaskModel> {
    const rows = await this.queue.page({ locale, articleId }, null, 1);
    const row: QueueRow = rows[0] ?? { articleId, reason, position: ['', articleId] };
    return (await this.buildTasks(locale, [row], viewLocale))[0];
  }

  async coverage(sectionSlug: string | null | undefined): Promise<LocaleCoverage[]> {
    const sectionId = sectionSlug ? (await this.sections.require(sectionSlug)).id : null;
    const rows = await this.queue.coverage(this.locales.codes, sectionId);
    return rows.map(({ locale, ...counts }) => toCoverage(locale, counts));
  }

  /** A translator scoped to `locale`, an editor or an admin; FORBIDDEN otherwise. */
  translatorIn(principal: Principal | null, locale: string): Principal {
    if (!principal) throw unauthenticated();
    if (!canWorkInLocale(principal, locale)) {
      throw principal.role === 'TRANSLATOR' ? forbidden('errors:auth.localeScope', { locale }) : forbidden();
    }
    return principal;
  }

  // ---------------------------------------------------------------- internals

  private async buildTasks(locale: string, rows: QueueRow[], viewLocale: string): Promise<TranslationTaskModel[]> {
    const ids = rows.map((r) => r.articleId);
    const [articles, all, drafts, claims, comments] = await Promise.all([
      this.articleRepository.findByIds(ids),
      this.translations.findByArticleIds(ids),
      this.queue.drafts(locale, ids),
      this.queue.liveClaims(locale, ids),
      this.queue.rejectionComments(locale, ids),
    ]);
    const byId = new Map(articles.map((a) => [a.id, a]));
    const translationsOf = new Map<string, TranslationEntity[]>();
    for (const t of all) translationsOf.set(t.articleId, [...(translationsOf.get(t.articleId) ?? []), t]);

    const staleRows = rows
      .map((r) => ({ article: byId.get(r.articleId)!, target: translationsOf.get(r.articleId)?.find((t) => t.locale === locale) }))
      .filter(({ article, target }) => target && target.status === 'PUBLISHED' && target.sourceRevision < article.sourceRevision);
    const snapshots = await this.queue.revisions(staleRows.map(({ article, target }) => ({ articleId: article.id, revision: target!.sourceRevision })));

    return rows.map((r) => {
      const article = byId.get(r.articleId)!;
      const list = translationsOf.get(r.articleId) ?? [];
      const target = list.find((t) => t.locale === locale) ?? null;
      const draft = drafts.get(r.articleId) ?? null;
      const source = this.sourceOf(list, locale) ?? target!;
      const original = list.find((t) => t.isOriginal) ?? null;
      const claim = claims.get(r.articleId);
      const current = draft ? this.draftModel(draft, target, article) : target ? this.articles.toModel(target, article) : null;
      let sourceChanges: SourceChangesModel | null = null;
      if (target && target.status === 'PUBLISHED' && target.sourceRevision < article.sourceRevision && original) {
        const before = snapshots.get(`${article.id}:${target.sourceRevision}`);
        if (before) sourceChanges = this.changes(before, original, target.sourceRevision, article.sourceRevision, article.originalLocale);
      }
      const view: ArticleView = { ...article, view: { locale: viewLocale, fallback: true } };
      return {
        article: view,
        locale,
        reason: r.reason,
        source: this.articles.toModel(source, article),
        claimedBy: claim?.claimerName ?? null,
        claimExpiresAt: claim?.expiresAt ?? null,
        translation: current,
        status: draft ? (draft.status as TranslationTaskModel['status']) : target && target.status !== 'PUBLISHED' ? (target.status as TranslationTaskModel['status']) : null,
        sourceChanges,
        reviewComment: r.reason === 'REJECTED' ? (comments.get(r.articleId) ?? null) : null,
      };
    });
  }

  /** The text to translate from: the original, else the freshest published translation in another locale. */
  private sourceOf(list: TranslationEntity[], locale: string): TranslationEntity | null {
    const published = list.filter((t) => t.status === 'PUBLISHED' && t.locale !== locale);
    published.sort(
      (a, b) => Number(b.isOriginal) - Number(a.isOriginal) || b.sourceRevision - a.sourceRevision || b.updatedAt.getTime() - a.updatedAt.getTime(),
    );
    return published[0] ?? null;
  }

  private changes(
    before: TextFields,
    now: TextFields,
    fromRevision: number,
    toRevision: number,
    locale: string,
  ): SourceChangesModel {
    const diff = (a: string | null, b: string | null) => wordDiff(a, b, locale).map((c) => ({ kind: c.kind as TextChangeKind, text: c.text }));
    return {
      fromRevision,
      toRevision,
      title: diff(before.title, now.title),
      summary: diff(before.summary, now.summary),
      body: diff(before.bodyHtml ? htmlToText(before.bodyHtml) : null, now.bodyHtml ? htmlToText(now.bodyHtml) : null),
    };
  }

  private async requireArticle(m: EntityManager, articleId: string): Promise<ArticleEntity> {
    if (!isUuid(articleId)) throw badInput('errors:article.badId', { id: articleId });
    const article = await this.desk.lockArticle(m, articleId);
    if (!article) throw notFound('errors:article.notFound', { id: articleId });
    return article;
  }

  /** Locks the article (shared), its row and draft in the locale, and works out the current state. */
  private async loadState(m: EntityManager, articleId: string, locale: string): Promise<TaskState> {
    const article = await this.requireArticle(m, articleId);
    const row = await this.desk.lockTranslation(m, articleId, locale);
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

  /** Takes or renews the claim for `actor`; CONFLICT naming the claimer when someone else holds it. */
  private async takeClaim(m: EntityManager, articleId: string, locale: string, actor: Principal): Promise<void> {
    const attempt = await this.desk.claim(m, articleId, locale, actor.keyId, actor.name, this.config.translationClaimHours);
    if (!attempt.won && attempt.claim) throw this.claimedBy(attempt.claim);
  }

  private claimedBy(claim: { claimerName: string; expiresAt: Date }) {
    return conflict(
      'translations:errors.claimed',
      { name: claim.claimerName, until: new Date(claim.expiresAt) },
      { claimedBy: claim.claimerName, claimExpiresAt: new Date(claim.expiresAt).toISOString() },
    );
  }

  /** `expectedVersion` must be the version of the text being changed (the work copy, else the published one). */
  private checkVersion(s: TaskState, expectedVersion: number | null | undefined): void {
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

  private workVersion(s: TaskState): number {
    if (!s.work) return s.row?.version ?? 0;
    return s.work.kind === 'draft' ? s.work.draft.version : s.work.row.version;
  }

  /**
   * Starts work where there is none: a new translations row (nothing published yet) or a draft beside the
   * published translation (a revision; readers keep the published text). Seeded with `text`, else with
   * the text it is made from (the source for a new translation, the published text for a revision).
   */
  private async startWork(m: EntityManager, s: TaskState, locale: string, actor: Principal, text: CleanInput | null): Promise<TranslationModel> {
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
    const source = this.sourceOf(all, locale);
    const seed = text ?? { title: source?.title ?? '-', summary: source?.summary ?? null, bodyHtml: source?.bodyHtml ?? null, slug: null };
    const row = await this.articles.insertTranslation(m, s.article, {
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
    return this.articles.toModel(row, s.article);
  }

  /** Changes the status of the work copy (claim after rejection, a draft picked up) without new text. */
  private async moveWork(m: EntityManager, s: TaskState, to: TranslationStatus, actor: Principal): Promise<TranslationModel> {
    return this.writeWork(m, s, this.workVersion(s), to, actor, null);
  }

  /** Writes the work copy at `expectedVersion` (text and/or status); CONFLICT if it moved on meanwhile. */
  private async writeWork(
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
      const base = slugify(text.slug ?? text.title, row.slug);
      const taken = await this.translations.takenSlugs(row.sectionId, row.locale, base, m);
      taken.delete(row.slug);
      slug = uniqueSlug(base, taken);
    }
    const updated = await this.desk.updateTranslationRow(m, row.id, expectedVersion, {
      ...(text ? { title: text.title, summary: text.summary, bodyHtml: text.bodyHtml, slug } : {}),
      status: to,
      translatedBy,
      ...(text ? { sourceRevision: s.article.sourceRevision } : {}),
    });
    if (!updated) throw this.versionConflict(expectedVersion, row.version);
    return this.articles.toModel(updated, s.article);
  }

  /** Approval: the work copy becomes the published translation, made from the article's current revision. */
  private async publishWork(m: EntityManager, s: TaskState): Promise<TranslationModel> {
    const work = s.work!;
    if (work.kind === 'row') {
      const updated = await this.desk.updateTranslationRow(m, work.row.id, work.row.version, {
        status: 'PUBLISHED',
        sourceRevision: s.article.sourceRevision,
      });
      if (!updated) throw this.versionConflict(work.row.version, work.row.version);
      return this.articles.toModel(updated, s.article);
    }
    const row = s.row!;
    let slug = row.slug;
    if (work.draft.slug && work.draft.slug !== row.slug) {
      const taken = await this.translations.takenSlugs(row.sectionId, row.locale, work.draft.slug, m);
      taken.delete(row.slug);
      slug = uniqueSlug(work.draft.slug, taken);
    }
    const updated = await this.desk.publishText(m, row.id, {
      title: work.draft.title,
      summary: work.draft.summary,
      bodyHtml: work.draft.bodyHtml,
      slug,
      version: work.draft.version + 1,
      sourceRevision: s.article.sourceRevision,
      translatedBy: work.draft.translatedBy,
    });
    await this.desk.deleteDraft(m, s.article.id, row.locale);
    return this.articles.toModel(updated, s.article);
  }

  private versionConflict(expected: number, current: number) {
    return conflict('translations:errors.versionConflict', { expected, current }, { currentVersion: current });
  }

  /** An edit of the original: EDITOR/ADMIN or the section's PUBLISHER; a new source revision when the text changed. */
  private async editOriginal(
    article: ArticleEntity,
    input: TranslationInput,
    expectedVersion: number | null | undefined,
    principal: Principal,
  ): Promise<TranslationModel> {
    if (!canWriteSection(principal, article.sectionId)) throw forbidden('translations:errors.originalEditors');
    const text = await this.cleanInput(input, article);
    let changed = false;
    const model = await this.inTransaction(async (m) => {
      const locked = (await this.desk.lockArticleForUpdate(m, article.id))!;
      const row = await this.desk.lockTranslation(m, article.id, article.originalLocale);
      if (!row) throw notFound('errors:article.notFound', { id: article.id });
      if (expectedVersion === null || expectedVersion === undefined) {
        throw conflict('translations:errors.versionRequired', { current: row.version }, { currentVersion: row.version });
      }
      if (expectedVersion !== row.version) throw this.versionConflict(expectedVersion, row.version);
      changed = row.title !== text.title || row.summary !== text.summary || row.bodyHtml !== text.bodyHtml;
      const revision = changed ? await this.desk.bumpSourceRevision(m, article.id) : locked.sourceRevision;
      let slug: string | undefined;
      if (text.slug && text.slug !== row.slug) {
        const taken = await this.translations.takenSlugs(row.sectionId, row.locale, text.slug, m);
        taken.delete(row.slug);
        slug = uniqueSlug(text.slug, taken);
      }
      const updated = await this.desk.updateTranslationRow(m, row.id, expectedVersion, {
        title: text.title,
        summary: text.summary,
        bodyHtml: text.bodyHtml,
        slug,
        status: 'PUBLISHED',
        sourceRevision: revision,
      });
      if (!updated) throw this.versionConflict(expectedVersion, row.version);
      await this.desk.recordEvent(m, {
        articleId: article.id,
        locale: row.locale,
        action: 'EDIT_ORIGINAL',
        from: 'PUBLISHED',
        to: 'PUBLISHED',
        actorKeyId: principal.keyId,
        actorName: principal.name,
        comment: changed ? `revision ${revision}` : null,
      });
      return this.articles.toModel(updated, { ...locked, sourceRevision: revision });
    });
    if (changed) await this.events.originalChanged(article.id);
    return model;
  }

  private async cleanInput(input: TranslationInput, article: ArticleEntity): Promise<CleanInput> {
    const title = cleanTitle(input.title);
    const section = await this.sectionRepository.findById(article.sectionId);
    const bodyHtml = input.bodyHtml ? sanitizeBodyHtml(input.bodyHtml, article.canonicalUrl ?? section?.homepage) : null;
    const slug = input.slug && cleanText(input.slug) ? slugify(cleanText(input.slug), '') || null : null;
    return { title, summary: cleanOptionalText(input.summary), bodyHtml: bodyHtml || null, slug };
  }

  private draftModel(draft: TranslationDraftEntity, row: TranslationEntity | null, article: ArticleEntity): TranslationModel {
    return this.articles.toModel(
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
      } as TranslationEntity,
      article,
    );
  }

  private workModel(s: TaskState): TranslationModel {
    if (s.work?.kind === 'draft') return this.draftModel(s.work.draft, s.row, s.article);
    return this.articles.toModel(s.work ? s.work.row : s.row!, s.article);
  }

  /** A transaction, run again on the unique violations that a concurrent insert can cause. */
  private async inTransaction<T>(work: (m: EntityManager) => Promise<T>): Promise<T> {
    for (let attempt = 1; ; attempt++) {
      try {
        return await this.dataSource.transaction(work);
      } catch (error) {
        // A slug taken meanwhile, or the same caller's double click creating the row (or the revision
        // draft) twice: run again; the second run sees the committed row and decides from it.
        const constraint = error instanceof QueryFailedError ? (error.driverError as { constraint?: string }).constraint : undefined;
        const retry = constraint !== undefined && RETRIED_CONSTRAINTS.has(constraint);
        if (!retry || attempt >= 3) throw error;
      }
    }
  }
}

export type { TaskReason };
