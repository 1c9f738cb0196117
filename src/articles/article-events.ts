import { Injectable } from '@nestjs/common';
import { ReadCache } from '../redis/read-cache';

/**
 * Articles written in one go: new ones, existing ones whose original text changed (source_revision moved),
 * and others whose readable content changed otherwise (a translation published, saved or withdrawn,
 * translations ingested, metadata updated, the article deleted).
 */
export interface ArticlesChange {
  created: readonly string[];
  changed: readonly string[];
  shown?: readonly string[];
}

/** Whoever wants to hear about changed articles (the translation desk turns them into tasks). */
export interface ArticlesListener {
  /** Must not throw: a lost notice must never undo a write that already committed. */
  articlesChanged(change: ArticlesChange): Promise<void>;
}

/**
 * Every writer of articles and translations announces here, after its transaction committed: the one
 * place where cached reads that show articles (in every API process, through Redis) are retired, then
 * listeners hear of it. So articles and ingestion name no listener, and the desk depends on articles,
 * never the other way.
 */
@Injectable()
export class ArticleEvents {
  private readonly listeners: ArticlesListener[] = [];

  constructor(private readonly readCache: ReadCache) {}

  listen(listener: ArticlesListener): void {
    this.listeners.push(listener);
  }

  async announce(change: ArticlesChange): Promise<void> {
    if (!change.created.length && !change.changed.length && !change.shown?.length) return;
    // Lists, articles, feeds and counts show articles; the desk's queue and coverage count them.
    await this.readCache.bump('articles', 'desk');
    for (const listener of this.listeners) await listener.articlesChanged(change);
  }
}
