import { Injectable } from '@nestjs/common';
import { ArticleRepository, type ArticleView, type TextFields, TranslationEntity, TranslationRepository } from '../articles';
import { ConnectionShape, toConnection } from '../common/connection';
import { CursorCodec, pageSize } from '../common/cursor';
import { htmlToText } from '../common/html';
import type { Principal } from '../common/principal';
import { AppConfig } from '../config/app-config';
import { LocaleRegistry } from '../i18n/locale-registry';
import { SectionsService } from '../sections';
import { LocaleCoverage, toCoverage } from './coverage';
import { SourceChangesModel, TextChangeKind, TranslationTaskModel } from './models/translation-task.model';
import type { TaskReason } from './translation-events';
import { QueueRow, ReviewPosition, ReviewRow, TranslationQueueRepository } from './translation-queue.repository';
import { isUuid } from '../common/text';
import { translatorIn } from './translator-scope';
import { sourceOf, WorkCopies } from './work-copy';
import { wordDiff } from './word-diff';
import { ReadCache } from '../redis/read-cache';

const isReviewPosition = (p: unknown[]): boolean =>
  p.length === 3 && typeof p[0] === 'string' && typeof p[1] === 'string' && isUuid(p[1]) && typeof p[2] === 'string';

/** The desk's lists: the task queue of a locale, one task (for subscriptions), and coverage per locale. */
@Injectable()
export class TranslationQueueService {
  private readonly cursors: CursorCodec;

  constructor(
    private readonly queue: TranslationQueueRepository,
    private readonly work: WorkCopies,
    private readonly articleRepository: ArticleRepository,
    private readonly translations: TranslationRepository,
    private readonly sections: SectionsService,
    private readonly locales: LocaleRegistry,
    config: AppConfig,
    private readonly readCache: ReadCache,
  ) {
    this.cursors = new CursorCodec(config.cursorSecret);
  }

  async taskQueue(
    locale: string,
    sectionSlug: string | null | undefined,
    first: number | null | undefined,
    after: string | null | undefined,
    principal: Principal | null,
    viewLocale: string,
  ): Promise<ConnectionShape<TranslationTaskModel>> {
    translatorIn(principal, locale);
    const size = pageSize(first);
    const position = this.cursors.decodeKeyset('translation-task', after);
    const sectionId = sectionSlug ? (await this.sections.require(sectionSlug)).id : undefined;
    const filter = { locale, sectionId };
    const rows = await this.queue.page(filter, position, size + 1);
    // Counted only when asked for, then once per version of the articles and the desk.
    const totalCount = () => this.readCache.count(['articles', 'desk'], `queue:count:${JSON.stringify(filter)}`, () => this.queue.count(filter));
    const tasks = await this.buildTasks(locale, rows, viewLocale);
    const connection = toConnection(
      rows.map((row, i) => ({ row, task: tasks[i] })),
      size,
      totalCount,
      ({ row }) => this.cursors.encode('translation-task', row.position),
    );
    return { ...connection, edges: connection.edges.map((e) => ({ cursor: e.cursor, node: e.node.task })) };
  }

  /** Submitted work for an editor (every locale unless one is given), oldest submission first. */
  async reviewQueue(
    locale: string | null,
    sectionSlug: string | null | undefined,
    first: number | null | undefined,
    after: string | null | undefined,
    viewLocale: string,
  ): Promise<ConnectionShape<TranslationTaskModel>> {
    const size = pageSize(first);
    const position = after ? (this.cursors.decode('review-task', after, isReviewPosition) as ReviewPosition) : null;
    const sectionId = sectionSlug ? (await this.sections.require(sectionSlug)).id : undefined;
    const filter = { locale, sectionId };
    const rows = await this.queue.reviewPage(filter, position, size + 1);
    const totalCount = () => this.readCache.count(['articles', 'desk'], `review:count:${JSON.stringify(filter)}`, () => this.queue.reviewCount(filter));
    // Tasks are built per locale (one batch of reads each), then put back in the page's order.
    const built = new Map<ReviewRow, TranslationTaskModel>();
    const page = rows.slice(0, size);
    for (const code of new Set(page.map((r) => r.locale))) {
      const group = page.filter((r) => r.locale === code);
      const tasks = await this.buildTasks(code, group.map((r) => ({ articleId: r.articleId, reason: r.reason, position: ['', r.articleId] })), viewLocale);
      group.forEach((r, i) => built.set(r, tasks[i]));
    }
    const connection = toConnection(rows, size, totalCount, (row) => this.cursors.encode('review-task', row.position));
    return { ...connection, edges: connection.edges.map((e) => ({ cursor: e.cursor, node: built.get(e.node)! })) };
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
    const codes = this.locales.codes;
    const rows = await this.readCache.count(['articles', 'desk'], `coverage:${codes.join(',')}:${sectionId}`, () =>
      this.queue.coverage(codes, sectionId),
    );
    return rows.map(({ locale, ...counts }) => toCoverage(locale, counts));
  }

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
      const source = sourceOf(list, locale) ?? target!;
      const original = list.find((t) => t.isOriginal) ?? null;
      const claim = claims.get(r.articleId);
      const current = draft ? this.work.draftModel(draft, target, article) : target ? this.work.model(target, article) : null;
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
        source: this.work.model(source, article),
        claimedBy: claim?.claimerName ?? null,
        claimExpiresAt: claim?.expiresAt ?? null,
        translation: current,
        status: draft ? (draft.status as TranslationTaskModel['status']) : target && target.status !== 'PUBLISHED' ? (target.status as TranslationTaskModel['status']) : null,
        sourceChanges,
        reviewComment: r.reason === 'REJECTED' ? (comments.get(r.articleId) ?? null) : null,
      };
    });
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
}
