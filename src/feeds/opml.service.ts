import { Injectable } from '@nestjs/common';
import { DomainError, badInput } from '../common/errors';
import { cleanOptionalText, httpUrl } from '../common/text';
import { AppConfig } from '../config/app-config';
import { Allowlist } from '../feed-reader/fetch/address-guard';
import { FetchError } from '../feed-reader/fetch/fetch-error';
import { checkSourceUrl } from '../feed-reader/fetch/source-url';
import { LocaleRegistry } from '../i18n/locale-registry';
import { Translator } from '../i18n/translator';
import { SectionsService } from '../sections';
import { FeedRepository } from './feed.repository';
import { DEFAULT_INTERVAL, feedUrl } from './feed-url';
import { FeedsService, type FeedView } from './feeds.service';
import { OpmlError, type OpmlEntry, readOpml, sectionPlacer, writeOpml } from './opml';

export interface OpmlSkipView {
  url: string | null;
  title: string | null;
  reason: string;
}

export interface OpmlImportReportView {
  created: FeedView[];
  skipped: OpmlSkipView[];
}

/** The registration-time guard: hosts looked up at once, each lookup at most, the whole check at most. */
const GUARD = { concurrency: 8, lookupTimeoutMs: 2000, budgetMs: 10_000 };
const TITLE_MAX = 300;

interface Candidate {
  index: number;
  entry: OpmlEntry;
  row: { sectionId: string; url: string; locale: string | null; title: string | null; htmlUrl: string | null } & typeof DEFAULT_INTERVAL;
}

interface Skip {
  index: number;
  entry: OpmlEntry;
  key: string;
  params: Record<string, unknown>;
}

/** A skipped outline's URL as written, less any user name and password it carries (never echoed). */
function withoutCredentials(url: string | null): string | null {
  if (!url || !/@/.test(url)) return url;
  try {
    const parsed = new URL(url);
    if (!parsed.username && !parsed.password) return url;
    parsed.username = '';
    parsed.password = '';
    return parsed.toString();
  } catch {
    return url;
  }
}

/** OPML both ways for a section: its feeds as a subscription list, and an import that takes what it can and says what it left. */
@Injectable()
export class OpmlService {
  private readonly allowlist: Allowlist;

  constructor(
    private readonly feeds: FeedRepository,
    private readonly feedsService: FeedsService,
    private readonly sections: SectionsService,
    private readonly locales: LocaleRegistry,
    private readonly translator: Translator,
    config: AppConfig,
  ) {
    this.allowlist = new Allowlist(config.fetch.allowlist);
  }

  /** The section's feeds as an OPML 2.0 document, titled with the section's name in `locale`. */
  async export(sectionSlug: string, locale: string): Promise<string> {
    const section = await this.sections.require(sectionSlug);
    // Oldest first; feeds registered together (one import) by URL, so that an export reads the same each time.
    const feeds = (await this.feeds.listFiltered({ sectionId: section.id })).sort(
      (a, b) => a.createdAt.getTime() - b.createdAt.getTime() || (a.url < b.url ? -1 : a.url > b.url ? 1 : 0),
    );
    return writeOpml(
      { title: `${this.sections.nameOf(section, locale)} (${section.slug})`, createdAt: new Date() },
      feeds.map((f) => ({ url: f.url, title: f.title, htmlUrl: f.htmlUrl, language: f.locale })),
    );
  }

  /**
   * Registers every feed of the document that can be registered, each in the section its category or
   * folder names (else `sectionSlug`), and reports each outline it skipped with the reason in `locale`.
   * A document that cannot be read at all (too large, a DTD, not OPML) is refused as importOpml refuses it.
   */
  async importReport(sectionSlug: string, opml: string, locale: string): Promise<OpmlImportReportView> {
    const section = await this.sections.require(sectionSlug);
    const entries = this.read(opml);
    const sections = await this.sections.list();
    const place = sectionPlacer(sections, section);
    const skips: Skip[] = [];
    const candidates: Candidate[] = [];
    const seen = new Set<string>();
    for (const [index, entry] of entries.entries()) {
      const decision = this.triage(entry, place, seen);
      if ('key' in decision) skips.push({ index, entry, ...decision });
      else candidates.push({ index, entry, row: decision });
    }
    const refused = await this.guard(candidates.map((c) => c.row.url));
    const allowed = candidates.filter((c) => {
      const error = refused.get(c.row.url);
      if (error) skips.push({ index: c.index, entry: c.entry, key: error.key, params: error.params });
      return !error;
    });
    const results = await this.feeds.insertMany(allowed.map((c) => c.row));
    const slugOf = new Map(sections.map((s) => [s.id, s.slug]));
    const created: FeedView[] = [];
    results.forEach((r, i) => {
      if (r.created) created.push(this.feedsService.view(r.feed));
      else skips.push({ index: allowed[i].index, entry: allowed[i].entry, key: 'ingest:feed.alreadyRegistered', params: { url: r.feed.url, section: slugOf.get(r.feed.sectionId) } });
    });
    return {
      created,
      skipped: skips
        .sort((a, b) => a.index - b.index)
        .map((s) => ({ url: withoutCredentials(s.entry.url), title: s.entry.title, reason: this.translator.t(locale, s.key, s.params) })),
    };
  }

  /** One entry: the feed row to register, or why it is skipped. `seen` collects (section, URL) pairs across the document. */
  private triage(entry: OpmlEntry, place: ReturnType<typeof sectionPlacer>, seen: Set<string>): Candidate['row'] | Pick<Skip, 'key' | 'params'> {
    if (!entry.url) return { key: 'ingest:opml.skip.missingXmlUrl', params: {} };
    let url: string;
    try {
      url = feedUrl(entry.url);
    } catch (error) {
      if (!(error instanceof DomainError)) throw error;
      return { key: error.key, params: error.params };
    }
    const placed = place(entry);
    if ('skip' in placed) return placed.skip;
    if (seen.has(`${placed.sectionId} ${url}`)) return { key: 'ingest:opml.skip.duplicate', params: {} };
    seen.add(`${placed.sectionId} ${url}`);
    return {
      sectionId: placed.sectionId,
      url,
      locale: entry.language ? this.locales.resolve(entry.language) : null,
      title: cleanOptionalText(entry.title)?.slice(0, TITLE_MAX) ?? null,
      htmlUrl: entry.htmlUrl ? httpUrl(entry.htmlUrl) : null,
      ...DEFAULT_INTERVAL,
    };
  }

  private read(opml: string): OpmlEntry[] {
    try {
      return readOpml(opml);
    } catch (error) {
      if (error instanceof OpmlError) throw badInput(error.key, error.params);
      throw badInput('ingest:opml.malformed');
    }
  }

  /**
   * The fetcher's address guard for each host once (a URL's verdict is its host's), a few look-ups at a
   * time. Hosts not checked within the budget are let through: the fetcher checks every address it dials.
   */
  private async guard(urls: string[]): Promise<Map<string, FetchError>> {
    const byHost = new Map<string, string[]>();
    for (const url of urls) {
      const host = new URL(url).host;
      byHost.set(host, [...(byHost.get(host) ?? []), url]);
    }
    const queue = [...byHost.values()];
    const refused = new Map<string, FetchError>();
    const deadline = Date.now() + GUARD.budgetMs;
    const worker = async () => {
      for (let group = queue.shift(); group && Date.now() < deadline; group = queue.shift()) {
        try {
          await checkSourceUrl(group[0], this.allowlist, GUARD.lookupTimeoutMs);
        } catch (error) {
          if (!(error instanceof FetchError)) throw error;
          for (const url of group) refused.set(url, error);
        }
      }
    };
    await Promise.all(Array.from({ length: GUARD.concurrency }, worker));
    return refused;
  }
}
