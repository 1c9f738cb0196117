import { Injectable } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import { DataSource, Repository } from 'typeorm';
import { rowsOf } from './query-rows';
import { WatchEntity, type StoredWatchTerm } from './watch.entity';

@Injectable()
export class WatchRepository {
  constructor(
    @InjectRepository(WatchEntity) private readonly repo: Repository<WatchEntity>,
    private readonly dataSource: DataSource,
  ) {}

  insert(watch: { name: string; terms: StoredWatchTerm[]; excludes: string[]; sectionId: string | null; createdBy: string | null }) {
    return this.repo.save(this.repo.create(watch));
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
