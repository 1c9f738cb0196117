import type { DataSource } from 'typeorm';

/** The tables whose rows carry a due time (`next_fetch_at`) and a status, polled by the worker. */
export type PolledTable = 'feeds' | 'mention_sources';

export interface DueRow {
  id: string;
  dueAt: Date;
}

/**
 * Claims up to `limit` due rows (SKIP LOCKED, so dispatchers never take the same row), lets `enqueue` add
 * their jobs, then pushes their due time a lease ahead, all in one transaction: a row is enqueued once per
 * due time, and one that is never polled (a lost job) comes due again when the lease runs out.
 */
export async function claimDue(
  dataSource: DataSource,
  table: PolledTable,
  limit: number,
  leaseSeconds: number,
  enqueue: (due: DueRow[]) => Promise<void>,
): Promise<number> {
  return dataSource.transaction(async (m) => {
    const due = await m.query<{ id: string; next_fetch_at: Date }[]>(
      `SELECT id, next_fetch_at FROM ${table}
        WHERE status IN ('ACTIVE','FAILING') AND next_fetch_at <= now()
        ORDER BY next_fetch_at
        LIMIT $1
        FOR UPDATE SKIP LOCKED`,
      [limit],
    );
    if (!due.length) return 0;
    await enqueue(due.map((d) => ({ id: d.id, dueAt: d.next_fetch_at })));
    await m.query(`UPDATE ${table} SET next_fetch_at = now() + make_interval(secs => $2) WHERE id = ANY($1::uuid[])`, [
      due.map((d) => d.id),
      leaseSeconds,
    ]);
    return due.length;
  });
}
