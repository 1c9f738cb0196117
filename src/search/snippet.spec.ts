import { cjkSnippet, cjkTerms, headlineToHtml, MARK_END, MARK_START } from './snippet';

describe('headlineToHtml', () => {
  it('marks matches and escapes everything else', () => {
    const headline = `<script>alert(1)</script> & the ${MARK_START}schools${MARK_END} "of" Göteborg`;
    expect(headlineToHtml(headline)).toBe('&lt;script&gt;alert(1)&lt;/script&gt; &amp; the <mark>schools</mark> &quot;of&quot; Göteborg');
  });

  it('never leaves a mark open and drops stray markers', () => {
    expect(headlineToHtml(`a ${MARK_END}b ${MARK_START}c`)).toBe('a b <mark>c</mark>');
    expect(headlineToHtml(`${MARK_START}a${MARK_START}b${MARK_END}${MARK_END}`)).toBe('<mark>ab</mark>');
  });

  it('keeps right-to-left text as it is', () => {
    expect(headlineToHtml(`لاہور میں ${MARK_START}کنونشن${MARK_END}`)).toBe('لاہور میں <mark>کنونشن</mark>');
  });
});

describe('cjkTerms', () => {
  it('splits Han runs from other words, longest first', () => {
    expect(cjkTerms('卢森堡 Marx，柏林')).toEqual(['Marx', '卢森堡', '柏林']);
  });
});

describe('cjkSnippet', () => {
  it('marks every occurrence of the query in unspaced text', () => {
    expect(cjkSnippet('纪念罗莎·卢森堡遇害一百周年，卢森堡的思想', '卢森堡')).toBe(
      '纪念罗莎·<mark>卢森堡</mark>遇害一百周年，<mark>卢森堡</mark>的思想',
    );
  });

  it('cuts a window around the first match and escapes the text', () => {
    const text = `${'前'.repeat(100)}<b>马克思</b>${'后'.repeat(200)}`;
    const snippet = cjkSnippet(text, '马克思', 60, 10);
    expect(snippet.startsWith('… ')).toBe(true);
    expect(snippet.endsWith(' …')).toBe(true);
    expect(snippet).toContain('&lt;b&gt;<mark>马克思</mark>&lt;/b&gt;');
  });

  it('matches Latin words in Chinese text without regard to case', () => {
    expect(cjkSnippet('我们读 MARX 的书', 'marx')).toBe('我们读 <mark>MARX</mark> 的书');
  });

  it('returns the start of the text when nothing matches', () => {
    expect(cjkSnippet('一二三', '四')).toBe('一二三');
  });
});
