import { Injectable } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import { In, Repository } from 'typeorm';
import { SectionEntity } from './section.entity';

@Injectable()
export class SectionRepository {
  constructor(@InjectRepository(SectionEntity) private readonly repo: Repository<SectionEntity>) {}

  findBySlug(slug: string): Promise<SectionEntity | null> {
    return this.repo.findOne({ where: { slug } });
  }

  findById(id: string): Promise<SectionEntity | null> {
    return this.repo.findOne({ where: { id } });
  }

  findByIds(ids: readonly string[]): Promise<SectionEntity[]> {
    return ids.length ? this.repo.find({ where: { id: In([...ids]) } }) : Promise.resolve([]);
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
