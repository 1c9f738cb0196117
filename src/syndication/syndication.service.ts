import { Injectable } from '@nestjs/common';
import { notFound } from '../common/errors';
import { AppConfig } from '../config/app-config';
import { LocaleRegistry } from '../i18n/locale-registry';
import { Translator } from '../i18n/translator';
import { SectionEntity, SectionsService } from '../sections';
import { ReadCache } from '../redis/read-cache';
import { etagOf } from './conditional';
import { CONTENT_TYPES, OUT_FORMATS, OutFeed, OutFormat, outgoingFeedUrls, renderFeed } from './feed-writers';
import { SyndicatedRow, SyndicationRepository } from './syndication.repository';

/** How many items an outgoing feed carries. */
export const FEED_ITEM_LIMIT = 50;

export interface RenderedFeed {
  body: string;
  /** The HTTP Link header (WebSub discovery: rel="hub" and rel="self"); null without a hub. */
  link: string | null;
  contentType: string;
  etag: string;
  lastModified: Date | null;
  locale: string;
}

/**
 * Outgoing aggregate feeds: the newest articles published in one language, everywhere or in one section.
 * Only translations actually published in that language are included (no fallback): a feed declares one
 * language, and readers and aggregators trust that declaration.
 */
@Injectable()
export class SyndicationService {
  constructor(
    private readonly rows: SyndicationRepository,
    private readonly sections: SectionsService,
    private readonly locales: LocaleRegistry,
    private readonly translator: Translator,
    private readonly config: AppConfig,
    private readonly readCache: ReadCache,
  ) {}

  /** `file` is the last path segment, e.g. "ur.atom" or "zh-CN.rss". */
  async render(file: string, sectionSlug: string | null): Promise<RenderedFeed> {
    // Shared by every API process until an article or section changes (the read cache retires it then).
    const cached = await this.readCache.remember(['articles', 'sections'], `feed:${file}:${sectionSlug}`, async () => {
      const feed = await this.build(file, sectionSlug);
      return { ...feed, lastModified: feed.lastModified?.toISOString() ?? null };
    });
    return { ...cached, lastModified: cached.lastModified ? new Date(cached.lastModified) : null };
  }

  private async build(file: string, sectionSlug: string | null): Promise<RenderedFeed> {
    const { locale, format } = this.parseFile(file);
    const section = sectionSlug === null ? null : await this.sections.require(sectionSlug);
    const rows = await this.rows.latestPublishedIn(locale, section?.id ?? null, FEED_ITEM_LIMIT);
    const feed = this.feedOf(locale, section, rows);
    const body = renderFeed(feed, format);
    const link = feed.hubUrl ? `<${feed.hubUrl}>; rel="hub", <${feed.selfUrls[format]}>; rel="self"` : null;
    return { body, link, contentType: CONTENT_TYPES[format], etag: etagOf(body), lastModified: newest(rows), locale };
  }

  private parseFile(file: string): { locale: string; format: OutFormat } {
    const match = /^(.+)\.([a-z]+)$/.exec(file);
    const format = match?.[2] as OutFormat | undefined;
    if (!match || !format || !OUT_FORMATS.includes(format)) {
      throw notFound('syndication:errors.unknownFormat', { file, formats: OUT_FORMATS.join(', ') });
    }
    const locale = this.locales.resolve(match[1]);
    if (!locale) throw notFound('syndication:errors.unknownLocale', { locale: match[1], supported: this.locales.codes.join(', ') });
    return { locale, format };
  }

  private feedOf(locale: string, section: SectionEntity | null, rows: SyndicatedRow[]): OutFeed {
    const base = this.config.publicUrl;
    const { rss, atom, json } = outgoingFeedUrls(base, locale, section?.slug ?? null);
    const language = this.translator.t(locale, `languages:${locale}`);
    const sectionName = section ? this.sections.nameOf(section, locale) : null;
    const t = (key: string) => this.translator.t(locale, key, { language, section: sectionName });
    return {
      language: locale,
      direction: this.locales.direction(locale),
      title: t(section ? 'syndication:feed.sectionTitle' : 'syndication:feed.title'),
      description: t(section ? 'syndication:feed.sectionDescription' : 'syndication:feed.description'),
      homeUrl: section?.homepage ?? `${base}/`,
      selfUrls: { rss, atom, json },
      hubUrl: this.config.websub.hubUrl,
      publisher: sectionName ?? 'newsdesk',
      generator: 'newsdesk',
      updatedAt: newest(rows),
      items: rows.map((row) => ({
        id: `urn:uuid:${row.translationId}`,
        title: row.title,
        url: row.url ?? row.canonicalUrl,
        summary: row.summary,
        contentHtml: row.bodyHtml,
        publishedAt: new Date(row.publishedAt),
        updatedAt: new Date(row.updatedAt),
        authors: row.authors ?? [],
        tags: row.tags ?? [],
        imageUrl: row.imageUrl,
      })),
    };
  }
}

function newest(rows: SyndicatedRow[]): Date | null {
  let max: number | null = null;
  for (const row of rows) {
    const at = Math.max(new Date(row.updatedAt).getTime(), new Date(row.publishedAt).getTime());
    if (max === null || at > max) max = at;
  }
  return max === null ? null : new Date(max);
}
