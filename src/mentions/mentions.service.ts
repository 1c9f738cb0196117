import { Injectable } from '@nestjs/common';
import { hasRole, type Principal } from '../common/principal';
import { toConnection, type ConnectionShape } from '../common/connection';
import { CursorCodec, pageSize } from '../common/cursor';
import { badInput, conflict, notFound, unauthenticated } from '../common/errors';
import { cleanOptionalText, cleanText, isUuid } from '../common/text';
import { AppConfig } from '../config/app-config';
import { Allowlist } from '../feed-reader/fetch/address-guard';
import { FetchError } from '../feed-reader/fetch/fetch-error';
import { canonicalLink } from '../feed-reader/identity';
import { Translator } from '../i18n/translator';
import { SectionRepository } from '../sections';
import { AddMentionSourceInput, ListMentionsArgs, ReportMentionInput } from './dto/mention.inputs';
import { MentionEntity } from './mention.entity';
import { WatchRepository } from './watch.repository';
import { MentionSourceRepository } from './mention-source.repository';
import { MentionRepository, type MentionFilter } from './mention.repository';
import { MentionScanner, MentionTargetGoneError } from './mention-scanner.service';
import { MentionSourceEntity } from './mention-source.entity';
import { checkSourceUrl } from '../feed-reader/fetch/source-url';
import { WatchEntity } from './watch.entity';
import { ReadCache } from '../redis/read-cache';


export const LIMITS = { name: 200, text: 200_000, kind: 50 } as const;

@Injectable()
export class MentionsService {
  private readonly cursors: CursorCodec;
  private readonly allowlist: Allowlist;

  constructor(
    private readonly watches: WatchRepository,
    private readonly sources: MentionSourceRepository,
    private readonly mentions: MentionRepository,
    private readonly scanner: MentionScanner,
    private readonly sections: SectionRepository,
    private readonly translator: Translator,
    config: AppConfig,
    private readonly readCache: ReadCache,
  ) {
    this.cursors = new CursorCodec(config.cursorSecret);
    this.allowlist = new Allowlist(config.fetch.allowlist);
  }

  listWatches(): Promise<WatchEntity[]> {
    return this.watches.listAll();
  }

  mentionCounts(watchIds: readonly string[]) {
    return this.watches.mentionCounts(watchIds);
  }

  /** The URL must pass the fetcher's guard now (a refused URL stores nothing); the worker polls it from then on. */
  async addSource(input: AddMentionSourceInput): Promise<MentionSourceEntity> {
    const name = cleanText(input.name ?? '');
    if (!name) throw badInput('mentions:errors.nameEmpty');
    if ([...name].length > LIMITS.name) throw badInput('mentions:errors.nameTooLong', { max: LIMITS.name });
    const kind = cleanText(input.kind ?? '').toLowerCase();
    if (!kind) throw badInput('mentions:errors.kindEmpty');
    if ([...kind].length > LIMITS.kind) throw badInput('mentions:errors.kindTooLong', { max: LIMITS.kind });
    let url: string;
    try {
      url = await checkSourceUrl(input.url ?? '', this.allowlist);
    } catch (error) {
      if (error instanceof FetchError) throw badInput(error.key, error.params);
      throw error;
    }
    const canonical = canonicalLink(url) ?? url;
    const created = await this.sources.insertIfUrlFree({ name, url: canonical, kind, locale: null });
    if (!created) throw conflict('mentions:errors.sourceExists', { url: canonical });
    return created;
  }

  /** Pauses a source, or resumes it (also from DISABLED after too many failures): due at once. */
  async setSourceStatus(id: string, status: 'ACTIVE' | 'PAUSED'): Promise<MentionSourceEntity> {
    const source = isUuid(id) ? await this.sources.setStatus(id, status) : null;
    if (!source) throw notFound('mentions:errors.sourceNotFound', { id });
    return source;
  }

  /** Deletes a source (its mentions stay); CONFLICT while a watch names it, NOT_FOUND when there is none. */
  async deleteSource(id: string): Promise<boolean> {
    const result = isUuid(id) ? await this.sources.deleteUnlessWatched(id) : { deleted: false, usedBy: [] };
    if (result.usedBy.length) throw conflict('mentions:errors.sourceInUse', { watches: result.usedBy.map((n) => `“${n}”`).join(', ') });
    if (!result.deleted) throw notFound('mentions:errors.sourceNotFound', { id });
    await this.readCache.bump('mentions');
    return true;
  }

  listSources(): Promise<MentionSourceEntity[]> {
    return this.sources.listAll();
  }

  lastErrorText(source: MentionSourceEntity, locale: string): string | null {
    return source.lastError ? this.translator.t(locale, source.lastError.key, source.lastError.params ?? {}) : null;
  }

  /**
   * Records a mention found by hand. With a watch: for that watch, marked with whatever of its terms the
   * text contains. Without: for every watch the text matches, and BAD_USER_INPUT when it matches none.
   * Returns the mention (for the given watch, else the first matching watch's).
   */
  async report(input: ReportMentionInput, principal: Principal | null): Promise<MentionEntity> {
    if (!principal) throw unauthenticated();
    const url = canonicalLink(input.url ?? '');
    if (!url) throw badInput('errors:common.badUrl', { url: input.url });
    const text = cleanText(input.text ?? '');
    if (!text) throw badInput('mentions:errors.textEmpty');
    if (text.length > LIMITS.text) throw badInput('mentions:errors.textTooLong', { max: LIMITS.text });
    const sourceName = cleanText(input.sourceName ?? '');
    if (!sourceName) throw badInput('mentions:errors.sourceNameEmpty');
    if (input.publishedAt && Number.isNaN(input.publishedAt.getTime())) throw badInput('errors:common.badDate');
    const item = {
      url,
      title: cleanOptionalText(input.title),
      text,
      publishedAt: input.publishedAt ?? null,
      sourceName,
      sourceId: null,
      reportedBy: principal.name,
    };
    const { matches, watches } = await this.scanner.matchesOf(item);
    if (input.watch) {
      const watch = isUuid(input.watch) ? await this.watches.findById(input.watch) : null;
      if (!watch) throw notFound('mentions:errors.watchNotFound', { id: input.watch });
      const recorded = await this.scanner.record(item, watch, matches.find((m) => m.watchId === watch.id) ?? null).catch((error: unknown) => {
        throw error instanceof MentionTargetGoneError ? notFound('mentions:errors.watchNotFound', { id: input.watch }) : error;
      });
      return (await this.mentions.findById(recorded.id))!;
    }
    if (!matches.length) throw badInput('mentions:errors.noWatchMatches');
    let first: string | null = null;
    for (const match of matches) {
      const watch = watches.get(match.watchId)!;
      try {
        const recorded = await this.scanner.record(item, watch, match);
        first ??= recorded.id;
      } catch (error) {
        if (!(error instanceof MentionTargetGoneError)) throw error;
      }
    }
    // Every matching watch was deleted while the report was being recorded.
    if (!first) throw badInput('mentions:errors.noWatchMatches');
    return (await this.mentions.findById(first))!;
  }

  async list(args: ListMentionsArgs): Promise<ConnectionShape<MentionEntity>> {
    const size = pageSize(args.first);
    const position = this.cursors.decodeKeyset('mention', args.after);
    const filter: MentionFilter = args.state ? { state: args.state } : {};
    if (args.watch) {
      if (!isUuid(args.watch) || !(await this.watches.findById(args.watch))) throw notFound('mentions:errors.watchNotFound', { id: args.watch });
      filter.watchId = args.watch;
    }
    if (args.section) {
      const section = await this.sections.findBySlug(args.section);
      if (!section) throw notFound('errors:section.notFound', { slug: args.section });
      filter.sectionId = section.id;
    }
    if (args.since) {
      if (Number.isNaN(args.since.getTime())) throw badInput('errors:common.badDate');
      filter.since = args.since;
    }
    const rows = await this.mentions.pageNewestFirst(filter, position, size + 1);
    const totalCount = () => this.readCache.count(['mentions'], `mentions:count:${JSON.stringify(filter)}`, () => this.mentions.countMatching(filter));
    const connection = toConnection(rows, size, totalCount, (row) => this.cursors.encode('mention', row.position));
    return { ...connection, edges: connection.edges.map((e) => ({ cursor: e.cursor, node: e.node.mention })) };
  }

  findMention(id: string): Promise<MentionEntity | null> {
    return this.mentions.findById(id);
  }

  /** The subscription's watch argument: an existing watch, or NOT_FOUND. */
  async requireWatch(id: string): Promise<WatchEntity> {
    const watch = isUuid(id) ? await this.watches.findById(id) : null;
    if (!watch) throw notFound('mentions:errors.watchNotFound', { id });
    return watch;
  }

  isEditor(principal: Principal | null): boolean {
    return hasRole(principal, ['EDITOR']);
  }
}
