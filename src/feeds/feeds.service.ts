import { InjectQueue } from '@nestjs/bullmq';
import { Injectable, Logger } from '@nestjs/common';
import type { Queue } from 'bullmq';
import { isUuid } from '../common/text';
import { hasRole, type Principal } from '../common/principal';
import { badInput, conflict, forbidden, notFound, unauthenticated } from '../common/errors';
import { AppConfig } from '../config/app-config';
import { LocaleRegistry } from '../i18n/locale-registry';
import { SectionsService } from '../sections';
import { Translator } from '../i18n/translator';
import { FeedEntity, FeedStatus } from './feed.entity';
import { FeedRepository } from './feed.repository';
import { canonicalLink } from '../feed-reader/identity';
import { IngestRepository } from './ingest.repository';
import { linkIdentity } from './ingest.service';
import { withRequestId } from '../common/request-id';
import { FEEDS_QUEUE, FeedJobs, INGEST_JOB_OPTIONS, pollJobId } from './jobs/feed-jobs';
import { FeedStatusEnum } from '../feed-reader/feed-status.model';
import { FeedModel, FeedFormatEnum, IngestJobModel } from './models/feed.model';
import { OpmlError, parseOpml } from './opml';
import { DEFAULT_INTERVAL, feedUrl } from './feed-url';
import { enqueueOrFail } from './queue-errors';
import { RegisterFeedInput } from './dto/register-feed.input';
import { UpdateFeedInput } from './dto/update-feed.input';
import { ArticleEvents } from '../articles';

/** A feed as the API shows it (with what the field resolvers need). */
export type FeedView = FeedModel & { sectionId: string; lastErrorMessage: FeedEntity['lastError'] };

@Injectable()
export class FeedsService {
  private readonly logger = new Logger(FeedsService.name);

  constructor(
    private readonly feeds: FeedRepository,
    private readonly ingest: IngestRepository,
    private readonly sections: SectionsService,
    private readonly locales: LocaleRegistry,
    private readonly translator: Translator,
    private readonly config: AppConfig,
    @InjectQueue(FEEDS_QUEUE) private readonly queue: Queue,
    private readonly articleEvents: ArticleEvents,
  ) {
    // While Redis is down the queue reports connection errors: logged once here, not thrown at anyone.
    this.queue.on('error', (error: Error) => this.logger.warn(`feeds queue: ${error.message}`));
  }

  async register(input: RegisterFeedInput): Promise<FeedView> {
    const section = await this.sections.require(input.section);
    const url = feedUrl(input.url);
    const locale = input.locale ? this.locales.require(input.locale) : null;
    const interval = this.interval(input.pollIntervalMinutes);
    const [result] = await this.feeds.insertMany([{ sectionId: section.id, url, locale, ...interval }]);
    if (!result.created) throw conflict('ingest:feed.alreadyRegistered', { url, section: section.slug });
    return this.view(result.feed);
  }

  /** Registers every feed of an OPML file; all URLs are checked first, so a bad file stores nothing. */
  async importOpml(sectionSlug: string, opml: string): Promise<FeedView[]> {
    const section = await this.sections.require(sectionSlug);
    let outlines;
    try {
      outlines = parseOpml(opml);
    } catch (error) {
      if (error instanceof OpmlError) throw badInput(error.key, error.params);
      throw badInput('ingest:opml.malformed');
    }
    const rows = outlines.map((o) => ({
      sectionId: section.id,
      url: feedUrl(o.url),
      locale: o.language ? this.locales.resolve(o.language) : null,
      ...this.interval(null),
    }));
    const unique = [...new Map(rows.map((r) => [r.url, r])).values()];
    const results = await this.ingest.transaction((m) => this.feeds.insertMany(unique, m));
    return results.map((r) => this.view(r.feed));
  }

  async list(sectionSlug?: string | null, status?: FeedStatusEnum | null): Promise<FeedView[]> {
    const section = sectionSlug ? await this.sections.require(sectionSlug) : null;
    const rows = await this.feeds.listFiltered({ sectionId: section?.id, status: status ?? undefined });
    return rows.map((f) => this.view(f));
  }

  async forSections(sectionIds: readonly string[]): Promise<Map<string, FeedView[]>> {
    const rows = await this.feeds.findBySectionIds(sectionIds);
    const out = new Map<string, FeedView[]>();
    for (const f of rows) out.set(f.sectionId, [...(out.get(f.sectionId) ?? []), this.view(f)]);
    return out;
  }

  async pause(id: string): Promise<FeedView> {
    await this.require(id);
    return this.view((await this.feeds.setStatus(id, 'PAUSED', false))!);
  }

  /** Back to ACTIVE (also from DISABLED), failures cleared, due now. */
  async resume(id: string): Promise<FeedView> {
    await this.require(id);
    return this.view((await this.feeds.setStatus(id, 'ACTIVE', true))!);
  }

  /** Changes a feed's locale and interval by registerFeed's rules: an absent field stays, null clears (detected / adaptive again). */
  async update(id: string, input: UpdateFeedInput): Promise<FeedView> {
    await this.require(id);
    const change: { locale?: string | null; pollIntervalMinutes?: number | null } = {};
    if (input.locale !== undefined) change.locale = input.locale === null ? null : this.locales.require(input.locale);
    if (input.pollIntervalMinutes !== undefined) {
      change.pollIntervalMinutes = input.pollIntervalMinutes === null ? null : this.interval(input.pollIntervalMinutes).pollIntervalMinutes;
    }
    const updated = await this.feeds.updateSettings(id, change);
    if (!updated) throw notFound('ingest:feed.notFound', { id });
    return this.view(updated);
  }

  /** Deletes a feed; its articles stay. A poll in flight writes nothing more (see FeedRepository.delete). */
  async delete(id: string): Promise<boolean> {
    await this.require(id);
    if (!(await this.feeds.delete(id))) throw notFound('ingest:feed.notFound', { id });
    return true;
  }

  /** Polls now (also a paused or disabled feed, once); the job's id and state. */
  async refresh(id: string): Promise<IngestJobModel> {
    const feed = await this.require(id);
    const data: FeedJobs['poll'] = { feedId: feed.id, manual: true };
    const job = await enqueueOrFail(() => this.queue.add('poll', withRequestId(data), { ...INGEST_JOB_OPTIONS, jobId: pollJobId(feed.id, Date.now()) }));
    const state = await enqueueOrFail(() => job.getState()).catch(() => 'waiting');
    return { id: job.id!, state };
  }

  /** Deletes an article for good: its identity is tombstoned so no poll or push brings it back. */
  async deleteArticle(id: string, principal: Principal | null): Promise<boolean> {
    if (!principal) throw unauthenticated();
    if (!hasRole(principal, ['EDITOR'])) throw forbidden();
    if (!isUuid(id)) throw badInput('errors:article.badId', { id });
    const deleted = await this.ingest.deleteWithTombstone(id, principal.name, (url) => {
      const link = canonicalLink(url);
      return link ? linkIdentity(link) : null;
    });
    if (!deleted) throw notFound('errors:article.notFound', { id });
    await this.articleEvents.announce({ created: [], changed: [], shown: [id], deleted: [deleted] });
    return true;
  }

  lastErrorText(feed: FeedView, locale: string): string | null {
    const e = feed.lastErrorMessage;
    return e ? this.translator.t(locale, e.key, e.params ?? {}) : null;
  }

  view(f: FeedEntity): FeedView {
    const paused = f.status === 'PAUSED' || f.status === 'DISABLED';
    return {
      id: f.id,
      sectionId: f.sectionId,
      url: f.url,
      format: (f.format as FeedFormatEnum | null) ?? null,
      locale: f.locale,
      status: f.status as FeedStatusEnum,
      pollIntervalMinutes: f.pollIntervalMinutes,
      lastFetchedAt: f.lastFetchedAt,
      lastSuccessAt: f.lastSuccessAt,
      nextFetchAt: paused ? null : f.nextFetchAt,
      consecutiveFailures: f.consecutiveFailures,
      itemCount: f.itemCount,
      lastErrorMessage: f.lastError,
    };
  }

  private async require(id: string): Promise<FeedEntity> {
    if (!isUuid(id)) throw badInput('ingest:feed.badId', { id });
    const feed = await this.feeds.findById(id);
    if (!feed) throw notFound('ingest:feed.notFound', { id });
    return feed;
  }

  private interval(minutes: number | null | undefined): { pollIntervalMinutes: number; intervalFixed: boolean } {
    const { minIntervalMs, maxIntervalMs } = this.config.feeds;
    const [min, max] = [minIntervalMs / 60_000, maxIntervalMs / 60_000];
    if (minutes === null || minutes === undefined) return { ...DEFAULT_INTERVAL };
    if (!Number.isInteger(minutes) || minutes < min || minutes > max) throw badInput('ingest:feed.badInterval', { min, max });
    return { pollIntervalMinutes: minutes, intervalFixed: true };
  }

}

export type { FeedStatus };
