import { Injectable } from '@nestjs/common';
import { badInput, conflict, notFound } from '../common/errors';
import { cleanText, httpUrl } from '../common/text';
import { LocaleRegistry } from '../i18n/locale-registry';
import { CreateSectionInput } from './dto/create-section.input';
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
    const country = input.country ? input.country.trim().toUpperCase() : null;
    if (country !== null && !/^[A-Z]{2}$/.test(country)) throw badInput('errors:section.badCountry', { country: input.country });
    const homepage = input.homepage ? httpUrl(input.homepage.trim()) : null;
    if (input.homepage && !homepage) throw badInput('errors:common.badUrl', { url: input.homepage });
    const created = await this.sections.insertIfSlugFree({ slug, names, country, defaultLocale, homepage });
    if (!created) throw conflict('errors:section.slugTaken', { slug });
    await this.readCache.bump('sections');
    return created;
  }

  /** The section's name in `locale`, else its default locale's name. */
  nameOf(section: SectionEntity, locale: string): string {
    return section.names[locale] ?? section.names[section.defaultLocale] ?? Object.values(section.names)[0] ?? section.slug;
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
