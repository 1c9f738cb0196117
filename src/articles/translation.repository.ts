import { assignSlugs, slugCandidates, slugKey, type SlugWant } from './slug';
import { Injectable } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import { EntityManager, Repository } from 'typeorm';
import { readRows } from '../database/read-routing';
import { TranslationEntity, type TranslationStatus } from './translation.entity';

@Injectable()
export class TranslationRepository {
  constructor(@InjectRepository(TranslationEntity) private readonly repo: Repository<TranslationEntity>) {}

  /** Every translation (any status) of these articles, in one statement. */
  async findByArticleIds(articleIds: readonly string[]): Promise<TranslationEntity[]> {
    return (await this.readByArticleIds<TranslationRow>(articleIds, TRANSLATION_COLUMNS)).map(translationOf);
  }

  /**
   * The same rows without the body and the creation time: for a request that shows no body. The body is most
   * of a row, and each date costs pg a parse (docs/benchmarks-notes.md, "Reads at size").
   */
  async findBriefByArticleIds(articleIds: readonly string[]): Promise<TranslationBrief[]> {
    return (await this.readByArticleIds<BriefRow>(articleIds, BRIEF_COLUMNS)).map(briefOf);
  }

  /** Only what a reader's list shows (TranslationLean): for a request that selects no TRANSLATION_DETAIL_FIELDS either. */
  async findLeanByArticleIds(articleIds: readonly string[]): Promise<TranslationLean[]> {
    return (await this.readByArticleIds<LeanRow>(articleIds, LEAN_COLUMNS)).map(leanOf);
  }

  /** Lean rows with their bodies: for a request that shows bodies but selects no TRANSLATION_DETAIL_FIELDS. */
  async findLeanWithBodyByArticleIds(articleIds: readonly string[]): Promise<TranslationRead[]> {
    return (await this.readByArticleIds<LeanBodyRow>(articleIds, LEAN_BODY_COLUMNS)).map((r) => ({ ...leanOf(r), bodyHtml: r.body_html }));
  }

  /** The translations of these articles as wide as `width` asks (TranslationWidth). */
  readByArticleIdsAs(articleIds: readonly string[], width: TranslationWidth): Promise<TranslationRead[]> {
    switch (width) {
      case 'full':
        return this.findByArticleIds(articleIds);
      case 'brief':
        return this.findBriefByArticleIds(articleIds);
      case 'leanWithBody':
        return this.findLeanWithBodyByArticleIds(articleIds);
      case 'lean':
        return this.findLeanByArticleIds(articleIds);
    }
  }

  private async readByArticleIds<T>(articleIds: readonly string[], columns: string): Promise<T[]> {
    if (!articleIds.length) return [];
    const sql = `SELECT ${columns} FROM translations WHERE article_id = ANY($1::uuid[]) ORDER BY locale`;
    return readRows<T>(this.repo.manager.connection, sql, [articleIds]);
  }

  findByArticleAndLocale(articleId: string, locale: string): Promise<TranslationEntity | null> {
    return this.repo.findOne({ where: { articleId, locale } });
  }

  /**
   * Free slugs for these rows of one section by the one rule (assignSlugs: the slug, else slug-2, -3, ...),
   * looked up with the unique (section_id, locale, slug) index: only each base's first candidates are
   * probed, one statement for the whole batch, another only for bases whose window was full. `alsoTaken` holds
   * slugKeys a caller found taken meanwhile (an insert that lost a race).
   */
  async freeSlugs(m: EntityManager, sectionId: string, wants: readonly SlugWant[], alsoTaken: ReadonlySet<string> = new Set()): Promise<string[]> {
    const rowsPerBase = new Map<string, number>();
    for (const w of wants) rowsPerBase.set(slugKey(w.locale, w.base), (rowsPerBase.get(slugKey(w.locale, w.base)) ?? 0) + 1);
    // Room for every row of a base plus two taken slugs (for a lone title, the three probes of the former
    // hash-suffix rule): usually one look-up. Later rounds look further only for the bases whose window
    // was full, and only at the candidates not yet looked up.
    const windows = new Map([...rowsPerBase].map(([key, rows]) => [key, rows + 2 + alsoTaken.size]));
    const looked = new Map<string, number>();
    const taken = new Set(alsoTaken);
    for (;;) {
      const probes = [...windows].flatMap(([key, window]) => {
        const space = key.indexOf(' ');
        const locale = key.slice(0, space);
        return slugCandidates(key.slice(space + 1), window)
          .slice(looked.get(key) ?? 0)
          .map((slug) => [locale, slug] as const);
      });
      if (probes.length) {
        // (section_id, locale, slug) is the unique index: both ANYs keep this an index look-up however big the section.
        const rows = await m.query<{ locale: string; slug: string }[]>(
          `SELECT locale, slug FROM translations WHERE section_id = $1 AND locale = ANY($2::text[]) AND slug = ANY($3::text[])`,
          [sectionId, [...new Set(probes.map((p) => p[0]))], [...new Set(probes.map((p) => p[1]))]],
        );
        for (const r of rows) taken.add(slugKey(r.locale, r.slug));
      }
      const picked = assignSlugs(wants, taken, windows);
      if (picked) return picked;
      for (const [key, window] of windows) {
        looked.set(key, window);
        const space = key.indexOf(' ');
        const used = slugCandidates(key.slice(space + 1), window).filter((slug) => taken.has(slugKey(key.slice(0, space), slug))).length;
        if (used + rowsPerBase.get(key)! > window) windows.set(key, window * 4);
      }
    }
  }

  /** The free slug for one row (an edit: `wanted` when free or already this row's own, else wanted-2, ...). */
  async freeSlug(m: EntityManager, row: { sectionId: string; locale: string; slug?: string | null }, wanted: string): Promise<string> {
    return (await this.freeSlugs(m, row.sectionId, [{ locale: row.locale, base: wanted, own: row.slug }]))[0];
  }
}

const LEAN_COLUMNS = 'article_id, locale, title, summary, slug, status, is_original';
const LEAN_BODY_COLUMNS = `${LEAN_COLUMNS}, body_html`;
const BRIEF_COLUMNS = `${LEAN_COLUMNS}, id, section_id, url, version, source_revision, translated_by, updated_at`;
const TRANSLATION_COLUMNS = `${BRIEF_COLUMNS}, body_html, created_at`;

/**
 * Fields (of Translation, and Article's alternates) that need more than a lean row: an operation that selects
 * none of them anywhere reads lean rows (src/articles/translation-detail-fields.spec.ts holds this to the schema).
 */
export const TRANSLATION_DETAIL_FIELDS = ['url', 'isStale', 'version', 'translatedBy', 'updatedAt', 'alternates'];

/**
 * How much of each translation a request reads: everything (full), all but the body (brief), only what a list
 * shows (lean), or that and the body (leanWithBody: an article page that selects no detail field).
 */
export type TranslationWidth = 'full' | 'brief' | 'leanWithBody' | 'lean';

/** What a reader's list shows of a translation, and what tells which one to show. */
export type TranslationLean = Pick<TranslationEntity, 'articleId' | 'locale' | 'title' | 'summary' | 'slug' | 'status' | 'isOriginal'>;
/** A translation without its body and creation time (which the API never shows). */
export type TranslationBrief = Omit<TranslationEntity, 'bodyHtml' | 'createdAt'>;
/** A translation as the article reads load it: full, brief, or lean (the other columns absent: not selected). */
export type TranslationRead = TranslationLean & Partial<Omit<TranslationEntity, keyof TranslationLean>>;

interface LeanRow {
  article_id: string;
  locale: string;
  title: string;
  summary: string | null;
  slug: string;
  status: TranslationStatus;
  is_original: boolean;
}

interface LeanBodyRow extends LeanRow {
  body_html: string | null;
}

interface BriefRow extends LeanRow {
  id: string;
  section_id: string;
  url: string | null;
  version: number;
  source_revision: number;
  translated_by: string | null;
  updated_at: Date;
}

interface TranslationRow extends BriefRow {
  body_html: string | null;
  created_at: Date;
}

const leanOf = (r: LeanRow): TranslationLean => ({
  articleId: r.article_id,
  locale: r.locale,
  title: r.title,
  summary: r.summary,
  slug: r.slug,
  status: r.status,
  isOriginal: r.is_original,
});

const briefOf = (r: BriefRow): TranslationBrief => ({
  ...leanOf(r),
  id: r.id,
  sectionId: r.section_id,
  url: r.url,
  version: r.version,
  sourceRevision: r.source_revision,
  translatedBy: r.translated_by,
  updatedAt: r.updated_at,
});

const translationOf = (r: TranslationRow): TranslationEntity => ({ ...briefOf(r), bodyHtml: r.body_html, createdAt: r.created_at });
