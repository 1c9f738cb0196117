import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { decodeHTML } from 'entities';
import { NEWS_SENTENCES } from '../../bench/news-sentences';
import { detectLanguage, loadLanguageDetector } from '../../src/feed-reader/parse/language';
import { parseFeed } from '../../src/feed-reader/parse/parse-feed';

/**
 * Language detection over a headline set, each text detected alone (no declared language, no section prior):
 * - headlines alone: headlines written for it (test/fixtures/headlines/<lang>.txt and the titles of
 *   with-summary/<lang>.tsv), the relevance set's titles, the news sentences' first clauses, and the titles of
 *   the conformance corpus's feeds that declare the language (test/fixtures/conformance, licences there);
 * - with a summary: headline + summary pairs written for it (with-summary/<lang>.tsv), the relevance set's
 *   title + summary, the news sentences, and the corpus items that have both (title + plain-text summary).
 * Then short, ambiguous Latin-script headlines (with-summary/ambiguous.tsv) with the section's language as the
 * prior, and the summary set with a wrong prior (the prior must not overrule clear text).
 */
const SUPPORTED = ['en', 'fr', 'zh', 'ur', 'es', 'sv'];
const FIXTURES = join(__dirname, '..', 'fixtures');
const read = (...path: string[]) => readFileSync(join(FIXTURES, ...path), 'utf8');

/** Text of a summary as a reader sees it: tags dropped, entities decoded, whitespace collapsed. */
const plain = (html: string) => decodeHTML(html.replace(/<[^>]*>/g, ' ')).replace(/\s+/g, ' ').trim();
const words = (s: string) => s.split(/\s+/).filter(Boolean).length;

interface CorpusItem {
  title: string;
  summary: string | null;
}

/** Items of the conformance feeds that declare one of the six languages, parsed with newsdesk's parser. */
function corpusItems(): Record<string, CorpusItem[]> {
  const manifest = JSON.parse(read('conformance', 'manifest.json'));
  const cases = (Array.isArray(manifest) ? manifest : manifest.cases) as { feed: string; contentType?: string }[];
  const out: Record<string, CorpusItem[]> = Object.fromEntries(SUPPORTED.map((l) => [l, []]));
  for (const c of cases) {
    let feed;
    try {
      feed = parseFeed(readFileSync(join(FIXTURES, 'conformance', c.feed)), { contentType: c.contentType ?? null });
    } catch {
      continue; // the corpus holds malformed feeds on purpose
    }
    const lang = String(feed.language ?? '').toLowerCase().slice(0, 2);
    if (!(lang in out)) continue;
    for (const item of feed.items) {
      const title = plain(item.title ?? '');
      // Headlines, not placeholders: at least three words ("Item 1", "WatCast #22" say nothing of a language).
      if (words(title) < 3) continue;
      const summary = plain(item.summary ?? item.contentHtml ?? '');
      out[lang].push({ title, summary: words(summary) >= 5 && summary !== title ? summary : null });
    }
  }
  for (const lang of SUPPORTED) out[lang] = [...new Map(out[lang].map((i) => [i.title, i])).values()];
  return out;
}

const pairsOf = (lang: string): [string, string][] =>
  read('headlines', 'with-summary', `${lang}.tsv`)
    .split('\n')
    .filter(Boolean)
    .map((line) => line.split('\t') as [string, string]);

const relevanceOf = (lang: string) =>
  (JSON.parse(read('relevance', 'articles.json')) as { locale: string; title: string; summary: string }[]).filter((a) => a.locale === lang);

function sets(corpus: Record<string, CorpusItem[]>, lang: string): { headlines: string[]; withSummary: string[] } {
  const sentences = (NEWS_SENTENCES as Record<string, string[]>)[lang];
  // English feeds dominate the corpus: at most 100 of their items, so one language does not outweigh the rest.
  const items = corpus[lang].slice(0, 100);
  return {
    headlines: [
      ...read('headlines', `${lang}.txt`).split('\n').filter(Boolean),
      ...pairsOf(lang).map(([h]) => h),
      ...relevanceOf(lang).map((a) => a.title),
      ...sentences.map((s) => s.split(/[,，،。.]/)[0].slice(0, 80)),
      ...items.map((i) => i.title),
    ],
    withSummary: [
      ...pairsOf(lang).map(([h, s]) => `${h}\n${s}`),
      ...relevanceOf(lang).map((a) => `${a.title}\n${a.summary}`),
      ...sentences,
      ...items.filter((i) => i.summary).map((i) => `${i.title}\n${i.summary}`),
    ],
  };
}

const pct = (ok: number, n: number) => `${((ok / n) * 100).toFixed(1)}% (${ok}/${n})`;

let corpus: Record<string, CorpusItem[]>;
beforeAll(async () => {
  await loadLanguageDetector();
  corpus = corpusItems();
});

describe('language detection over the headline set', () => {
  it('files at least 95% of headlines alone and 99% with a summary under the right language, at least 100 of each per language', () => {
    const report: string[] = [];
    const short: string[] = [];
    const misses: string[] = [];
    for (const lang of SUPPORTED) {
      const { headlines, withSummary } = sets(corpus, lang);
      const wrong = headlines.filter((h) => detectLanguage(h, SUPPORTED) !== lang);
      const wrongWithSummary = withSummary.filter((s) => detectLanguage(s, SUPPORTED) !== lang);
      const okAlone = headlines.length - wrong.length;
      const okSummed = withSummary.length - wrongWithSummary.length;
      report.push(`${lang}: headlines alone ${pct(okAlone, headlines.length)}, with a summary ${pct(okSummed, withSummary.length)}`);
      misses.push(...[...wrong, ...wrongWithSummary].map((h) => `${lang} "${h.replace(/\n/g, ' / ').slice(0, 120)}" -> ${detectLanguage(h, SUPPORTED)}`));
      if (okAlone / headlines.length < 0.95 || okSummed / withSummary.length < 0.99) short.push(lang);
      if (headlines.length < 100 || withSummary.length < 100) short.push(`${lang} (set too small)`);
    }
    console.log(`language detection, no prior (script first, then ELD):\n  ${report.join('\n  ')}${misses.length ? `\n  misses:\n  ${misses.join('\n  ')}` : ''}`);
    expect(short).toEqual([]);
  });

  it('files short, ambiguous Latin-script headlines under the section language, and a wrong prior does not overrule clear text', () => {
    const ambiguous = read('headlines', 'with-summary', 'ambiguous.tsv')
      .split('\n')
      .filter(Boolean)
      .map((line) => line.split('\t') as [string, string]);
    const withPrior = ambiguous.filter(([lang, h]) => detectLanguage(h, SUPPORTED, lang) === lang).length;
    const noPrior = ambiguous.filter(([lang, h]) => detectLanguage(h, SUPPORTED) === lang).length;
    const priorMisses = ambiguous.filter(([lang, h]) => detectLanguage(h, SUPPORTED, lang) !== lang).map(([lang, h]) => `${lang} "${h}" -> ${detectLanguage(h, SUPPORTED, lang)}`);
    // The wrong prior: each Latin-script summary set with the next Latin language's code as the section language.
    const latin = ['en', 'fr', 'es', 'sv'];
    let kept = 0;
    let total = 0;
    const overruled: string[] = [];
    for (const [i, lang] of latin.entries()) {
      const wrongPrior = latin[(i + 1) % latin.length];
      for (const text of sets(corpus, lang).withSummary) {
        total++;
        if (detectLanguage(text, SUPPORTED, wrongPrior) === lang) kept++;
        else overruled.push(`${lang} (prior ${wrongPrior}) "${text.replace(/\n/g, ' / ').slice(0, 100)}"`);
      }
    }
    console.log(
      `short ambiguous headlines: with the section prior ${pct(withPrior, ambiguous.length)}, without ${pct(noPrior, ambiguous.length)}${priorMisses.map((m) => `\n  ${m}`).join('')}\n` +
        `  with a summary and a wrong section prior: ${pct(kept, total)}${overruled.length ? `\n  ${overruled.join('\n  ')}` : ''}`,
    );
    expect(withPrior).toBe(ambiguous.length);
    expect(kept / total).toBeGreaterThanOrEqual(0.99);
  });
});
