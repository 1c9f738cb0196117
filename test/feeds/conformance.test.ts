import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { parseFeed } from '../../src/feeds/parse/parse-feed';

/**
 * The shared conformance corpus (140 real feeds with feedparser's reference parse), run through parseFeed.
 * Every case matches on entry count, then per entry id, title (whitespace collapsed), link (compared as
 * URLs) and published (to the second), or is listed in conformance-known-differences.json with the reason
 * newsdesk differs. An unexplained mismatch fails, and so does a listed case that now matches (stale).
 */
const CORPUS = path.resolve(__dirname, '../../../shared/conformance');

interface Expected {
  format: string;
  entries: { id: string | null; title: string | null; link: string | null; published: string | null }[];
}
interface Case {
  feed: string;
  expected: string;
  contentType: string | null;
}
interface KnownDifferences {
  policies: Record<string, string>;
  cases: Record<string, { fields: string[]; reason: string }>;
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

function compare(c: Case): { fields: string[]; details: string[] } {
  const expected = JSON.parse(readFileSync(path.join(CORPUS, c.expected), 'utf8')) as Expected;
  const fields = new Set<string>();
  const details: string[] = [];
  let parsed;
  try {
    parsed = parseFeed(readFileSync(path.join(CORPUS, c.feed)), { contentType: c.contentType });
  } catch (err) {
    return { fields: ['error'], details: [String(err)] };
  }
  if (parsed.items.length !== expected.entries.length) {
    fields.add('count');
    details.push(`count ${parsed.items.length} != ${expected.entries.length}`);
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
      if (a !== b) {
        fields.add(field);
        if (details.length < 6) details.push(`#${i} ${field}: ours ${JSON.stringify(a)} ref ${JSON.stringify(b)}`);
      }
    }
  }
  return { fields: [...fields].sort(), details };
}

describe('feed conformance corpus', () => {
  it('finds the corpus beside the repository (repo/../shared/conformance)', () => {
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
      const { fields, details } = compare(c);
      const listed = known.cases[c.feed];
      if (!fields.length) {
        matched++;
        if (listed) stale.push(c.feed);
        continue;
      }
      report[c.feed] = { fields, details };
      const explained = listed && fields.every((f) => listed.fields.includes(f));
      if (!explained) unexplained.push(`${c.feed} [${fields.join(',')}]\n    ${details.join('\n    ')}`);
    }
    if (process.env.CONFORMANCE_REPORT) writeFileSync(process.env.CONFORMANCE_REPORT, JSON.stringify(report, null, 1));
    const total = manifest.cases.length;
    const rate = ((matched / total) * 100).toFixed(1);
    console.log(
      `conformance: ${matched}/${total} cases match completely (${rate}%); ${Object.keys(report).length} differ, ` +
        `${Object.keys(report).length - unexplained.length} of them with a stated reason`,
    );
    expect(unexplained).toEqual([]);
    expect(stale).toEqual([]);
  });
});
