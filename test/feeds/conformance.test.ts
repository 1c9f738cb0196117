import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { htmlToText } from '../../src/common/html';
import type { ParsedItem } from '../../src/feed-reader/feed.types';
import { parseFeed } from '../../src/feed-reader/parse/parse-feed';

/**
 * The conformance corpus (test/fixtures/conformance, licences in its LICENSES/) (140 real feeds with feedparser's reference parse), run through parseFeed.
 * Every case matches on entry count, then per entry id, title (whitespace collapsed), link (compared as
 * URLs) and published (to the second), or is listed in conformance-known-differences.json with the
 * policies that explain how newsdesk differs; each policy is checked (POLICIES), so a listed case still
 * fails on any difference its policies do not explain. A listed case that now matches fails too (stale).
 */
const CORPUS = path.resolve(__dirname, '../fixtures/conformance');

interface Expected {
  format: string;
  entries: { id: string | null; title: string | null; link: string | null; published: string | null; updated: string | null }[];
}
interface Case {
  feed: string;
  expected: string;
  contentType: string | null;
}
interface KnownDifferences {
  policies: Record<string, string>;
  cases: Record<string, { fields: string[]; policies: string[]; reason: string }>;
}

const collapse = (s: string | null | undefined) => (s ?? '').replace(/\s+/g, ' ').trim();
const asUrl = (s: string | null | undefined) => {
  if (!s) return '';
  try {
    return new URL(s.trim()).href;
  } catch {
    return s.trim();
  }
};
const toSecond = (s: string | Date | null | undefined) => (s ? Math.floor(new Date(s).getTime() / 1000) : null);

type Entry = Expected['entries'][number];
interface Mismatch {
  field: string;
  index: number;
  ours: ParsedItem | null;
  ref: Entry | null;
  detail: string;
}

const isHttp = (s: string | null | undefined) => !!s && /^https?:\/\//i.test(s.trim());

/**
 * What each policy of conformance-known-differences.json allows: a listed case passes only when every
 * differing field of every entry is explained by one of the policies the case names.
 */
const POLICIES: Record<string, (m: Mismatch) => boolean> = {
  updatedAsPublished: (m) => m.field === 'published' && !m.ref?.published && toSecond(m.ours?.publishedAt) === toSecond(m.ref?.updated),
  twelveHourClock: (m) =>
    m.field === 'published' && Math.abs((toSecond(m.ours?.publishedAt) ?? 0) - (toSecond(m.ref?.published) ?? 0)) === 12 * 3600,
  localisedDates: (m) => m.field === 'published' && !m.ref?.published && !m.ref?.updated && !!m.ours?.publishedAt,
  httpLinksOnly: (m) => m.field === 'link' && !m.ours?.link && !!m.ref?.link && !isHttp(m.ref.link),
  resolvesRelativeLinks: (m) =>
    m.field === 'link' && !!m.ours?.link && !!m.ref?.link && !isHttp(m.ref.link) && new URL(m.ref.link, m.ours.link).href === m.ours.link,
  emptyGuidIsNull: (m) => m.field === 'id' && m.ref?.id === '' && m.ours?.guid === null,
  rawIds: (m) => m.field === 'id' && !!m.ours?.guid && !!m.ref?.id && m.ref.id !== m.ours.guid && m.ref.id.endsWith(m.ours.guid),
  plainTextTitles: (m) => m.field === 'title' && collapse(htmlToText(m.ref?.title ?? '')) === collapse(m.ours?.title),
  nfcText: (m) => m.field === 'title' && collapse(m.ref?.title).normalize('NFC') === collapse(m.ours?.title),
};

function compare(c: Case): Mismatch[] {
  const expected = JSON.parse(readFileSync(path.join(CORPUS, c.expected), 'utf8')) as Expected;
  let parsed;
  try {
    parsed = parseFeed(readFileSync(path.join(CORPUS, c.feed)), { contentType: c.contentType });
  } catch (err) {
    return [{ field: 'error', index: -1, ours: null, ref: null, detail: String(err) }];
  }
  const mismatches: Mismatch[] = [];
  if (parsed.items.length !== expected.entries.length) {
    mismatches.push({ field: 'count', index: -1, ours: null, ref: null, detail: `count ${parsed.items.length} != ${expected.entries.length}` });
  }
  const n = Math.min(parsed.items.length, expected.entries.length);
  for (let i = 0; i < n; i++) {
    const ours = parsed.items[i];
    const ref = expected.entries[i];
    const checks: [string, unknown, unknown][] = [
      ['id', ours.guid ?? null, ref.id ?? null],
      ['title', collapse(ours.title), collapse(ref.title)],
      ['link', asUrl(ours.link), asUrl(ref.link)],
      ['published', toSecond(ours.publishedAt), toSecond(ref.published)],
    ];
    for (const [field, a, b] of checks) {
      if (a !== b) mismatches.push({ field, index: i, ours, ref, detail: `#${i} ${field}: ours ${JSON.stringify(a)} ref ${JSON.stringify(b)}` });
    }
  }
  return mismatches;
}

describe('feed conformance corpus', () => {
  it('finds the corpus in the repository (test/fixtures/conformance)', () => {
    expect(existsSync(path.join(CORPUS, 'manifest.json'))).toBe(true);
  });

  it('matches every case or explains the difference', () => {
    const manifest = JSON.parse(readFileSync(path.join(CORPUS, 'manifest.json'), 'utf8')) as { cases: Case[] };
    const known = JSON.parse(readFileSync(path.join(__dirname, 'conformance-known-differences.json'), 'utf8')) as KnownDifferences;
    let matched = 0;
    const unexplained: string[] = [];
    const stale: string[] = [];
    const report: Record<string, { fields: string[]; details: string[] }> = {};
    for (const c of manifest.cases) {
      const mismatches = compare(c);
      const listed = known.cases[c.feed];
      if (!mismatches.length) {
        matched++;
        if (listed) stale.push(c.feed);
        continue;
      }
      const fields = [...new Set(mismatches.map((m) => m.field))].sort();
      report[c.feed] = { fields, details: mismatches.slice(0, 6).map((m) => m.detail) };
      const policies = (listed?.policies ?? []).map((name) => {
        if (!POLICIES[name]) throw new Error(`unknown policy ${name} for ${c.feed}`);
        return POLICIES[name];
      });
      const left = mismatches.filter((m) => !policies.some((allows) => allows(m)));
      if (left.length) unexplained.push(`${c.feed} [${fields.join(',')}]\n    ${left.slice(0, 6).map((m) => m.detail).join('\n    ')}`);
    }
    if (process.env.CONFORMANCE_REPORT) writeFileSync(process.env.CONFORMANCE_REPORT, JSON.stringify(report, null, 1));
    const total = manifest.cases.length;
    const differing = Object.keys(report).length;
    console.log(
      `conformance: ${matched}/${total} cases match completely (${((matched / total) * 100).toFixed(1)}%); ${differing} differ, ` +
        `${differing - unexplained.length} of them only in ways their stated policies explain`,
    );
    expect(unexplained).toEqual([]);
    expect(stale).toEqual([]);
  });
});
