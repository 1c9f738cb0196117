import { Injectable } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import { DataSource, EntityManager, Repository } from 'typeorm';
import { rowsOf } from './query-rows';
import { WatchEntity, type StoredNearTerm, type StoredWatchTerm } from './watch.entity';

/** What an editor sets on a watch (createWatch, updateWatch), cleaned. */
export interface WatchFields {
  name: string;
  terms: StoredWatchTerm[];
  excludes: string[];
  excludeItemsWith: string[];
  allOf: string[];
  near: StoredNearTerm[];
  locales: string[];
  sourceIds: string[];
  sectionId: string | null;
}

/** A write that names mention sources: done, or refused because one of them does not exist (any more). */
export type WatchWrite = { watch: WatchEntity } | { missingSource: string };

@Injectable()
export class WatchRepository {
  constructor(
    @InjectRepository(WatchEntity) private readonly repo: Repository<WatchEntity>,
    private readonly dataSource: DataSource,
  ) {}

  /** Inserts a watch whose sources all exist (see lockSources). */
  insert(watch: WatchFields & { createdBy: string | null }): Promise<WatchWrite> {
    return this.dataSource.transaction(async (manager) => {
      const missing = await lockSources(manager, watch.sourceIds);
      if (missing) return { missingSource: missing };
      const repo = manager.getRepository(WatchEntity);
      return { watch: await repo.save(repo.create(watch)) };
    });
  }

  /** Changes the given fields of a watch (the others stay); null when there is no such watch. */
  update(id: string, changes: Partial<WatchFields>): Promise<WatchWrite | null> {
    return this.dataSource.transaction(async (manager) => {
      const missing = await lockSources(manager, changes.sourceIds ?? []);
      if (missing) return { missingSource: missing };
      const repo = manager.getRepository(WatchEntity);
      // updated_at moves with every change: the compiled matchers see a new version of the watch set.
      const result = await repo.update({ id }, { ...changes, updatedAt: () => 'clock_timestamp()' });
      if (!result.affected) return null;
      return { watch: (await repo.findOne({ where: { id } }))! };
    });
  }

  /**
   * Deletes a watch and (by the foreign key's cascade) its mentions. A mention being recorded for it at
   * this moment holds a lock on the watch (MentionRepository.insertInStory), so the delete waits for it
   * and takes it along; a later one finds the watch gone and records nothing.
   */
  async delete(id: string): Promise<boolean> {
    const rows = rowsOf<{ id: string }>(await this.dataSource.query(`DELETE FROM watches WHERE id = $1 RETURNING id`, [id]));
    return rows.length > 0;
  }

  listAll(): Promise<WatchEntity[]> {
    return this.repo.find({ order: { createdAt: 'ASC', id: 'ASC' } });
  }

  findById(id: string): Promise<WatchEntity | null> {
    return this.repo.findOne({ where: { id } });
  }

  /** Changes whenever a watch is created, changed or deleted: the compiled matcher is cached per version. */
  async version(): Promise<string> {
    const [row] = rowsOf<{ v: string }>(
      await this.dataSource.query(`SELECT count(*)::text || '/' || coalesce(max(updated_at)::text, '-') || '/' || coalesce(max(created_at)::text, '-') AS v FROM watches`),
    );
    return row.v;
  }

  async mentionCounts(watchIds: readonly string[]): Promise<Map<string, number>> {
    const rows = rowsOf<{ watch_id: string; n: number }>(
      await this.dataSource.query(`SELECT watch_id, count(*)::int AS n FROM mentions WHERE watch_id = ANY($1::uuid[]) GROUP BY watch_id`, [watchIds]),
    );
    return new Map(rows.map((r) => [r.watch_id, r.n]));
  }
}

/**
 * Locks the mention sources a watch is about to name (FOR KEY SHARE, until the transaction ends) and
 * returns one that does not exist, if any. MentionSourceRepository.deleteUnlessWatched locks the source
 * FOR UPDATE before it looks for watches naming it, so the two serialise: either the delete comes first
 * and the watch is refused, or the watch commits first and the delete sees it and is refused.
 */
async function lockSources(manager: EntityManager, ids: readonly string[]): Promise<string | null> {
  if (!ids.length) return null;
  const found = rowsOf<{ id: string }>(await manager.query(`SELECT id FROM mention_sources WHERE id = ANY($1::uuid[]) ORDER BY id FOR KEY SHARE`, [ids]));
  const present = new Set(found.map((r) => r.id));
  return ids.find((id) => !present.has(id)) ?? null;
}
