import { Injectable } from '@nestjs/common';
import { badInput, notFound } from '../common/errors';
import type { Principal } from '../common/principal';
import { isUuid } from '../common/text';
import { LocaleRegistry } from '../i18n/locale-registry';
import { ReadCache } from '../redis/read-cache';
import { SectionRepository } from '../sections';
import { CreateWatchInput, UpdateWatchInput } from './dto/mention.inputs';
import { cleanLocales, cleanName, cleanNear, cleanSourceIds, cleanTerms, cleanWords } from './watch-input';
import type { WatchEntity } from './watch.entity';
import { WatchRepository, type WatchFields, type WatchWrite } from './watch.repository';

/**
 * A watch's life: created, changed, deleted by an EDITOR or ADMIN. Everything is validated before anything
 * is written; a change applies to what is scanned from then on (mentions already found stay as they are),
 * and deleting a watch deletes its mentions.
 */
@Injectable()
export class WatchesService {
  private readonly locale = (tag: string) => this.locales.require(tag);

  constructor(
    private readonly watches: WatchRepository,
    private readonly sections: SectionRepository,
    private readonly locales: LocaleRegistry,
    private readonly readCache: ReadCache,
  ) {}

  async createWatch(input: CreateWatchInput, principal: Principal | null): Promise<WatchEntity> {
    const fields: WatchFields = {
      name: cleanName(input.name),
      terms: cleanTerms(input.terms, this.locale),
      excludes: cleanWords(input.excludes, 'excludes'),
      excludeItemsWith: cleanWords(input.excludeItemsWith, 'excludeItemsWith'),
      allOf: cleanWords(input.allOf, 'allOf'),
      near: cleanNear(input.near),
      locales: cleanLocales(input.locales, this.locale),
      sourceIds: cleanSourceIds(input.sources),
      sectionId: await this.sectionIdOf(input.section),
    };
    return this.written(await this.watches.insert({ ...fields, createdBy: principal?.name ?? null }));
  }

  /** An absent field stays as it is; null clears a list or the section, and is refused for the name and the terms. */
  async updateWatch(id: string, input: UpdateWatchInput): Promise<WatchEntity> {
    await this.requireWatch(id);
    const changes: Partial<WatchFields> = {};
    if (input.name !== undefined) changes.name = cleanName(input.name);
    if (input.terms !== undefined) changes.terms = cleanTerms(input.terms, this.locale);
    if (input.excludes !== undefined) changes.excludes = cleanWords(input.excludes, 'excludes');
    if (input.excludeItemsWith !== undefined) changes.excludeItemsWith = cleanWords(input.excludeItemsWith, 'excludeItemsWith');
    if (input.allOf !== undefined) changes.allOf = cleanWords(input.allOf, 'allOf');
    if (input.near !== undefined) changes.near = cleanNear(input.near);
    if (input.locales !== undefined) changes.locales = cleanLocales(input.locales, this.locale);
    if (input.sources !== undefined) changes.sourceIds = cleanSourceIds(input.sources);
    if (input.section !== undefined) changes.sectionId = await this.sectionIdOf(input.section);
    const result = await this.watches.update(id, changes);
    if (!result) throw notFound('mentions:errors.watchNotFound', { id });
    const watch = this.written(result);
    // Nothing cached is computed from a watch's fields today; retire the mention reads all the same, so
    // a cached read added later cannot outlive the change.
    await this.readCache.bump('mentions');
    return watch;
  }

  /** Deletes the watch and its mentions; NOT_FOUND when there is no such watch. */
  async deleteWatch(id: string): Promise<boolean> {
    if (!isUuid(id) || !(await this.watches.delete(id))) throw notFound('mentions:errors.watchNotFound', { id });
    await this.readCache.bump('mentions');
    return true;
  }

  async requireWatch(id: string): Promise<WatchEntity> {
    const watch = isUuid(id) ? await this.watches.findById(id) : null;
    if (!watch) throw notFound('mentions:errors.watchNotFound', { id });
    return watch;
  }

  private written(result: WatchWrite): WatchEntity {
    if ('missingSource' in result) throw badInput('mentions:errors.sourceNotFound', { id: result.missingSource });
    return result.watch;
  }

  private async sectionIdOf(slug: string | null | undefined): Promise<string | null> {
    if (!slug?.trim()) return null;
    const section = await this.sections.findBySlug(slug.trim());
    if (!section) throw badInput('errors:section.notFound', { slug });
    return section.id;
  }
}
