import { Injectable, Logger } from '@nestjs/common';
import { ReadCache } from '../redis/read-cache';
import { RedisPubSub } from '../redis/redis-pubsub';
import { SectionRepository } from '../sections';

/** A translation that became visible to readers: a new original, an edited original, an approved or ingested translation. */
export interface Publication {
  articleId: string;
  locale: string;
  sectionId: string;
}

/** An article as it was when an editor deleted it: the row is gone by the time listeners hear of it. */
export interface ArticleRemoval {
  articleId: string;
  sectionId: string;
  sectionSlug: string;
  /** The original's language, title and URL (its canonical URL when it had one). */
  locale: string;
  title: string;
  url: string | null;
}

/**
 * Articles written in one go: new ones, existing ones whose original text changed (source_revision moved),
 * and others whose readable content changed otherwise (a translation published, saved or withdrawn,
 * translations ingested, metadata updated, the article deleted). `published`: the (article, locale) pairs
 * whose text readers now see, new or changed.
 */
export interface ArticlesChange {
  created: readonly string[];
  changed: readonly string[];
  shown?: readonly string[];
  published?: readonly Publication[];
  /** Articles whose metadata an editor changed (updateArticle: tags, authors, links, date): ARTICLE_UPDATED. */
  updated?: readonly string[];
  /** Articles an editor deleted (deleteArticle), as they were: ARTICLE_DELETED. */
  deleted?: readonly ArticleRemoval[];
}

/** Published on `articles:published` (every API process hears it): one per article and locale made visible. */
export interface ArticlePublishedEvent extends Publication {
  sectionSlug: string;
}

export const PUBLISHED_CHANNEL = 'articles:published';

/** Whoever wants to hear about changed articles (the translation desk turns them into tasks). */
export interface ArticlesListener {
  /** Must not throw: a lost notice must never undo a write that already committed. */
  articlesChanged(change: ArticlesChange): Promise<void>;
}

/**
 * Every writer of articles and translations announces here, after its transaction committed: the one
 * place where cached reads that show articles (in every API process, through Redis) are retired,
 * publications are told to `articlePublished` subscribers (through Redis, so also from the worker), then
 * listeners hear of it. So articles and ingestion name no listener, and the desk depends on articles,
 * never the other way.
 */
@Injectable()
export class ArticleEvents {
  private readonly logger = new Logger(ArticleEvents.name);
  private readonly listeners: ArticlesListener[] = [];

  constructor(
    private readonly readCache: ReadCache,
    private readonly pubsub: RedisPubSub,
    private readonly sections: SectionRepository,
  ) {}

  listen(listener: ArticlesListener): void {
    this.listeners.push(listener);
  }

  async announce(change: ArticlesChange): Promise<void> {
    if (!change.created.length && !change.changed.length && !change.shown?.length && !change.published?.length && !change.updated?.length && !change.deleted?.length) {
      return;
    }
    // Lists, articles, feeds and counts show articles; the desk's queue and coverage count them.
    await this.readCache.bump('articles', 'desk');
    if (change.published?.length) await this.tellSubscribers(change.published);
    for (const listener of this.listeners) await listener.articlesChanged(change);
  }

  /** `articlePublished`'s source: publications in `locale` and `section` (slug) when given, once Redis confirmed the subscription. */
  subscribe(locale: string | null, section: string | null): Promise<AsyncIterableIterator<ArticlePublishedEvent>> {
    return this.pubsub.iterate<ArticlePublishedEvent>(
      PUBLISHED_CHANNEL,
      (event) => (!locale || event.locale === locale) && (!section || event.sectionSlug === section),
    );
  }

  /** Never throws (the write committed); publishes nothing when no API process has a subscriber (bulk ingestion). */
  private async tellSubscribers(published: readonly Publication[]): Promise<void> {
    try {
      if (!(await this.pubsub.listened([PUBLISHED_CHANNEL])).size) return;
      const sections = await this.sections.findByIds([...new Set(published.map((p) => p.sectionId))]);
      const slugs = new Map(sections.map((s) => [s.id, s.slug]));
      for (const p of published) {
        const event: ArticlePublishedEvent = { articleId: p.articleId, locale: p.locale, sectionId: p.sectionId, sectionSlug: slugs.get(p.sectionId) ?? '' };
        await this.pubsub.publish(PUBLISHED_CHANNEL, event);
      }
    } catch (error) {
      this.logger.warn(`Could not announce a publication: ${error instanceof Error ? error.message : String(error)}`);
    }
  }
}
