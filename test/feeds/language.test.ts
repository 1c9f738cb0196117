import { NEWS_SENTENCES } from '../../bench/news-sentences';
import { detectLanguage, itemLocale, loadLanguageDetector } from '../../src/feed-reader/parse/language';

const SUPPORTED = ['en', 'fr', 'zh', 'ur', 'es', 'sv'];

/** Headline-length pieces: the first clause of each sentence, at most 60 characters. */
const headline = (s: string) => s.split(/[,，،。.]/)[0].slice(0, 60);

beforeAll(() => loadLanguageDetector());

describe('language detection on item-length text', () => {
  it('detects all six languages on news sentences and headlines above the floor, and reports the accuracy', () => {
    const rows: string[] = [];
    let correct = 0;
    let total = 0;
    let headlinesCorrect = 0;
    const perLanguage: Record<string, number> = {};
    for (const [lang, sentences] of Object.entries(NEWS_SENTENCES)) {
      const ok = sentences.filter((s) => detectLanguage(s, SUPPORTED) === lang).length;
      const okHeadlines = sentences.filter((s) => detectLanguage(headline(s), SUPPORTED) === lang).length;
      perLanguage[lang] = ok / sentences.length;
      correct += ok;
      headlinesCorrect += okHeadlines;
      total += sentences.length;
      rows.push(`${lang} ${ok}/${sentences.length} sentences, ${okHeadlines}/${sentences.length} headlines`);
    }
    const accuracy = correct / total;
    const headlineAccuracy = headlinesCorrect / total;
    console.log(
      `language detection (script, then ELD): sentences ${(accuracy * 100).toFixed(1)}% (${correct}/${total}), ` +
        `headlines ${(headlineAccuracy * 100).toFixed(1)}% (${headlinesCorrect}/${total})\n  ${rows.join('\n  ')}`,
    );
    expect(total).toBeGreaterThanOrEqual(60);
    expect(accuracy).toBeGreaterThanOrEqual(0.95);
    expect(headlineAccuracy).toBeGreaterThanOrEqual(0.85);
    for (const lang of SUPPORTED) expect(perLanguage[lang]).toBeGreaterThanOrEqual(0.9);
  });

  it('answers null for text too short to tell and for languages newsdesk does not serve', () => {
    expect(detectLanguage('OK', SUPPORTED)).toBeNull();
    expect(detectLanguage('', SUPPORTED)).toBeNull();
    expect(detectLanguage('Die Bundesregierung hat am Dienstag einen neuen Haushalt für Schulen und Bibliotheken beschlossen.', SUPPORTED)).toBeNull();
    expect(detectLanguage('Правительство одобрило новый бюджет для школ и библиотек во вторник.', SUPPORTED)).toBeNull();
  });

  it('chooses the declared item language, then the feed language, then the registered locale, else detection', () => {
    const sv = NEWS_SENTENCES.sv[0];
    expect(itemLocale('fr-FR', 'en', 'es', sv, SUPPORTED)).toBe('fr');
    expect(itemLocale(null, 'zh-Hans', 'es', sv, SUPPORTED)).toBe('zh');
    expect(itemLocale(null, null, 'ur', sv, SUPPORTED)).toBe('ur');
    expect(itemLocale(null, null, null, sv, SUPPORTED)).toBe('sv');
    expect(itemLocale('de', 'de-AT', null, NEWS_SENTENCES.es[1], SUPPORTED)).toBe('es');
    expect(itemLocale('x', '??', null, 'ok', SUPPORTED)).toBeNull();
  });
});

describe('script first, then the detector, with the section language as a prior', () => {
  it('files a Chinese headline and an Urdu headline by their script, however short', () => {
    expect(detectLanguage('俄国革命史', SUPPORTED)).toBe('zh');
    expect(detectLanguage('學生集會', SUPPORTED)).toBe('zh');
    expect(detectLanguage('IMT 大会在柏林召开', SUPPORTED)).toBe('zh');
    expect(detectLanguage('ڈاکٹروں کی ہڑتال', SUPPORTED)).toBe('ur');
    expect(detectLanguage('مہنگائی', SUPPORTED)).toBe('ur');
    // Kana: Japanese, which newsdesk does not serve.
    expect(detectLanguage('東京でストライキが始まった', SUPPORTED)).toBeNull();
    // A Chinese name inside an English headline does not make it Chinese.
    expect(detectLanguage('Workers in Shenzhen (深圳) strike for unpaid wages', SUPPORTED)).toBe('en');
  });

  it('lets the section language decide short, ambiguous Latin-script text, never against the script', () => {
    expect(detectLanguage('Rosa Luxemburg', SUPPORTED, 'sv')).toBe('sv');
    expect(detectLanguage('Rosa Luxemburg', SUPPORTED, 'es')).toBe('es');
    expect(detectLanguage('ڈاکٹروں کی ہڑتال', SUPPORTED, 'en')).toBe('ur');
    // Clear text is not overruled by the prior.
    expect(detectLanguage('Les cheminots votent la grève reconductible à partir de lundi', SUPPORTED, 'en')).toBe('fr');
  });
});
