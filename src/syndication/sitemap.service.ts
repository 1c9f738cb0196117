import { Injectable } from '@nestjs/common';
import { alternatesOf } from '../articles';
import { notFound } from '../common/errors';
import { AppConfig } from '../config/app-config';
import { ReadCache } from '../redis/read-cache';
import { SectionRepository, SectionsService } from '../sections';
import { etagOf } from './conditional';
import { pageOfFile, renderIndex, renderUrlset, sitemapFile, sitemapPageCount, SITEMAP_URL_LIMIT, type SitemapEntry } from './sitemap';
import { SitemapRepository, type SitemapRow } from './sitemap.repository';

export interface RenderedSitemap {
  body: string;
  etag: string;
  lastModified: Date | null;
}

/** GET /sitemap.xml (an index of every section's sitemap files) and a section's sitemap files. */
@Injectable()
export class SitemapService {
  constructor(
    private readonly rows: SitemapRepository,
    private readonly sections: SectionsService,
    private readonly sectionRepository: SectionRepository,
    private readonly readCache: ReadCache,
    private readonly config: AppConfig,
  ) {}

  index(): Promise<RenderedSitemap> {
    return this.cached('sitemap:index', async () => {
      const counts = await this.rows.countsBySection();
      const base = this.config.publicUrl;
      // A section without a URL to list has no sitemap file in the index (an empty urlset is not valid).
      const files = (await this.sectionRepository.listAll()).flatMap((section) => {
        const { urls, lastmod } = counts.get(section.id) ?? { urls: 0, lastmod: null };
        if (!urls) return [];
        return Array.from({ length: sitemapPageCount(urls) }, (_, i) => ({
          loc: `${base}/sections/${encodeURIComponent(section.slug)}/${sitemapFile(i + 1)}`,
          lastmod,
        }));
      });
      const newest = files.reduce<Date | null>((n, f) => (f.lastmod && (!n || f.lastmod > n) ? f.lastmod : n), null);
      return { body: renderIndex(files), lastModified: newest };
    });
  }

  section(slug: string, file: string): Promise<RenderedSitemap> {
    return this.cached(`sitemap:${slug}:${file}`, async () => {
      const section = await this.sections.require(slug);
      const page = pageOfFile(file);
      if (page === null) throw notFound('syndication:errors.unknownSitemap', { file });
      const { entries, siblings } = await this.rows.page(section.id, (page - 1) * SITEMAP_URL_LIMIT, SITEMAP_URL_LIMIT);
      // Pages after the first exist only while they hold URLs.
      if (page > 1 && !entries.length) throw notFound('syndication:errors.unknownSitemap', { file });
      const byArticle = new Map<string, SitemapRow[]>();
      for (const s of siblings) byArticle.set(s.articleId, [...(byArticle.get(s.articleId) ?? []), s]);
      const list: SitemapEntry[] = entries.map((e) => ({ loc: e.url, lastmod: new Date(e.updatedAt), alternates: alternatesOf(byArticle.get(e.articleId) ?? [], e) }));
      const newest = list.reduce<Date | null>((n, e) => (!n || e.lastmod > n ? e.lastmod : n), null);
      return { body: renderUrlset(list), lastModified: newest };
    });
  }

  /** Shared by every API process until an article or section changes (the read cache retires it then). */
  private async cached(key: string, build: () => Promise<{ body: string; lastModified: Date | null }>): Promise<RenderedSitemap> {
    const hit = await this.readCache.remember(['articles', 'sections'], key, async () => {
      const built = await build();
      return { body: built.body, etag: etagOf(built.body), lastModified: built.lastModified?.toISOString() ?? null };
    });
    return { ...hit, lastModified: hit.lastModified ? new Date(hit.lastModified) : null };
  }
}
