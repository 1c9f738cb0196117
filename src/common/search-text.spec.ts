import { chineseTsquery, extraForms, hanBigrams, htmlText, searchConfigOf, searchQueryText, searchTextColumns, searchTextOf } from './search-text';
import { foldForSearch, foldHanChars } from './text-fold';

describe('foldForSearch', () => {
  it('folds the Urdu letter variants a Pakistani keyboard with Arabic letters types', () => {
    // Arabic kaf U+0643 and yeh U+064A, as in the query.
    expect(foldForSearch('ڈاکٹروں \u0643\u064A تنظ\u064Aم')).toBe(foldForSearch('ڈاکٹروں کی تنظیم'));
    expect(foldForSearch('\u0637\u0644\u0628\u0647')).toBe(foldForSearch('طلبہ'));
    expect(foldForSearch('\u0645\u062F\u0631\u0633\u0629')).toBe(foldForSearch('مدرسۃ'));
    expect(foldForSearch('أحمد إمام آپ')).toBe('احمد امام اپ');
  });

  it('drops harakat, tatweel and zero-width characters, and folds Urdu digits', () => {
    expect(foldForSearch('مَارکس')).toBe('مارکس');
    expect(foldForSearch('مارـــکس')).toBe('مارکس');
    expect(foldForSearch('مارک\u200Cس')).toBe('مارکس');
    expect(foldForSearch('۲۰۲۴ ٢٠٢٤')).toBe('2024 2024');
  });

  it('folds traditional Chinese to simplified, character by character', () => {
    expect(foldForSearch('俄國革命')).toBe('俄国革命');
    expect(foldForSearch('俄国革命')).toBe('俄国革命');
  });

  it('applies NFKC and lower case but keeps quotes, "-" and spaces (the query syntax)', () => {
    expect(foldForSearch('"Marxist School" -London ＩＭＴ')).toBe('"marxist school" -london imt');
  });

  it('composes Latin accents (both spellings of ó are one) and keeps them: the stemmers need them', () => {
    expect(foldForSearch('Revolución')).toBe('revolución');
    expect(foldForSearch('Revolucio\u0301n')).toBe('revolución');
  });
});

describe('foldHanChars', () => {
  it('keeps the length so positions in the original still hold', () => {
    const text = 'A 國際 b 𠀀 學生';
    expect(foldHanChars(text)).toBe('A 国际 b 𠀀 学生');
    expect(foldHanChars(text)).toHaveLength(text.length);
  });
});

describe('hanBigrams', () => {
  it('writes each Han run as its overlapping bigrams and its last character', () => {
    expect(hanBigrams('俄国革命史').trim().split(/\s+/)).toEqual(['俄国', '国革', '革命', '命史', '史']);
  });

  it('keeps other words and splits runs at punctuation and Latin words', () => {
    expect(hanBigrams('IMT成员，大会').trim().split(/\s+/)).toEqual(['IMT', '成员', '员', '，', '大会', '会']);
  });
});

describe('extraForms', () => {
  it('adds the accent-free spelling of accented words only', () => {
    expect(extraForms('la revolución inglesa en méxico', 'es')).toBe('revolucion mexico');
    expect(extraForms('plain english words', 'en')).toBe('');
  });

  it('adds the form a Swedish stemmer relates to a definite -an form', () => {
    expect(extraForms('höstskolan i göteborg', 'sv')).toBe('hostskolan höstskola goteborg');
  });
});

describe('chineseTsquery', () => {
  it('reads a run as the phrase of its bigrams, or its two-character pieces in any order', () => {
    expect(chineseTsquery('俄国革命')).toBe("( '俄国' <-> '国革' <-> '革命' | '俄国' & '革命' )");
    expect(chineseTsquery('学生')).toBe("'学生'");
    expect(chineseTsquery('房')).toBe("'房':*");
  });

  it('keeps exclusions, quoted terms, or, and other words', () => {
    expect(chineseTsquery('工人 -罢工')).toBe("'工人' & !'罢工'");
    expect(chineseTsquery('imt or 工会')).toBe("( 'imt' | '工会' )");
    expect(chineseTsquery('"it\'s" 工会')).toBe("( 'it' & 's' ) & '工会'");
    expect(chineseTsquery('--- ""')).toBe('');
  });
});

describe('htmlText', () => {
  it('turns tags into spaces and decodes entities', () => {
    expect(htmlText('<p>2 &lt; 3&nbsp;&amp;<br>fin</p>').replace(/\s+/g, ' ').trim()).toBe('2 < 3 & fin');
    expect(htmlText(null)).toBe('');
  });
});

describe('searchTextOf', () => {
  it('uses each language its stemming configuration and the simple one otherwise', () => {
    expect(searchConfigOf('sv')).toBe('swedish');
    expect(searchConfigOf('ur')).toBe('simple');
    expect(searchConfigOf('de')).toBe('simple');
  });

  it('folds title, summary and body, and bigrams Chinese only', () => {
    const zh = searchTextOf({ locale: 'zh', title: '俄國革命史', summary: null, bodyHtml: '<p>讀書</p>' });
    expect(zh.title.trim().split(/\s+/)).toEqual(['俄国', '国革', '革命', '命史', '史']);
    expect(zh.summary).toBe('');
    expect(zh.body.trim().split(/\s+/)).toEqual(['读书', '书']);
    const ur = searchTextOf({ locale: 'ur', title: '\u0643\u064A', summary: 'Ａ', bodyHtml: null });
    expect(ur).toEqual({ config: 'simple', title: 'کی', summary: 'a', body: '' });
  });

  it('gives the four parallel columns of a batch in input order', () => {
    const cols = searchTextColumns([
      { locale: 'en', title: 'One', summary: 'S', bodyHtml: null },
      { locale: 'fr', title: 'Deux', summary: null, bodyHtml: '<b>x</b>' },
    ]);
    expect(cols.configs).toEqual(['english', 'french']);
    expect(cols.titles).toEqual(['one', 'deux']);
    expect(cols.summaries).toEqual(['s', '']);
    expect(cols.bodies.map((b) => b.trim())).toEqual(['', 'x']);
  });

  it('folds a query the same way as the text', () => {
    expect(searchQueryText('俄國革命 \u0643\u064A')).toBe('俄国革命 کی');
  });
});

describe('foldForSearch edge cases', () => {
  it('drops a soft hyphen in Latin text and leaves plain ASCII as lower case', () => {
    expect(foldForSearch('Arbetar\u00adrörelsen')).toBe('arbetarrörelsen');
    expect(foldForSearch('Plain ASCII, Words')).toBe('plain ascii, words');
  });
});
