/** Counts of one locale in a section, as the coverage query returns them. */
export interface CoverageCounts {
  total: number;
  published: number;
  inProgress: number;
  stale: number;
  missing: number;
}

export interface LocaleCoverage extends CoverageCounts {
  locale: string;
  percent: number;
}

/**
 * Each article falls in exactly one bucket per locale: `published` (a published translation made from the
 * current source revision, or the original itself), `stale` (published, but from an older revision),
 * `inProgress` (nothing published yet, but a draft, work in progress, submitted or rejected translation
 * exists) or `missing` (nothing at all). `percent` is the share of `published`, one decimal, 0 for an empty
 * section.
 */
export function toCoverage(locale: string, counts: CoverageCounts): LocaleCoverage {
  const { total, published, inProgress, stale, missing } = counts;
  if (published + inProgress + stale + missing !== total) {
    throw new Error(`coverage buckets of ${locale} do not add up: ${JSON.stringify(counts)}`);
  }
  return { locale, ...counts, percent: coveragePercent(published, total) };
}

export function coveragePercent(published: number, total: number): number {
  if (total <= 0) return 0;
  return Math.round((published * 1000) / total) / 10;
}
