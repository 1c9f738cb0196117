import { checkGlossary, checkLength, checkLinks, checkMarkup, checkNumbers, checkParagraphs, runChecks } from './checks';

const text = (bodyHtml: string | null, title = 'A title', summary: string | null = null) => ({ title, summary, bodyHtml });
const codes = (findings: { code: string }[]) => findings.map((f) => f.code);

describe('checkLinks', () => {
  it('names each link of the source missing from the translation', () => {
    const source = text('<p>See <a href="https://a.org/x?y=1&amp;z=2">this</a> and <a href="https://b.org/">that</a>.</p>');
    expect(checkLinks(source, text('<p>Voir <a href="https://a.org/x?y=1&amp;z=2">ceci</a>.</p>'))).toEqual([
      { code: 'MISSING_LINK', severity: 'WARNING', params: { url: 'https://b.org/' } },
    ]);
    expect(checkLinks(source, text('<p><a href="https://b.org/">b</a> <a href=\'https://a.org/x?y=1&z=2\'>a</a></p>'))).toEqual([]);
  });
});

describe('checkNumbers', () => {
  it('finds a number of the source missing from the translation', () => {
    expect(checkNumbers(text('<p>12 students, 3 teachers</p>'), text('<p>12 élèves, trois enseignants</p>'))).toEqual([
      { code: 'MISSING_NUMBER', severity: 'WARNING', params: { number: '3' } },
    ]);
  });

  it('reads other scripts\' digits and other separators as the same number', () => {
    expect(checkNumbers(text('<p>In 2026, 1,500 people</p>'), text('<p dir="rtl">۲۰۲۶ میں ۱٬۵۰۰ لوگ</p>'))).toEqual([]);
    expect(checkNumbers(text('<p>1,500 and 2.5</p>'), text('<p>1 500 et 2,5</p>'))).toEqual([]);
  });

  it('counts repeats: a number twice in the source must be there twice', () => {
    expect(codes(checkNumbers(text('<p>7 and 7</p>'), text('<p>7</p>')))).toEqual(['MISSING_NUMBER']);
  });
});

describe('checkMarkup', () => {
  it('reports each kind of markup whose count changed; b counts as strong', () => {
    const source = text('<p><strong>Bold</strong> <em>it</em> <a href="https://x.org/">x</a></p><ul><li>1</li><li>2</li></ul>');
    expect(checkMarkup(source, text('<p><b>Gras</b> <em>ça</em> <a href="https://x.org/">x</a></p><ul><li>1</li><li>2</li></ul>'))).toEqual([]);
    expect(checkMarkup(source, text('<p>Gras ça x</p><ul><li>1 2</li></ul>'))).toEqual([
      { code: 'MARKUP_CHANGED', severity: 'WARNING', params: { tag: 'a', expected: 1, found: 0 } },
      { code: 'MARKUP_CHANGED', severity: 'WARNING', params: { tag: 'strong', expected: 1, found: 0 } },
      { code: 'MARKUP_CHANGED', severity: 'WARNING', params: { tag: 'em', expected: 1, found: 0 } },
      { code: 'MARKUP_CHANGED', severity: 'WARNING', params: { tag: 'li', expected: 2, found: 1 } },
    ]);
  });
});

describe('checkLength', () => {
  const source = text(`<p>${'word '.repeat(40)}</p>`);
  it('accepts a translation of about the expected length, and reports much shorter or longer ones', () => {
    expect(checkLength(source, text(`<p>${'mot '.repeat(50)}</p>`), 'en', 'fr')).toEqual([]);
    expect(checkLength(source, text('<p>Trop court.</p>'), 'en', 'fr')).toEqual([{ code: 'TOO_SHORT', severity: 'WARNING', params: { percent: expect.any(Number) } }]);
    expect(codes(checkLength(source, text(`<p>${'mot '.repeat(200)}</p>`), 'en', 'fr'))).toEqual(['TOO_LONG']);
  });

  it('expects Chinese to be shorter, and leaves very short sources alone', () => {
    expect(checkLength(source, text(`<p>${'字'.repeat(70)}</p>`), 'en', 'zh')).toEqual([]);
    expect(checkLength(text('<p>Hi</p>', 'T'), text('<p>Bonjour à vous tous, chers amis et lecteurs du journal</p>'), 'en', 'fr')).toEqual([]);
  });
});

describe('checkParagraphs', () => {
  it('reports paragraphs missing from the translation as an error', () => {
    expect(checkParagraphs(text('<p>One</p><p>Two</p><p>Three</p>'), text('<p>Un</p><p></p>'))).toEqual([
      { code: 'EMPTY_PARAGRAPHS', severity: 'ERROR', params: { count: 2 } },
    ]);
  });

  it('reports paragraphs and a title left as in the source, but not names or figures', () => {
    const source = text('<p>The students met the minister on Monday.</p><p>UNESCO</p><p>1,500</p>', 'Students meet the minister in Lahore');
    expect(checkParagraphs(source, text('<p>The students met the minister on Monday.</p><p>UNESCO</p><p>1,500</p>', 'Students meet the minister in Lahore'))).toEqual([
      { code: 'UNTRANSLATED_TITLE', severity: 'WARNING', params: {} },
      { code: 'UNTRANSLATED_PARAGRAPH', severity: 'WARNING', params: { position: 1 } },
    ]);
    expect(checkParagraphs(source, text('<p>Les étudiants ont rencontré le ministre lundi.</p><p>UNESCO</p><p>1 500</p>', 'Rencontre'))).toEqual([]);
  });
});

describe('checkGlossary', () => {
  const terms = [
    { source: 'Dawn', target: 'ڈان' },
    { source: 'UN', target: 'اقوام متحدہ' },
  ];
  it('reports a glossary term of the source whose rendering is missing from the translation', () => {
    expect(checkGlossary(text('<p>Dawn reported it.</p>'), text('<p>اخبار نے رپورٹ کیا</p>'), terms)).toEqual([
      { code: 'GLOSSARY_TERM_MISSING', severity: 'WARNING', params: { source: 'Dawn', target: 'ڈان' } },
    ]);
    expect(checkGlossary(text('<p>dawn reported it.</p>'), text('<p>ڈان نے رپورٹ کیا</p>'), terms)).toEqual([]);
  });

  it('matches whole words only in alphabetic scripts', () => {
    expect(checkGlossary(text('<p>Wait until dawning.</p>'), text('<p>…</p>'), terms)).toEqual([]);
    expect(checkGlossary(text('<p>新华社报道</p>'), text('<p>Xinhua reported</p>'), [{ source: '新华社', target: 'Xinhua' }])).toEqual([]);
    expect(codes(checkGlossary(text('<p>新华社报道</p>'), text('<p>reported</p>'), [{ source: '新华社', target: 'Xinhua' }]))).toEqual(['GLOSSARY_TERM_MISSING']);
  });
});

describe('runChecks', () => {
  it('finds nothing wrong with a faithful translation', () => {
    const source = text('<p>On <strong>3 May</strong>, <a href="https://dawn.com/">Dawn</a> counted 1,200 students.</p>', 'Students in Lahore');
    const target = text('<p>Le <strong>3 mai</strong>, <a href="https://dawn.com/">Dawn</a> a compté 1 200 étudiants.</p>', 'Étudiants à Lahore');
    expect(runChecks(source, target, { source: 'en', target: 'fr' }, [{ source: 'Dawn', target: 'Dawn' }])).toEqual([]);
  });
});
