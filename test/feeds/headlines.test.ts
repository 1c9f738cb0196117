import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { NEWS_SENTENCES } from '../../bench/news-sentences';
import { detectLanguage, loadLanguageDetector } from '../../src/feed-reader/parse/language';

/**
 * Language detection over a headline set: headlines written for it (test/fixtures/headlines/<lang>.txt),
 * the relevance set's titles, the news sentences' first clauses, and the titles of the conformance corpus's
 * English and Urdu feeds (test/fixtures/conformance, licences there). Each text is detected alone: no
 * declared language, no section prior. Then the same with a summary, where the set has one.
 */
const SUPPORTED = ['en', 'fr', 'zh', 'ur', 'es', 'sv'];
const FIXTURES = join(__dirname, '..', 'fixtures');

function corpusTitles(): Record<string, string[]> {
  const manifest = JSON.parse(readFileSync(join(FIXTURES, 'conformance', 'manifest.json'), 'utf8'));
  const cases = (Array.isArray(manifest) ? manifest : manifest.cases) as { expected: string }[];
  const out: Record<string, string[]> = { en: [], ur: [] };
  for (const c of cases) {
    const expected = JSON.parse(readFileSync(join(FIXTURES, 'conformance', c.expected), 'utf8'));
    const lang = String(expected.feed?.language ?? '').toLowerCase().slice(0, 2);
    if (!(lang in out)) continue;
    // Headlines, not placeholders: at least three words ("Item 1", "WatCast #22" say nothing of a language).
    for (const e of expected.entries as { title: string | null }[]) if (e.title && e.title.trim().split(/\s+/).length >= 3) out[lang].push(e.title.trim());
  }
  out.en = [...new Set(out.en)].slice(0, 100);
  return out;
}

const headlinesOf = (lang: string): string[] => {
  const written = readFileSync(join(FIXTURES, 'headlines', `${lang}.txt`), 'utf8').split('\n').filter(Boolean);
  const relevance = (JSON.parse(readFileSync(join(FIXTURES, 'relevance', 'articles.json'), 'utf8')) as { locale: string; title: string }[])
    .filter((a) => a.locale === lang)
    .map((a) => a.title);
  const sentences = (NEWS_SENTENCES as Record<string, string[]>)[lang].map((s) => s.split(/[,，،。.]/)[0].slice(0, 80));
  return [...written, ...relevance, ...sentences, ...(corpusTitles()[lang] ?? [])];
};

const withSummaryOf = (lang: string): string[] => [
  ...(JSON.parse(readFileSync(join(FIXTURES, 'relevance', 'articles.json'), 'utf8')) as { locale: string; title: string; summary: string }[])
    .filter((a) => a.locale === lang)
    .map((a) => `${a.title}\n${a.summary}`),
  ...(NEWS_SENTENCES as Record<string, string[]>)[lang],
];

beforeAll(() => loadLanguageDetector());

describe('language detection over the headline set', () => {
  it('files at least 95% of headlines alone and 99% with a summary under the right language, per language', () => {
    const report: string[] = [];
    const short: string[] = [];
    const misses: string[] = [];
    for (const lang of SUPPORTED) {
      const headlines = headlinesOf(lang);
      const summaries = withSummaryOf(lang);
      const wrong = headlines.filter((h) => detectLanguage(h, SUPPORTED) !== lang);
      const wrongWithSummary = summaries.filter((s) => detectLanguage(s, SUPPORTED) !== lang);
      const alone = 1 - wrong.length / headlines.length;
      const summed = 1 - wrongWithSummary.length / summaries.length;
      report.push(`${lang}: headlines ${(alone * 100).toFixed(1)}% of ${headlines.length}, with a summary ${(summed * 100).toFixed(1)}% of ${summaries.length}`);
      misses.push(...wrong.map((h) => `${lang} "${h}" -> ${detectLanguage(h, SUPPORTED)}`));
      if (alone < 0.95 || summed < 0.99) short.push(lang);
      expect(headlines.length).toBeGreaterThanOrEqual(100);
    }
    console.log(`language detection (script first, then ELD):\n  ${report.join('\n  ')}${misses.length ? `\n  misses:\n  ${misses.join('\n  ')}` : ''}`);
    expect(short).toEqual([]);
  });
});
