import { Injectable } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import { Repository } from 'typeorm';
import { readRows } from '../database/read-routing';
import { SectionEntity } from './section.entity';

@Injectable()
export class SectionRepository {
  constructor(@InjectRepository(SectionEntity) private readonly repo: Repository<SectionEntity>) {}

  /** Raw rows (readRows), as every read by slug asks for its section first. */
  async findBySlug(slug: string): Promise<SectionEntity | null> {
    return (await readRows<SectionRow>(this.repo.manager.connection, `SELECT ${SECTION_COLUMNS} FROM sections WHERE slug = $1`, [slug])).map(sectionOf)[0] ?? null;
  }

  async findById(id: string): Promise<SectionEntity | null> {
    return (await this.findByIds([id]))[0] ?? null;
  }

  /** Raw rows (readRows): every page of articles asks for its sections. */
  async findByIds(ids: readonly string[]): Promise<SectionEntity[]> {
    if (!ids.length) return [];
    const rows = await readRows<SectionRow>(this.repo.manager.connection, `SELECT ${SECTION_COLUMNS} FROM sections WHERE id = ANY($1::uuid[])`, [ids]);
    return rows.map(sectionOf);
  }

  listAll(): Promise<SectionEntity[]> {
    return this.repo.find({ order: { slug: 'ASC' } });
  }

  /** Sets these columns of a section; the section as it is now, or null when it is gone. */
  async update(id: string, patch: Partial<Pick<SectionEntity, 'names' | 'country' | 'defaultLocale' | 'homepage'>>): Promise<SectionEntity | null> {
    await this.repo.update({ id }, patch);
    return this.findById(id);
  }

  /** Inserts a section; null when the slug is taken (the unique index decides, not a racy pre-check). */
  async insertIfSlugFree(section: Omit<SectionEntity, 'id' | 'createdAt' | 'updatedAt'>): Promise<SectionEntity | null> {
    const result = await this.repo
      .createQueryBuilder()
      .insert()
      .values(section)
      .orIgnore()
      .returning('*')
      .execute();
    const raw = result.raw as Record<string, unknown>[];
    return raw.length ? this.findBySlug(section.slug) : null;
  }
}

const SECTION_COLUMNS = 'id, slug, names, country, default_locale, homepage, created_at, updated_at';

interface SectionRow {
  id: string;
  slug: string;
  names: Record<string, string>;
  country: string | null;
  default_locale: string;
  homepage: string | null;
  created_at: Date;
  updated_at: Date;
}

const sectionOf = (r: SectionRow): SectionEntity => ({
  id: r.id,
  slug: r.slug,
  names: r.names,
  country: r.country,
  defaultLocale: r.default_locale,
  homepage: r.homepage,
  createdAt: r.created_at,
  updatedAt: r.updated_at,
});
