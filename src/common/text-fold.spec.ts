import { normaliseForMatch, normaliseTerm, originalSpan } from './text-fold';

describe('normaliseForMatch', () => {
  it('applies NFKC, case folding and width folding (full-width Latin in Chinese text)', () => {
    expect(normaliseTerm('ＩＭＴ')).toBe('imt');
    expect(normaliseTerm('（ＩＭＴ）成员')).toBe('imt 成员');
    expect(normaliseTerm('Straße')).toBe('strasse');
    expect(normaliseTerm('ﬁnance')).toBe('finance');
  });

  it('composes accents so both spellings of é fold alike (fr, es, sv)', () => {
    expect(normaliseTerm('E\u0301cole')).toBe(normaliseTerm('École'));
    expect(normaliseTerm('Göteborg')).toBe('göteborg');
    expect(normaliseTerm('Revolución')).toBe('revolución');
  });

  it('keeps case when asked (CASE_SENSITIVE terms)', () => {
    expect(normaliseTerm('ＩＭＴ Sweden', { caseFold: false })).toBe('IMT Sweden');
  });

  it('folds the Urdu yeh, kaf and heh variants to one form and drops vowel marks and ZWNJ', () => {
    // Arabic yeh/kaf/heh (U+064A, U+0643, U+0647) against the Urdu letters (U+06CC, U+06A9, U+06C1).
    const arabicForms = '\u0645\u0627\u0631\u0643\u0633\u0633\u0679 \u0637\u0644\u0628\u0647 \u064A\u0648\u0646\u064A\u0646';
    const urduForms = 'مارکسسٹ طلبہ یونین';
    expect(normaliseTerm(arabicForms)).toBe(normaliseTerm(urduForms));
    expect(normaliseTerm('مَارکس')).toBe(normaliseTerm('مارکس'));
    expect(normaliseTerm('مارک\u200Cس')).toBe(normaliseTerm('مارکس'));
  });

  it('folds Arabic presentation forms (NFKC) to the base letters', () => {
    expect(normaliseTerm('\uFEE3\uFE8E\uFEAE')).toBe(normaliseTerm('مار'));
  });

  it('folds traditional Chinese to simplified with OpenCC', () => {
    expect(normaliseTerm('國際馬克思主義傾向')).toBe('国际马克思主义倾向');
    expect(normaliseTerm('国际马克思主义倾向')).toBe('国际马克思主义倾向');
    expect(normaliseTerm('臺灣學生聯會')).toBe(normaliseTerm('台湾学生联会'));
  });

  it('turns runs of spaces, punctuation and symbols into one space, none at the ends', () => {
    expect(normaliseTerm('  «Hello»,   world!  ')).toBe('hello world');
    expect(normaliseTerm('美国驻华大使馆，（IMT）。')).toBe('美国驻华大使馆 imt');
    expect(normaliseTerm('!!! ???')).toBe('');
  });

  it('maps every normalised unit back to the original text', () => {
    const original = 'Der （ＩＭＴ） und Straße';
    const n = normaliseForMatch(original);
    const s = n.text.indexOf('imt');
    const [from, to] = originalSpan(n, s, s + 3);
    expect(original.slice(from, to)).toBe('ＩＭＴ');
    const ss = n.text.indexOf('strasse');
    const [f2, t2] = originalSpan(n, ss, ss + 'strasse'.length);
    expect(original.slice(f2, t2)).toBe('Straße');
  });

  it('maps decomposed accents and astral characters back whole', () => {
    const original = 'le cafe\u0301 𠀀 fin';
    const n = normaliseForMatch(original);
    const s = n.text.indexOf('café');
    expect(original.slice(...originalSpan(n, s, s + 4))).toBe('cafe\u0301');
    const f = n.text.indexOf('fin');
    expect(original.slice(...originalSpan(n, f, f + 3))).toBe('fin');
  });
});
