import { Injectable, Logger } from '@nestjs/common';
import { ArticleEvents, type ArticlesChange } from '../articles';
import { AppConfig } from '../config/app-config';
import { FeedEvents, type FeedFailingEvent } from '../feeds';
import { Translator } from '../i18n/translator';
import { type NeededTask, type TaskChange, TranslationEvents, type TranslationTaskChangeEvent } from '../translations';
import { type ArticleSubject, SubjectReader } from './subject-reader';
import { WebhookDispatcher } from './webhook-dispatcher';
import type { WebhookEvent } from './webhook-events';

/** The desk's steps that webhooks announce (claims and releases are the desk's own business). */
const TASK_EVENTS: Partial<Record<TaskChange, WebhookEvent>> = {
  SUBMITTED: 'TRANSLATION_SUBMITTED',
  PUBLISHED: 'TRANSLATION_APPROVED',
  REJECTED: 'TRANSLATION_REJECTED',
};

/** The contract's article fields. */
const articleData = (s: ArticleSubject) => ({ id: s.id, section: s.section, locale: s.locale, title: s.title, url: s.url });

/**
 * Where webhooks hear of events: the ports the other domains already announce on, in the process that made
 * the change (so each occurrence is queued once, not once per API process). Each notice's key names the
 * occurrence (an article's language and version, a task's step, a feed's failed poll), so announcing it
 * again delivers nothing twice. Listeners never throw.
 */
@Injectable()
export class WebhookSources {
  private readonly logger = new Logger(WebhookSources.name);

  constructor(
    private readonly dispatcher: WebhookDispatcher,
    private readonly subjects: SubjectReader,
    private readonly translator: Translator,
    private readonly config: AppConfig,
    articles: ArticleEvents,
    translations: TranslationEvents,
    feeds: FeedEvents,
  ) {
    articles.listen({ articlesChanged: (change) => this.safely('articles', () => this.articlesChanged(change)) });
    translations.listen({
      wantsNeeded: async () => (await this.dispatcher.wanted()).has('TRANSLATION_NEEDED'),
      tasksNeeded: (tasks) => this.safely('translation tasks', () => this.tasksNeeded(tasks)),
      taskChanged: (event) => this.safely('a translation step', () => this.taskChanged(event)),
    });
    feeds.listen({ feedFailing: (event) => this.safely('a failing feed', () => this.feedFailing(event)) });
  }

  /**
   * Publications become ARTICLE_PUBLISHED, one per article, language and version of its text; changed
   * originals and metadata ARTICLE_UPDATED, one per article and change; deletions ARTICLE_DELETED.
   */
  private async articlesChanged(change: ArticlesChange): Promise<void> {
    const wanted = await this.dispatcher.wanted();
    if (change.deleted?.length && wanted.has('ARTICLE_DELETED')) {
      await this.dispatcher.announce(
        'ARTICLE_DELETED',
        change.deleted.map((d) => ({ key: d.articleId, data: { id: d.articleId, section: d.sectionSlug, locale: d.locale, title: d.title, url: d.url } })),
      );
    }
    const updated = new Set([...change.changed, ...(change.updated ?? [])]);
    if (change.published?.length && (wanted.has('ARTICLE_PUBLISHED') || wanted.has('ARTICLE_UPDATED'))) {
      const texts = await this.subjects.articles(change.published);
      if (wanted.has('ARTICLE_PUBLISHED')) await this.dispatcher.announce('ARTICLE_PUBLISHED', texts.map((s) => ({ key: `${s.id}:${s.locale}:${s.version}`, data: articleData(s) })));
      // An original published again (its version moved on) was edited: the desk announces no `changed`.
      for (const s of texts) if (s.isOriginal && s.version > 1) updated.add(s.id);
    }
    if (updated.size && wanted.has('ARTICLE_UPDATED')) {
      const originals = await this.subjects.originals([...updated]);
      await this.dispatcher.announce('ARTICLE_UPDATED', originals.map((s) => ({ key: `${s.id}:${s.version}`, data: articleData(s) })));
    }
  }

  private tasksNeeded(tasks: readonly NeededTask[]): Promise<void> {
    return this.dispatcher.announce(
      'TRANSLATION_NEEDED',
      tasks.map((t) => ({ key: `${t.articleId}:${t.locale}:${t.reason}:${t.sourceRevision}`, data: { articleId: t.articleId, locale: t.locale, reason: t.reason } })),
    );
  }

  private async taskChanged(e: TranslationTaskChangeEvent): Promise<void> {
    const event = TASK_EVENTS[e.change];
    if (!event) return;
    const data: Record<string, unknown> = { articleId: e.articleId, locale: e.locale, by: e.by };
    if (e.change === 'REJECTED') data.reason = 'REJECTED';
    await this.dispatcher.announce(event, [{ key: `${e.articleId}:${e.locale}:${e.version ?? 'step'}`, data }]);
  }

  private feedFailing(e: FeedFailingEvent): Promise<void> {
    const lastError = this.translator.t(this.config.defaultLocale, e.lastError.key, e.lastError.params ?? {});
    return this.dispatcher.announce('FEED_FAILING', [
      { key: `${e.feedId}:${e.failedAt.getTime()}`, data: { id: e.feedId, url: e.url, status: e.status, lastError } },
    ]);
  }

  /** A notice that cannot be prepared is logged: the change it tells of has committed. */
  private async safely(source: string, work: () => Promise<void>): Promise<void> {
    try {
      await work();
    } catch (error) {
      this.logger.warn(`could not prepare webhook deliveries for ${source}: ${error instanceof Error ? error.message : String(error)}`);
    }
  }
}
