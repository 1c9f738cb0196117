import { Injectable } from '@nestjs/common';
import { badInput, conflict, notFound } from '../common/errors';
import { cleanText, httpUrl } from '../common/text';
import { LocaleRegistry } from '../i18n/locale-registry';
import { CreateSectionInput } from './dto/create-section.input';
import { UpdateSectionInput } from './dto/update-section.input';
import { SectionEntity } from './section.entity';
import { SectionRepository } from './section.repository';
import { ReadCache } from '../redis/read-cache';

const SLUG = /^[a-z0-9]+(?:-[a-z0-9]+)*$/;

@Injectable()
export class SectionsService {
  constructor(
    private readonly sections: SectionRepository,
    private readonly locales: LocaleRegistry,
    private readonly readCache: ReadCache,
  ) {}

  list(): Promise<SectionEntity[]> {
    return this.sections.listAll();
  }

  findBySlug(slug: string): Promise<SectionEntity | null> {
    return this.sections.findBySlug(slug);
  }

  /** The section, or NOT_FOUND naming the slug. */
  async require(slug: string): Promise<SectionEntity> {
    const section = await this.sections.findBySlug(slug);
    if (!section) throw notFound('errors:section.notFound', { slug });
    return section;
  }

  async create(input: CreateSectionInput): Promise<SectionEntity> {
    const slug = input.slug.trim();
    if (!SLUG.test(slug) || slug.length > 64) throw badInput('errors:section.badSlug', { slug });
    const defaultLocale = this.locales.require(input.defaultLocale);
    const names = this.names(input.names);
    if (!names[defaultLocale]) throw badInput('errors:section.nameInDefaultLocale', { locale: defaultLocale });
    const created = await this.sections.insertIfSlugFree({ slug, names, country: this.country(input.country), defaultLocale, homepage: this.homepage(input.homepage) });
    if (!created) throw conflict('errors:section.slugTaken', { slug });
    await this.readCache.bump('sections');
    return created;
  }

  /**
   * Changes a section by createSection's rules (ADMIN): an absent field stays, null clears country or homepage;
   * `names` replaces every name and must still name the section in its default language. Every cached read
   * that shows sections (lists, articles, outgoing feeds, sitemaps) is retired.
   */
  async update(slug: string, input: UpdateSectionInput): Promise<SectionEntity> {
    const section = await this.require(slug);
    if (input.names === null) throw badInput('errors:common.cannotClear', { field: 'names' });
    if (input.defaultLocale === null) throw badInput('errors:common.cannotClear', { field: 'defaultLocale' });
    const patch: Partial<Pick<SectionEntity, 'names' | 'country' | 'defaultLocale' | 'homepage'>> = {};
    if (input.names !== undefined) patch.names = this.names(input.names);
    if (input.defaultLocale !== undefined) patch.defaultLocale = this.locales.require(input.defaultLocale);
    if (input.country !== undefined) patch.country = this.country(input.country);
    if (input.homepage !== undefined) patch.homepage = this.homepage(input.homepage);
    const defaultLocale = patch.defaultLocale ?? section.defaultLocale;
    if (!(patch.names ?? section.names)[defaultLocale]) throw badInput('errors:section.nameInDefaultLocale', { locale: defaultLocale });
    if (!Object.keys(patch).length) return section;
    const updated = await this.sections.update(section.id, patch);
    if (!updated) throw notFound('errors:section.notFound', { slug });
    await this.readCache.bump('sections');
    return updated;
  }

  /** The section's name in `locale`, else its default locale's name. */
  nameOf(section: SectionEntity, locale: string): string {
    return section.names[locale] ?? section.names[section.defaultLocale] ?? Object.values(section.names)[0] ?? section.slug;
  }

  private country(raw: string | null | undefined): string | null {
    const country = raw ? raw.trim().toUpperCase() : null;
    if (country !== null && !/^[A-Z]{2}$/.test(country)) throw badInput('errors:section.badCountry', { country: raw });
    return country;
  }

  private homepage(raw: string | null | undefined): string | null {
    const homepage = raw ? httpUrl(raw.trim()) : null;
    if (raw && !homepage) throw badInput('errors:common.badUrl', { url: raw });
    return homepage;
  }

  private names(raw: unknown): Record<string, string> {
    if (!raw || typeof raw !== 'object' || Array.isArray(raw)) throw badInput('errors:section.badNames');
    const names: Record<string, string> = {};
    for (const [tag, value] of Object.entries(raw as Record<string, unknown>)) {
      if (typeof value !== 'string' || !cleanText(value)) throw badInput('errors:section.badNames');
      names[this.locales.require(tag)] = cleanText(value);
    }
    if (!Object.keys(names).length) throw badInput('errors:section.badNames');
    return names;
  }
}
