import { uniqueSlug } from './slug';
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

  /** Slugs already used in a section and language that start with `base`. */
  async takenSlugs(sectionId: string, locale: string, base: string, manager?: EntityManager): Promise<Set<string>> {
    const repo = manager ? manager.getRepository(TranslationEntity) : this.repo;
    const rows = await repo
      .createQueryBuilder('t')
      .select('t.slug', 'slug')
      .where('t.section_id = :sectionId AND t.locale = :locale AND left(t.slug, :len) = :base', {
        sectionId,
        locale,
        base,
        len: base.length,
      })
      .getRawMany<{ slug: string }>();
    return new Set(rows.map((r) => r.slug));
  }

  /**
   * The one rule for a translation's slug in its section and language: `wanted` when free (or already
   * this row's own), else wanted-2, wanted-3, ... Every writer of translations rows but the batch ingest asks here.
   */
  async freeSlug(m: EntityManager, row: { sectionId: string; locale: string; slug?: string | null }, wanted: string): Promise<string> {
    const taken = await this.takenSlugs(row.sectionId, row.locale, wanted, m);
    if (row.slug) taken.delete(row.slug);
    return uniqueSlug(wanted, taken);
  }
}
