import { Injectable } from '@nestjs/common';

/** Articles written in one go: new ones, and existing ones whose original text changed (source_revision moved). */
export interface ArticlesChange {
  created: readonly string[];
  changed: readonly string[];
}

/** Whoever wants to hear about changed articles (the translation desk turns them into tasks). */
export interface ArticlesListener {
  /** Must not throw: a lost notice must never undo a write that already committed. */
  articlesChanged(change: ArticlesChange): Promise<void>;
}

/**
 * Articles announce their changes here, after the transaction committed; listeners register themselves.
 * So articles and ingestion name no listener, and the desk depends on articles, never the other way.
 */
@Injectable()
export class ArticleEvents {
  private readonly listeners: ArticlesListener[] = [];

  listen(listener: ArticlesListener): void {
    this.listeners.push(listener);
  }

  async announce(change: ArticlesChange): Promise<void> {
    if (!change.created.length && !change.changed.length) return;
    for (const listener of this.listeners) await listener.articlesChanged(change);
  }
}
