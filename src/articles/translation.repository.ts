import { assignSlugs, slugCandidates, slugKey, type SlugWant } from './slug';
import { Injectable } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import { EntityManager, In, Repository } from 'typeorm';
import { TranslationEntity } from './translation.entity';

@Injectable()
export class TranslationRepository {
  constructor(@InjectRepository(TranslationEntity) private readonly repo: Repository<TranslationEntity>) {}

  /** Every translation (any status) of these articles, in one statement. */
  findByArticleIds(articleIds: readonly string[]): Promise<TranslationEntity[]> {
    return articleIds.length
      ? this.repo.find({ where: { articleId: In([...articleIds]) }, order: { locale: 'ASC' } })
      : Promise.resolve([]);
  }

  findByArticleAndLocale(articleId: string, locale: string): Promise<TranslationEntity | null> {
    return this.repo.findOne({ where: { articleId, locale } });
  }

  /** The translation carrying `slug` in a section, in `locale` when given, else in any language. */
  findBySectionAndSlug(sectionId: string, slug: string, locale?: string): Promise<TranslationEntity | null> {
    return this.repo.findOne({ where: { sectionId, slug, ...(locale ? { locale } : {}) }, order: { isOriginal: 'DESC' } });
  }

  /**
   * Free slugs for these rows of one section by the one rule (assignSlugs: the slug, else slug-2, -3, ...),
   * looked up with the unique (section_id, locale, slug) index: only each base's first candidates are
   * probed, one statement for the whole batch, a wider one only when a window is full. `alsoTaken` holds
   * slugKeys a caller found taken meanwhile (an insert that lost a race).
   */
  async freeSlugs(m: EntityManager, sectionId: string, wants: readonly SlugWant[], alsoTaken: ReadonlySet<string> = new Set()): Promise<string[]> {
    const perBase = new Map<string, number>();
    for (const w of wants) perBase.set(slugKey(w.locale, w.base), (perBase.get(slugKey(w.locale, w.base)) ?? 0) + 1);
    // Room for every row of a base plus one taken slug: usually one look-up.
    for (let window = Math.max(0, ...perBase.values()) + 1 + alsoTaken.size; ; window *= 4) {
      const probes = [...perBase.keys()].flatMap((key) => {
        const [locale, base] = [key.slice(0, key.indexOf(' ')), key.slice(key.indexOf(' ') + 1)];
        return slugCandidates(base, window).map((slug) => [locale, slug] as const);
      });
      const rows = await m.query<{ locale: string; slug: string }[]>(
        `SELECT t.locale, t.slug FROM unnest($2::text[], $3::text[]) AS c(locale, slug)
           JOIN translations t ON t.section_id = $1 AND t.locale = c.locale AND t.slug = c.slug`,
        [sectionId, probes.map((p) => p[0]), probes.map((p) => p[1])],
      );
      const taken = new Set([...alsoTaken, ...rows.map((r) => slugKey(r.locale, r.slug))]);
      const picked = assignSlugs(wants, taken, window);
      if (picked) return picked;
    }
  }

  /** The free slug for one row (an edit: `wanted` when free or already this row's own, else wanted-2, ...). */
  async freeSlug(m: EntityManager, row: { sectionId: string; locale: string; slug?: string | null }, wanted: string): Promise<string> {
    return (await this.freeSlugs(m, row.sectionId, [{ locale: row.locale, base: wanted, own: row.slug }]))[0];
  }
}
