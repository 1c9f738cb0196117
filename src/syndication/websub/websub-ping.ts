import { createHash } from 'node:crypto';
import { outgoingFeedUrls, OUT_FORMATS } from '../feed-writers';

/** The queue of publish pings to WEBSUB_HUB_URL (queued by every process that publishes, sent by the worker). */
export const WEBSUB_PUBLISH_QUEUE = 'websub-publish';

export interface PingJobData {
  /** The feed URLs to announce (hub.url), one publish request each. */
  topics: string[];
}

/**
 * The outgoing feeds a publication in `locale` and a section changes: that language's feeds everywhere and
 * in the section, in every format; grouped per scope (one ping job each).
 */
export function changedFeeds(publicUrl: string, publications: readonly { locale: string; sectionSlug: string }[]): string[][] {
  const scopes = new Map<string, string[]>();
  for (const p of publications) {
    for (const slug of [null, p.sectionSlug]) {
      const key = `${p.locale} ${slug === null ? '*' : `/${slug}`}`;
      if (!scopes.has(key)) scopes.set(key, OUT_FORMATS.map((f) => outgoingFeedUrls(publicUrl, p.locale, slug)[f]));
    }
  }
  return [...scopes.values()];
}

/**
 * Debouncing across processes: every publication of one feed set within the same window of `debounceMs`
 * maps to one job id, delayed to the window's end, so the hub hears once per window and never before the
 * last publication of it was committed. With 0, every publication pings at once.
 */
export function pingJob(topics: readonly string[], now: number, debounceMs: number): { jobId: string; delay: number } {
  const key = createHash('sha256').update(topics.join('\n')).digest('hex').slice(0, 32);
  if (debounceMs <= 0) return { jobId: `ping-${key}-${now}`, delay: 0 };
  const window = Math.floor(now / debounceMs);
  return { jobId: `ping-${key}-${window}`, delay: (window + 1) * debounceMs - now };
}
