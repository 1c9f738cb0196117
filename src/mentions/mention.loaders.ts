import { Injectable } from '@nestjs/common';
import DataLoader from 'dataloader';
import { ArticleRepository, type ArticleView } from '../articles';
import type { RequestContext } from '../graphql/request-context';
import { type SectionEntity, SectionRepository } from '../sections';
import { WatchRepository } from './watch.repository';
import { MentionRepository, type Outlet } from './mention.repository';
import type { MentionSourceEntity } from './mention-source.entity';
import { MentionSourceRepository } from './mention-source.repository';
import type { WatchEntity } from './watch.entity';

/** Per-request batching of what mentions and watches point to. */
export class MentionLoaders {
  readonly watches: DataLoader<string, WatchEntity | null>;
  readonly sections: DataLoader<string, SectionEntity | null>;
  readonly articles: DataLoader<string, ArticleView | null>;
  readonly outlets: DataLoader<string, Outlet[]>;
  readonly counts: DataLoader<string, number>;
  readonly sources: DataLoader<string, MentionSourceEntity | null>;

  constructor(
    watches: WatchRepository,
    sections: SectionRepository,
    articles: ArticleRepository,
    mentions: MentionRepository,
    sources: MentionSourceRepository,
    locale: string,
  ) {
    this.watches = new DataLoader(async (ids) => {
      const all = await watches.listAll();
      return ids.map((id) => all.find((w) => w.id === id) ?? null);
    });
    this.sections = new DataLoader(async (ids) => {
      const rows = await sections.findByIds(ids);
      return ids.map((id) => rows.find((s) => s.id === id) ?? null);
    });
    this.articles = new DataLoader(async (ids) => {
      const rows = await articles.findByIds(ids);
      return ids.map((id) => {
        const row = rows.find((a) => a.id === id);
        return row ? { ...row, view: { locale, fallback: true } } : null;
      });
    });
    this.outlets = new DataLoader(async (storyIds) => {
      const rows = await mentions.outletsOfStories(storyIds);
      return storyIds.map((id) => rows.filter((o) => o.storyId === id));
    });
    this.counts = new DataLoader(async (ids) => {
      const counts = await watches.mentionCounts(ids);
      return ids.map((id) => counts.get(id) ?? 0);
    });
    this.sources = new DataLoader(async (ids) => {
      const rows = await sources.findByIds(ids);
      return ids.map((id) => rows.find((s) => s.id === id) ?? null);
    });
  }
}

/** Makes each request's MentionLoaders, so resolvers need not know the repositories behind them. */
@Injectable()
export class MentionLoaderFactory {
  constructor(
    private readonly watches: WatchRepository,
    private readonly sections: SectionRepository,
    private readonly articles: ArticleRepository,
    private readonly mentions: MentionRepository,
    private readonly sources: MentionSourceRepository,
  ) {}

  for(ctx: RequestContext): MentionLoaders {
    return ctx.loaders.get(() => new MentionLoaders(this.watches, this.sections, this.articles, this.mentions, this.sources, ctx.locale), MentionLoaders);
  }
}
