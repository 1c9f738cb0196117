import { Injectable, Logger } from '@nestjs/common';
import { QueryFailedError } from 'typeorm';
import { AppConfig } from '../config/app-config';
import { ArticleBatches, ArticleEvents, type Publication } from '../articles';
import type { ParsedFeed } from '../feed-reader/feed.types';
import { IngestRepository, LinkTarget } from './ingest.repository';
import { ItemLocaleService } from './item-locale.service';
import { normaliseFeed, NormalisedItem, SkipReason } from './normalise';
import { FeedSource } from '../feed-reader/feed-source';
import { SourceGoneError } from '../feed-reader/source-gone';
import type { FeedBatch } from '../feed-reader/parse/feed-batches';

export interface IngestTarget {
  sectionId: string;
  sectionDefaultLocale: string;
  /** Null for pushed documents. */
  feedId: string | null;
  /** The feed's registered (or previously detected) locale. */
  feedLocale: string | null;
  guidsUnstable: boolean;
}

export interface IngestReport {
  items: number;
  created: number;
  updated: number;
  unchanged: number;
  translations: number;
  skipped: Partial<Record<SkipReason | 'deleted', number>>;
  guidsUnstable: boolean;
  /** The locale most items were in (what the feed is "in"). */
  locale: string | null;
}

/** Articles a document created, and those whose original text it changed (for the translation desk). */
interface Touched {
  created: string[];
  changed: string[];
}

/** Items parsed per step of a large document (each step is then written in FEED_UPSERT_BATCH rows). */
const PARSE_BATCH = 500;

export interface DocumentIngest {
  report: IngestReport;
  /** The document's own fields (format, title, language, ttl), without items. */
  feed: ParsedFeed;
  /** Each item's date (published, else updated), for the adaptive schedule. */
  itemDates: (Date | null)[];
}

/** What one document's ingestion has done so far. */
class IngestRun {
  readonly report: IngestReport = { items: 0, created: 0, updated: 0, unchanged: 0, translations: 0, skipped: {}, guidsUnstable: false, locale: null };
  readonly touched: Touched = { created: [], changed: [] };
  readonly seen = new Set<string>();
  readonly locales = new Map<string, number>();

  constructor(
    readonly target: IngestTarget,
    readonly fetchedAt: Date,
  ) {}
}

export const linkIdentity = (url: string) => `link:${url}`;

/**
 * Turns a parsed feed into articles and translations of a section. Idempotent: the same document
 * ingested twice (two polls, a poll and a push, a retried job) changes nothing the second time.
 */
@Injectable()
export class IngestService {
  private readonly logger = new Logger(IngestService.name);

  constructor(
    private readonly repo: IngestRepository,
    private readonly articles: ArticleBatches,
    private readonly itemLocale: ItemLocaleService,
    private readonly config: AppConfig,
    private readonly articleEvents: ArticleEvents,
    private readonly source: FeedSource,
  ) {}

  /** One parsed document, written in batches (tests, benchmarks; feeds and pushes use ingestDocument). */
  async ingest(target: IngestTarget, feed: ParsedFeed, fetchedAt: Date): Promise<IngestReport> {
    const run = new IngestRun(target, fetchedAt);
    await this.untilGone(run, () => this.addBatch(run, feed));
    return this.finishRun(run);
  }

  /**
   * A fetched or pushed body, parsed as it is written: a few hundred items at a time go from the tokenizer
   * to the database, so the worker's memory follows the batch size, not the document's length. A document
   * longer than one batch is read through once first (guid stability needs the whole document, and a
   * malformed one must fail before anything is written). The caller stores the feed's validators (ETag,
   * body hash) only after this returns: a crash mid-document is retried in full, never answered by a 304.
   */
  async ingestDocument(target: IngestTarget, body: Buffer, meta: { contentType: string | null; baseUrl: string | null; fetchedAt: Date }): Promise<DocumentIngest> {
    const size = Math.max(PARSE_BATCH, this.config.feeds.upsertBatch);
    const batches = this.source.batches(body, meta, size);
    const first = batches.next();
    if (first.done) throw new Error('feedBatches yields at least one batch');
    let known = target.guidsUnstable;
    if (!first.value.last) known = this.source.scan(body, meta, size, known).guidsUnstable;
    const run = new IngestRun({ ...target, guidsUnstable: known }, meta.fetchedAt);
    const itemDates: (Date | null)[] = [];
    let feed = first.value.feed;
    await this.untilGone(run, async () => {
      for (let next: IteratorResult<FeedBatch> = first; !next.done; next = batches.next()) {
        feed = next.value.feed;
        for (const item of feed.items) itemDates.push(item.publishedAt ?? item.updatedAt);
        await this.addBatch(run, feed);
      }
    });
    return { report: await this.finishRun(run), feed: { ...feed, items: [] }, itemDates };
  }

  private async addBatch(run: IngestRun, feed: ParsedFeed): Promise<void> {
    const { target, report } = run;
    const normalised = normaliseFeed(feed, {
      fetchedAt: run.fetchedAt,
      guidsUnstable: target.guidsUnstable || report.guidsUnstable,
      localeOf: (item, text) => this.itemLocale.localeOf(item, feed, text, target.feedLocale, target.sectionDefaultLocale),
    });
    report.guidsUnstable ||= normalised.guidsUnstable;
    for (const [reason, n] of Object.entries(normalised.skipped) as [SkipReason, number][]) report.skipped[reason] = (report.skipped[reason] ?? 0) + n;
    // The first occurrence in the document wins, also across batches (feeds list newest first).
    const items = normalised.items.filter((i) => {
      if (!run.seen.has(i.identity)) {
        run.seen.add(i.identity);
        return true;
      }
      report.skipped.duplicateInFeed = (report.skipped.duplicateInFeed ?? 0) + 1;
      return false;
    });
    report.items += items.length;
    for (const i of items) run.locales.set(i.locale, (run.locales.get(i.locale) ?? 0) + 1);

    // Entries that name an earlier entry of the same batch as their other-language version are written
    // after the rest, so that the article they belong to exists by then (earlier batches are written already).
    const seenUrls = new Set<string>();
    const first: NormalisedItem[] = [];
    const later: NormalisedItem[] = [];
    for (const item of items) {
      (item.alternates.some((a) => seenUrls.has(a)) ? later : first).push(item);
      if (item.url) seenUrls.add(item.url);
    }
    const size = this.config.feeds.upsertBatch;
    for (const group of [first, later]) {
      for (let i = 0; i < group.length; i += size) {
        await this.writeBatch(target, group.slice(i, i + size), report, run.touched);
      }
    }
  }

  /** Runs the batches; when the feed was deleted meanwhile, what committed before is still announced, then the poll ends. */
  private async untilGone(run: IngestRun, work: () => Promise<void>): Promise<void> {
    try {
      await work();
    } catch (error) {
      if (error instanceof SourceGoneError) await this.articleEvents.announce(run.touched);
      throw error;
    }
  }

  private async finishRun(run: IngestRun): Promise<IngestReport> {
    run.report.locale = majority(run.locales);
    // After the commits: new articles have MISSING tasks, changed originals STALE ones (the desk listens).
    await this.articleEvents.announce(run.touched);
    return run.report;
  }

  /** Per committed batch: cached reads retired, and every text written (new or changed) told to `articlePublished` subscribers. */
  private announceShown(delta: { createdIds: string[]; changedIds: string[]; linkedIds: string[]; published: Publication[] }): Promise<void> {
    return this.articleEvents.announce({ created: [], changed: [], shown: [...delta.createdIds, ...delta.changedIds, ...delta.linkedIds], published: delta.published });
  }

  private async writeBatch(target: IngestTarget, batch: NormalisedItem[], report: IngestReport, touched: Touched): Promise<void> {
    for (let attempt = 1; ; attempt++) {
      const delta = { created: 0, updated: 0, unchanged: 0, translations: 0, deleted: 0, createdIds: [] as string[], changedIds: [] as string[], linkedIds: [] as string[], published: [] as Publication[] };
      try {
        await this.repo.transaction(async (m) => {
          // A feed deleted while it was being fetched gets nothing written (a batch already writing finishes first).
          if (target.feedId && !(await this.repo.holdFeed(m, target.feedId))) throw new SourceGoneError(`feed ${target.feedId}`);
          await this.repo.lockUrls(m, [...new Set(batch.flatMap((i) => [...(i.url ? [i.url] : []), ...i.alternates]))]);
          // Deleted by an editor: by identity, by canonical link, or (for a translation) by its original's link.
          const keys = batch.flatMap((i) => [i.identity, ...(i.url ? [linkIdentity(i.url)] : []), ...i.alternates.map(linkIdentity)]);
          const known = await this.repo.knownIdentities(m, target.sectionId, [...new Set(keys)], batch.flatMap((i) => (i.url ? [i.url] : [])));
          const dead = known.tombstoned;
          const alive = batch.filter((i) => {
            const gone =
              dead.has(i.identity) || (i.url !== null && dead.has(linkIdentity(i.url))) || i.alternates.some((a) => dead.has(linkIdentity(a)));
            if (gone) delta.deleted++;
            return !gone;
          });

          // Only entries that name other versions, or that an existing article names, can be translations.
          const mayLink = alive.some((i) => i.alternates.length > 0 || (i.url !== null && known.referenced.has(i.url)));
          const targets = mayLink
            ? await this.repo.linkTargets(m, target.sectionId, [...new Set(alive.flatMap((i) => [...i.alternates, ...(i.url ? [i.url] : [])]))])
            : [];
          const originals: NormalisedItem[] = [];
          const linked = new Map<string, { article: LinkTarget; item: NormalisedItem }>();
          for (const item of alive) {
            // An item that is already an article stays one: relinking it later would make two versions of
            // one story each other's translation.
            const article = known.existing.has(item.identity) ? null : translationOf(item, targets);
            if (!article) originals.push(item);
            // One translation per article and language (a batch may not touch a row twice).
            else if (!linked.has(`${article.id} ${item.locale}`)) linked.set(`${article.id} ${item.locale}`, { article, item });
          }

          const upserted = await this.articles.upsertArticles(m, target.sectionId, target.feedId, originals);
          const byIdentity = new Map(originals.map((i) => [i.identity, i]));
          for (const row of upserted) {
            if (row.inserted) {
              delta.created++;
              delta.createdIds.push(row.id);
            } else {
              delta.updated++;
              delta.changedIds.push(row.id);
            }
          }
          delta.unchanged += originals.length - upserted.length;
          // An update keeps the article's original language, whatever detection says this time.
          const asOriginals = upserted.map((row) => ({ articleId: row.id, item: { ...byIdentity.get(row.identity)!, locale: row.originalLocale }, isOriginal: true, sourceRevision: row.sourceRevision }));
          const originalsWritten = await this.articles.upsertTranslations(m, target.sectionId, asOriginals);
          const links = [...linked.values()];
          delta.linkedIds = links.map(({ article }) => article.id);
          const asTranslations = links.map(({ article, item }) => ({ articleId: article.id, item, isOriginal: false, sourceRevision: article.sourceRevision }));
          const translationsWritten = await this.articles.upsertTranslations(m, target.sectionId, asTranslations);
          delta.translations += translationsWritten.length;
          delta.published = [...originalsWritten, ...translationsWritten].map((p) => ({ ...p, sectionId: target.sectionId }));
        });
        report.created += delta.created;
        report.updated += delta.updated;
        report.unchanged += delta.unchanged;
        report.translations += delta.translations;
        touched.created.push(...delta.createdIds);
        touched.changed.push(...delta.changedIds);
        if (delta.deleted) report.skipped.deleted = (report.skipped.deleted ?? 0) + delta.deleted;
        // Committed: announced per batch, so cached reads are retired at once (the desk's tasks follow at the end of the run).
        if (delta.created || delta.updated || delta.translations) await this.announceShown(delta);
        return;
      } catch (error) {
        // Another writer took a slug between our check and our insert: the whole batch is tried again.
        const constraint = error instanceof QueryFailedError ? (error.driverError as { constraint?: string }).constraint : undefined;
        if (constraint !== 'translations_section_locale_slug_uq' || attempt >= 3) throw error;
        this.logger.debug(`slug clash, batch retried (attempt ${attempt + 1})`);
      }
    }
  }
}

/**
 * The article an entry is another-language version of: one whose canonical URL the entry lists as an
 * alternate, or one that lists the entry's link among its alternates; never the entry's own article, and
 * only when the languages differ.
 */
export function translationOf(item: NormalisedItem, targets: readonly LinkTarget[]): LinkTarget | null {
  for (const t of targets) {
    if (item.url && t.canonicalUrl === item.url) continue;
    const points = (t.canonicalUrl !== null && item.alternates.includes(t.canonicalUrl)) || (item.url !== null && t.alternateUrls.includes(item.url));
    if (points && t.originalLocale !== item.locale) return t;
  }
  return null;
}

function majority(counts: Map<string, number>): string | null {
  let best: string | null = null;
  for (const [v, n] of counts) if (best === null || n > counts.get(best)!) best = v;
  return best;
}
