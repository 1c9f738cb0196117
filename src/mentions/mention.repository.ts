import { Injectable } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import { DataSource, EntityManager, Repository } from 'typeorm';
import type { MentionState } from './alerts/mention-state';
import { MentionEntity } from './mention.entity';
import { rowsOf } from './query-rows';

export interface NewMention {
  watchId: string;
  url: string;
  title: string | null;
  excerpt: string;
  locale: string | null;
  sourceName: string;
  sourceId: string | null;
  publishedAt: Date | null;
  matchedTerms: string[];
  sectionIds: string[];
  articleIds: string[];
  storyId: string | null;
  minhash: number[];
  lshBands: number[];
  reportedBy: string | null;
}

export interface MentionFilter {
  watchId?: string;
  sectionId?: string;
  since?: Date;
  state?: MentionState;
}

/** A keyset position: found_at exactly as PostgreSQL prints it, and the id. */
export type MentionPosition = [foundAt: string, id: string];

export interface StoryCandidate {
  storyId: string;
  minhash: number[];
}

export interface StoryCandidates {
  /** The story of the same URL found earlier (under any watch). */
  sameUrl: string | null;
  candidates: StoryCandidate[];
}

/** Advisory lock namespaces (the first key of pg_advisory_xact_lock(int, int)) for story grouping. */
const LOCK_BAND = 0x6d6e_0001;
const LOCK_URL = 0x6d6e_0002;

export interface Outlet {
  storyId: string;
  mentionId: string;
  url: string;
  sourceName: string;
  publishedAt: Date | null;
  foundAt: Date;
}

@Injectable()
export class MentionRepository {
  constructor(
    @InjectRepository(MentionEntity) private readonly repo: Repository<MentionEntity>,
    private readonly dataSource: DataSource,
  ) {}

  findById(id: string): Promise<MentionEntity | null> {
    return this.repo.findOne({ where: { id } });
  }

  findByWatchAndUrl(watchId: string, url: string): Promise<MentionEntity | null> {
    return this.repo.findOne({ where: { watchId, url } });
  }

  /** Stories of earlier mentions: the same URL (under another watch), else candidates sharing an LSH band. */
  async storyCandidates(url: string, bands: readonly number[], sinceDays: number, manager?: EntityManager): Promise<StoryCandidates> {
    const q = manager ?? this.dataSource;
    const same = rowsOf<{ story_id: string }>(await q.query(`SELECT story_id FROM mentions WHERE url = $1 ORDER BY found_at LIMIT 1`, [url]));
    if (same.length) return { sameUrl: same[0].story_id, candidates: [] };
    if (!bands.length) return { sameUrl: null, candidates: [] };
    const rows = rowsOf<{ story_id: string; minhash: number[] }>(
      await q.query(
        `SELECT DISTINCT ON (url) story_id, minhash FROM mentions
          WHERE lsh_bands && $1::int[] AND found_at > now() - make_interval(days => $2)
          ORDER BY url, found_at LIMIT 200`,
        [bands, sinceDays],
      ),
    );
    return { sameUrl: null, candidates: rows.map((r) => ({ storyId: r.story_id, minhash: r.minhash })) };
  }

  /**
   * Inserts one mention per (watch, URL). An existing one (the same item scanned again, or found in another
   * source under the same URL) keeps its text, excerpt and source, and gains any matched terms, sections
   * and linked articles it did not have, so the result does not depend on which source was polled first.
   * Returns the id and whether it is new.
   */
  async insertOnce(m: NewMention, manager?: EntityManager): Promise<{ id: string; created: boolean }> {
    const q = manager ?? this.dataSource;
    const inserted = rowsOf<{ id: string; created: boolean }>(
      await q.query(
        `INSERT INTO mentions (watch_id, url, title, excerpt, locale, source_name, source_id, published_at, matched_terms,
                               section_ids, article_ids, story_id, minhash, lsh_bands, reported_by)
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9::text[], $10::uuid[], $11::uuid[], COALESCE($12::uuid, gen_random_uuid()), $13::int[], $14::int[], $15)
         ON CONFLICT (watch_id, url) DO UPDATE SET
           matched_terms = ARRAY(SELECT t FROM unnest(mentions.matched_terms || EXCLUDED.matched_terms) WITH ORDINALITY AS x(t, n) GROUP BY t ORDER BY min(n)),
           section_ids = ARRAY(SELECT DISTINCT unnest(mentions.section_ids || EXCLUDED.section_ids)),
           article_ids = ARRAY(SELECT DISTINCT unnest(mentions.article_ids || EXCLUDED.article_ids))
         WHERE NOT (mentions.matched_terms @> EXCLUDED.matched_terms AND mentions.section_ids @> EXCLUDED.section_ids
                    AND mentions.article_ids @> EXCLUDED.article_ids)
         RETURNING id, (xmax = 0) AS created`,
        [m.watchId, m.url, m.title, m.excerpt, m.locale, m.sourceName, m.sourceId, m.publishedAt, m.matchedTerms, m.sectionIds, m.articleIds, m.storyId, m.minhash, m.lshBands, m.reportedBy],
      ),
    );
    if (inserted.length) {
      if (!inserted[0].created) return { id: inserted[0].id, created: false };
      // A mention that starts its own story is that story's first mention: its id names the story.
      if (!m.storyId) await q.query(`UPDATE mentions SET story_id = id WHERE id = $1`, [inserted[0].id]);
      return { id: inserted[0].id, created: true };
    }
    const [existing] = rowsOf<{ id: string }>(await q.query(`SELECT id FROM mentions WHERE watch_id = $1 AND url = $2`, [m.watchId, m.url]));
    return { id: existing.id, created: false };
  }

  /**
   * Inserts one mention (as insertOnce) in the story `choose` picks from the candidates, safely under
   * concurrency: the choice and the insert run in one transaction holding advisory locks on the URL and on
   * each LSH band, so two near-duplicates (they share a band) or two watches' copies of one URL, polled at
   * the same moment, are serialised and the second sees the first's story instead of starting its own.
   * Locks are taken in one sorted statement, so two transactions never wait on each other in a cycle.
   * The watch and the source are locked too (FOR KEY SHARE): a watch or source deleted before this
   * starts records nothing ({ gone }), and one deleted meanwhile waits until this mention is committed.
   */
  insertInStory(
    m: Omit<NewMention, 'storyId'>,
    sinceDays: number,
    choose: (found: StoryCandidates) => string | null,
  ): Promise<{ id: string; created: boolean } | { gone: 'watch' | 'source' }> {
    return this.dataSource.transaction(async (manager) => {
      await manager.query(
        `SELECT pg_advisory_xact_lock(k.ns, k.v) FROM (
           SELECT DISTINCT ns, v FROM (SELECT ${LOCK_BAND} AS ns, unnest($1::int[]) AS v UNION ALL SELECT ${LOCK_URL}, hashtext($2)) x
            ORDER BY ns, v) k`,
        [m.lshBands, m.url],
      );
      if (!rowsOf(await manager.query(`SELECT 1 FROM watches WHERE id = $1 FOR KEY SHARE`, [m.watchId])).length) return { gone: 'watch' as const };
      if (m.sourceId && !rowsOf(await manager.query(`SELECT 1 FROM mention_sources WHERE id = $1 FOR KEY SHARE`, [m.sourceId])).length) {
        return { gone: 'source' as const };
      }
      const found = await this.storyCandidates(m.url, m.lshBands, sinceDays, manager);
      return this.insertOnce({ ...m, storyId: choose(found) }, manager);
    });
  }

  /** Newest found first, `limit` rows after `position`, each with its own position for the cursor. */
  async pageNewestFirst(filter: MentionFilter, position: MentionPosition | null, limit: number): Promise<{ mention: MentionEntity; position: MentionPosition }[]> {
    const query = this.filtered(filter).addSelect('m.found_at::text', 'position_found_at');
    if (position) {
      query.andWhere('(m.found_at, m.id) < (CAST(:pf AS timestamptz), CAST(:pid AS uuid))', { pf: position[0], pid: position[1] });
    }
    const { entities, raw } = await query.orderBy('m.found_at', 'DESC').addOrderBy('m.id', 'DESC').limit(limit).getRawAndEntities();
    return entities.map((mention, i) => ({ mention, position: [(raw[i] as Record<string, string>).position_found_at, mention.id] }));
  }

  countMatching(filter: MentionFilter): Promise<number> {
    return this.filtered(filter).getCount();
  }

  /** The outlets of several stories: one row per URL, earliest first. */
  async outletsOfStories(storyIds: readonly string[]): Promise<Outlet[]> {
    const rows = rowsOf<{ story_id: string; id: string; url: string; source_name: string; published_at: Date | null; found_at: Date }>(
      await this.dataSource.query(
        `SELECT * FROM (
           SELECT DISTINCT ON (story_id, url) story_id, id, url, source_name, published_at, found_at
             FROM mentions WHERE story_id = ANY($1::uuid[]) ORDER BY story_id, url, found_at
         ) o ORDER BY coalesce(published_at, found_at), url`,
        [storyIds],
      ),
    );
    return rows.map((r) => ({ storyId: r.story_id, mentionId: r.id, url: r.url, sourceName: r.source_name, publishedAt: r.published_at, foundAt: r.found_at }));
  }

  /** Our articles whose canonical URL, alternate URL or a translation's URL is one of `urls`. */
  async articlesLinkedBy(urls: readonly string[]): Promise<{ id: string; sectionId: string }[]> {
    if (!urls.length) return [];
    const rows = rowsOf<{ id: string; section_id: string }>(
      await this.dataSource.query(
        // Three index lookups (canonical URL, alternates table, translation URL) rather than one OR that scans.
        `SELECT a.id, a.section_id FROM articles a WHERE a.canonical_url = ANY($1::text[])
         UNION
         SELECT a.id, a.section_id FROM article_alternates x JOIN articles a ON a.id = x.article_id WHERE x.url = ANY($1::text[])
         UNION
         SELECT t.article_id, t.section_id FROM translations t WHERE t.url = ANY($1::text[])
         LIMIT 100`,
        [urls],
      ),
    );
    return rows.map((r) => ({ id: r.id, sectionId: r.section_id }));
  }

  private filtered(filter: MentionFilter) {
    const query = this.repo.createQueryBuilder('m');
    if (filter.watchId) query.andWhere('m.watch_id = :watchId', { watchId: filter.watchId });
    if (filter.sectionId) query.andWhere(':sectionId = ANY(m.section_ids)', { sectionId: filter.sectionId });
    if (filter.since) query.andWhere('m.found_at >= :since', { since: filter.since });
    if (filter.state) query.andWhere('m.state = :state', { state: filter.state });
    return query;
  }
}
