import type { DataSource } from 'typeorm';

/** The tables whose rows carry a due time (`next_fetch_at`) and a status, polled by the worker. */
export type PolledTable = 'feeds' | 'mention_sources';

export interface DueRow {
  id: string;
  dueAt: Date;
  /** The row's URL, for the order of its job (see interleaveByHost). */
  url?: string;
}

const hostOf = (url: string | undefined): string => {
  try {
    return url ? new URL(url).host.toLowerCase() : '';
  } catch {
    return '';
  }
};

/**
 * Due rows in the order their jobs are queued: one per host in turn (first come first within a host), so
 * that the jobs a worker takes at once are for different sites. Consecutive jobs for one site would find
 * its per-host slots taken and be delayed, while the slots of other sites stay idle.
 */
export function interleaveByHost<T extends { url?: string }>(rows: readonly T[]): T[] {
  const byHost = new Map<string, T[]>();
  for (const row of rows) {
    const host = hostOf(row.url);
    const list = byHost.get(host);
    if (list) list.push(row);
    else byHost.set(host, [row]);
  }
  const lists = [...byHost.values()];
  const out: T[] = [];
  for (let i = 0; out.length < rows.length; i++) for (const list of lists) if (i < list.length) out.push(list[i]);
  return out;
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
    const due = await m.query<{ id: string; next_fetch_at: Date; url: string }[]>(
      `SELECT id, next_fetch_at, url FROM ${table}
        WHERE status IN ('ACTIVE','FAILING') AND next_fetch_at <= now()
        ORDER BY next_fetch_at
        LIMIT $1
        FOR UPDATE SKIP LOCKED`,
      [limit],
    );
    if (!due.length) return 0;
    await enqueue(interleaveByHost(due.map((d) => ({ id: d.id, dueAt: d.next_fetch_at, url: d.url }))));
    await m.query(`UPDATE ${table} SET next_fetch_at = now() + make_interval(secs => $2) WHERE id = ANY($1::uuid[])`, [
      due.map((d) => d.id),
      leaseSeconds,
    ]);
    return due.length;
  });
}
