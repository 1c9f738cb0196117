import { Injectable, Logger } from '@nestjs/common';
import { htmlToText } from '../common/html';
import { canonicalLink } from '../feed-reader/identity';
import { SourceGoneError } from '../feed-reader/source-gone';
import { detectLanguage, loadLanguageDetector } from '../feed-reader/parse/language';
import { LocaleRegistry } from '../i18n/locale-registry';
import { MentionAlertQueue } from './alerts/alert-queue';
import { MentionEvents } from './mention-events';
import { WatchRepository } from './watch.repository';
import { MentionRepository, type StoryCandidates } from './mention.repository';
import { buildExcerpt, MentionMatcher, type WatchMatch, type WatchSpec } from './match';
import { lshBands, minhash, SAME_STORY_SIMILARITY, similarity } from './near-duplicate';
import { unwrapRedirect } from './redirect-links';
import type { WatchEntity } from './watch.entity';
import { ReadCache } from '../redis/read-cache';

/** An item to scan: from a polled source, or reported by hand. */
export interface ScanItem {
  url: string;
  title: string | null;
  /** Plain text of the item (summary or body). */
  text: string;
  /** The item's HTML, if any: its links may point to our articles. */
  html?: string | null;
  publishedAt: Date | null;
  /** Declared language tag, if any (else detected). */
  language?: string | null;
  sourceName: string;
  sourceId: string | null;
  reportedBy?: string | null;
}

export interface RecordedMention {
  id: string;
  watchId: string;
  created: boolean;
}

/** record() found the watch, or the item's source, deleted (after the matcher was compiled): nothing was stored. */
export class MentionTargetGoneError extends Error {
  constructor(
    readonly target: 'watch' | 'source',
    readonly id: string,
  ) {
    super(`${target} ${id} was deleted`);
    this.name = 'MentionTargetGoneError';
  }
}

/** Longest text scanned per item (characters): enough for any article, bounded for hostile feeds. */
const MAX_SCAN_CHARS = 200_000;
/** How far back near-duplicate candidates are looked for. */
const STORY_WINDOW_DAYS = 30;

/**
 * Scans items against every watch and records the mentions. The language detector (ELD's n-grams: the API's
 * resident memory was 20 MB lower at start without it) is loaded on first use: the API scans only for
 * reportMention; the worker loads it at start anyway (ItemLocaleService). The matcher is compiled once per version
 * of the watch set and cached, so a poll of a feed costs one cheap version query plus one scan per item.
 */
@Injectable()
export class MentionScanner {
  private readonly logger = new Logger(MentionScanner.name);
  private cache: { version: string; matcher: MentionMatcher; watches: Map<string, WatchEntity> } | null = null;
  private compiling: Promise<NonNullable<MentionScanner['cache']>> | null = null;

  constructor(
    private readonly watches: WatchRepository,
    private readonly mentions: MentionRepository,
    private readonly events: MentionEvents,
    private readonly locales: LocaleRegistry,
    private readonly readCache: ReadCache,
    private readonly alerts: MentionAlertQueue,
  ) {}

  /** The compiled matcher of the current watch set (recompiled only when the set changed). */
  async compiled(): Promise<{ matcher: MentionMatcher; watches: Map<string, WatchEntity> }> {
    const version = await this.watches.version();
    if (this.cache?.version === version) return this.cache;
    this.compiling ??= (async () => {
      const list = await this.watches.listAll();
      const matcher = new MentionMatcher(list.map(watchSpecOf));
      return { version, matcher, watches: new Map(list.map((w) => [w.id, w])) };
    })().finally(() => (this.compiling = null));
    this.cache = await this.compiling;
    return this.cache;
  }

  static scanText(item: Pick<ScanItem, 'title' | 'text'>): string {
    const text = item.title ? `${item.title}\n${item.text}` : item.text;
    return text.length > MAX_SCAN_CHARS ? text.slice(0, MAX_SCAN_CHARS) : text;
  }

  /**
   * Scans items and records a mention per matching watch; returns what was recorded (new or existing).
   * A watch deleted meanwhile gets nothing; when the items' source is deleted meanwhile, SourceGoneError
   * ends the scan (its poll in flight is discarded).
   */
  async scanAndRecord(items: readonly ScanItem[]): Promise<RecordedMention[]> {
    const [{ matcher, watches }] = await Promise.all([this.compiled(), loadLanguageDetector()]);
    const recorded: RecordedMention[] = [];
    for (const item of items) {
      const locale = this.lazyLocaleOf(item);
      for (const match of matcher.scan(MentionScanner.scanText(item), { sourceId: item.sourceId, locale })) {
        const watch = watches.get(match.watchId);
        if (!watch) continue;
        try {
          recorded.push(await this.record(item, watch, match, locale()));
        } catch (error) {
          if (!(error instanceof MentionTargetGoneError)) throw error;
          // The poll's runner discards the rest of the poll (outcome 'gone').
          if (error.target === 'source') throw new SourceGoneError(`mention source ${error.id}`);
        }
      }
    }
    return recorded;
  }

  /** Scans one item and returns its matches without recording anything. */
  async matchesOf(item: Pick<ScanItem, 'title' | 'text' | 'language' | 'sourceId'>): Promise<{ matches: WatchMatch[]; watches: Map<string, WatchEntity> }> {
    const [{ matcher, watches }] = await Promise.all([this.compiled(), loadLanguageDetector()]);
    return { matches: matcher.scan(MentionScanner.scanText(item), { sourceId: item.sourceId, locale: this.lazyLocaleOf(item) }), watches };
  }

  /**
   * Records one mention of `watch` (idempotent per watch and canonical URL) and announces it when new.
   * Throws MentionTargetGoneError, having stored nothing, when the watch or the item's source was deleted.
   */
  async record(item: ScanItem, watch: WatchEntity, match: WatchMatch | null, given?: string | null): Promise<RecordedMention> {
    const locale = given !== undefined ? given : await this.loadedLocaleOf(item);
    const url = canonicalLink(unwrapRedirect(item.url));
    if (!url) throw new Error(`not an http(s) URL: ${item.url}`);
    const text = MentionScanner.scanText(item);
    const excerpt = buildExcerpt(text, match?.spans ?? []);
    const linked = await this.mentions.articlesLinkedBy(linksIn(item));
    const sectionIds = [...new Set([...(watch.sectionId ? [watch.sectionId] : []), ...linked.map((a) => a.sectionId)])];
    const signature = minhash(text);
    const bands = lshBands(signature);
    const result = await this.mentions.insertInStory(
      {
        watchId: watch.id,
        url,
        title: item.title ? item.title.slice(0, 1000) : null,
        excerpt,
        locale,
        sourceName: item.sourceName,
        sourceId: item.sourceId,
        publishedAt: item.publishedAt && !Number.isNaN(item.publishedAt.getTime()) ? item.publishedAt : null,
        matchedTerms: match?.matchedTerms ?? [],
        sectionIds,
        articleIds: [...new Set(linked.map((a) => a.id))],
        minhash: signature,
        lshBands: bands,
        reportedBy: item.reportedBy ?? null,
      },
      STORY_WINDOW_DAYS,
      (found) => storyOf(found, signature),
    );
    if ('gone' in result) throw new MentionTargetGoneError(result.gone, result.gone === 'watch' ? watch.id : item.sourceId!);
    await this.readCache.bump('mentions');
    if (result.created) {
      await this.events.found({ id: result.id, url, watchId: watch.id, matchedTerms: match?.matchedTerms ?? [] }).catch((error: Error) => {
        // A mention is stored even when Redis is away; subscribers then miss this one notification.
        this.logger.warn(`could not announce mention ${result.id}: ${error.message}`);
      });
      await this.alerts.found(result.id, watch.id).catch((error: Error) => {
        // The mention is stored; only its immediate alert is lost with Redis (the feed and unreadCount still have it).
        this.logger.warn(`could not queue the alert of mention ${result.id}: ${error.message}`);
      });
    }
    return { id: result.id, watchId: watch.id, created: result.created };
  }

  private async loadedLocaleOf(item: Pick<ScanItem, 'title' | 'text' | 'language'>): Promise<string | null> {
    await loadLanguageDetector();
    return this.localeOf(item);
  }

  /** Needs the language detector loaded (loadLanguageDetector). */
  private localeOf(item: Pick<ScanItem, 'title' | 'text' | 'language'>): string | null {
    const declared = item.language ? this.locales.resolve(item.language) : null;
    return declared ?? detectLanguage(`${item.title ?? ''} ${item.text}`, this.locales.codes);
  }

  /** The item's language, found (declared or detected) once, when first asked. */
  private lazyLocaleOf(item: Pick<ScanItem, 'title' | 'text' | 'language'>): () => string | null {
    let locale: string | null | undefined;
    return () => (locale === undefined ? (locale = this.localeOf(item)) : locale);
  }
}

/** What the matcher needs of a watch. */
export function watchSpecOf(w: WatchEntity): WatchSpec {
  return { id: w.id, terms: w.terms, excludes: w.excludes, excludeItemsWith: w.excludeItemsWith, allOf: w.allOf, near: w.near, locales: w.locales, sources: w.sourceIds };
}

/** The story of the same URL under another watch, else of the most similar recent mention, else a new one (null). */
export function storyOf(found: StoryCandidates, signature: number[]): string | null {
  if (found.sameUrl) return found.sameUrl;
  let best: { storyId: string; score: number } | null = null;
  for (const c of found.candidates) {
    const score = similarity(signature, c.minhash);
    if (score >= SAME_STORY_SIMILARITY && (!best || score > best.score)) best = { storyId: c.storyId, score };
  }
  return best?.storyId ?? null;
}

/** The links of an item, canonical and as written: its HTML's hrefs and the URLs in its text. */
export function linksIn(item: Pick<ScanItem, 'html' | 'text'>): string[] {
  const found = new Set<string>();
  const add = (raw: string) => {
    const cleaned = unwrapRedirect(raw.replace(/&amp;/g, '&').replace(/[).,;:!?»」』”’]+$/u, ''));
    const canonical = canonicalLink(cleaned);
    if (!canonical) return;
    found.add(canonical);
    try {
      const written = new URL(cleaned);
      written.hash = '';
      found.add(written.toString());
    } catch {
      // not a URL after all
    }
  };
  for (const m of (item.html ?? '').matchAll(/href\s*=\s*["']([^"']+)["']/gi)) add(m[1]);
  for (const m of item.text.matchAll(/https?:\/\/[^\s<>"'，。、）」]+/giu)) add(m[0]);
  return [...found].slice(0, 200);
}

export const plainTextOf = (html: string | null | undefined) => (html ? htmlToText(html) : '');
