import { buildExcerpt, MentionMatcher, termIsEmpty, type WatchSpec } from './match';

const watch = (id: string, terms: [string, WatchSpec['terms'][number]['mode']][], excludes: string[] = []): WatchSpec => ({
  id,
  terms: terms.map(([text, mode]) => ({ text, mode })),
  excludes,
});

const imt = new MentionMatcher([watch('imt', [['IMT', 'WORD']])]);
const matches = (m: MentionMatcher, text: string) => m.scan(text).map((x) => x.watchId);

describe('MentionMatcher: WORD', () => {
  it.each([
    ['en', 'The IMT held its world congress.'],
    ['en', "The imt's congress"],
    ['fr', "Le congrès de l'IMT s'est tenu à Turin."],
    ['es', 'La CMI (IMT) celebró su congreso.'],
    ['sv', 'IMT:s världskongress hölls i Italien.'],
    ['zh', '美国驻华大使馆称，国际马克思主义倾向（IMT）在麦迪逊活动。'],
    ['zh', '国际马克思主义倾向（ＩＭＴ）的学生'],
    ['zh', '一名IMT成员'],
    ['ur', 'آئی ایم ٹی (IMT) کی عالمی کانگریس'],
  ])('matches "IMT" as a word (%s): %s', (_lang, text) => {
    expect(matches(imt, text)).toEqual(['imt']);
  });

  it.each(['Imtiaz Ahmed wrote', 'SIMTEK announced', 'imtinan', 'The FIMT group', 'IMTs'])('never matches inside a Latin word: %s', (text) => {
    expect(matches(imt, text)).toEqual([]);
  });

  it('matches multi-word terms in every script, whole words only (fr, es, sv, ur)', () => {
    const m = new MentionMatcher([
      watch('fr', [['Révolution permanente', 'WORD']]),
      watch('es', [['Lucha de Clases', 'WORD']]),
      watch('sv', [['Revolution', 'WORD']]),
      watch('ur', [['طلبہ یونین', 'WORD']]),
    ]);
    expect(matches(m, 'La révolution  permanente, de Trotsky')).toEqual(['fr']);
    expect(matches(m, 'periódico LUCHA DE CLASES')).toEqual(['es']);
    expect(matches(m, 'Tidningen Revolution kom ut')).toEqual(['sv']);
    expect(matches(m, 'Revolutionära idéer')).toEqual([]);
    // Arabic-letter forms of yeh/kaf/heh in the text, Urdu forms in the term.
    expect(matches(m, '\u0637\u0644\u0628\u0647 \u064A\u0648\u0646\u064A\u0646 \u06A9\u0627 \u0627\u062C\u0644\u0627\u0633')).toEqual(['ur']);
    expect(matches(m, 'طلبہیونین')).toEqual([]);
  });
});

describe('MentionMatcher: Chinese', () => {
  const m = new MentionMatcher([watch('zh', [['国际马克思主义倾向', 'SUBSTRING']]), watch('zhw', [['马克思主义学生会', 'WORD']])]);

  it('matches a simplified term in traditional text (the embassy Weibo case) and the reverse', () => {
    expect(matches(m, '美國駐華大使館微博：威斯康星大學麥迪遜分校的「國際馬克思主義傾向」學生組織')).toEqual(['zh']);
    const reverse = new MentionMatcher([watch('t', [['國際馬克思主義傾向', 'SUBSTRING']])]);
    expect(matches(reverse, '关于国际马克思主义倾向的报道')).toEqual(['t']);
  });

  it('matches Chinese WORD terms as substrings, since Chinese has no spaces', () => {
    expect(matches(m, '麦迪逊的马克思主义学生会成员')).toEqual(['zhw']);
  });
});

describe('MentionMatcher: PHRASE, SUBSTRING, CASE_SENSITIVE', () => {
  it('PHRASE matches the words in order across punctuation and case', () => {
    const m = new MentionMatcher([watch('p', [['Marxist Student Federation', 'PHRASE']])]);
    expect(matches(m, 'the marxist student-federation said')).toEqual(['p']);
    expect(matches(m, 'Marxist Student Federations')).toEqual([]);
    expect(matches(m, 'Student Marxist Federation')).toEqual([]);
  });

  it('SUBSTRING matches inside words', () => {
    const m = new MentionMatcher([watch('s', [['marxis', 'SUBSTRING']])]);
    expect(matches(m, 'Les MARXISTES de Lyon')).toEqual(['s']);
  });

  it('CASE_SENSITIVE needs the case as written, still whole words and width-folded', () => {
    const m = new MentionMatcher([watch('c', [['IMT', 'CASE_SENSITIVE']])]);
    expect(matches(m, 'the IMT said')).toEqual(['c']);
    expect(matches(m, '（ＩＭＴ）')).toEqual(['c']);
    expect(matches(m, 'the imt said')).toEqual([]);
    expect(matches(m, 'SIMTEK')).toEqual([]);
  });
});

describe('MentionMatcher: exclusions and several watches', () => {
  it('an exclusion suppresses the hits inside it, not the others', () => {
    const m = new MentionMatcher([watch('imt', [['IMT', 'WORD']], ['IMT Atlantique'])]);
    expect(matches(m, "L'école IMT Atlantique recrute")).toEqual([]);
    const text = "L'IMT Atlantique et l'IMT";
    const both = m.scan(text);
    expect(both).toHaveLength(1);
    expect(both[0].spans).toEqual([[text.lastIndexOf('IMT'), text.length]]);
  });

  it('reports each watch with its matched terms in order of first occurrence', () => {
    const m = new MentionMatcher([
      watch('org', [['IMT', 'WORD'], ['In Defence of Marxism', 'PHRASE'], ['国际马克思主义倾向', 'SUBSTRING']]),
      watch('campaign', [['Marxist Student Federation', 'PHRASE']]),
      watch('other', [['Nothing here', 'WORD']]),
    ]);
    const result = m.scan('In Defence of Marxism reports: the IMT and the Marxist Student Federation');
    expect(result.map((r) => [r.watchId, r.matchedTerms])).toEqual([
      ['org', ['In Defence of Marxism', 'IMT']],
      ['campaign', ['Marxist Student Federation']],
    ]);
  });

  it('a term shared by two watches matches both', () => {
    const m = new MentionMatcher([watch('a', [['IMT', 'WORD']]), watch('b', [['imt', 'WORD']])]);
    expect(matches(m, 'IMT')).toEqual(['a', 'b']);
  });

  it('knows an empty term', () => {
    expect(termIsEmpty('  ')).toBe(true);
    expect(termIsEmpty('!!!')).toBe(true);
    expect(termIsEmpty('IMT')).toBe(false);
    expect(termIsEmpty('马')).toBe(false);
  });
});

describe('buildExcerpt', () => {
  it('marks the ORIGINAL text of each match and escapes everything else', () => {
    const text = '<b>Note</b>: the （ＩＭＴ） & "friends"';
    const [match] = imt.scan(text);
    expect(buildExcerpt(text, match.spans)).toBe('&lt;b&gt;Note&lt;/b&gt;: the （<mark>ＩＭＴ</mark>） &amp; &quot;friends&quot;');
  });

  it('marks traditional characters matched by a simplified term', () => {
    const m = new MentionMatcher([watch('zh', [['国际马克思主义倾向', 'SUBSTRING']])]);
    const text = '「國際馬克思主義傾向」學生組織';
    expect(buildExcerpt(text, m.scan(text)[0].spans)).toBe('「<mark>國際馬克思主義傾向</mark>」學生組織');
  });

  it('cuts long texts around the first match and shows the cuts', () => {
    const text = `${'word '.repeat(100)}the IMT congress ${'more '.repeat(100)}`;
    const excerpt = buildExcerpt(text, imt.scan(text)[0].spans, 30);
    expect(excerpt.startsWith('…')).toBe(true);
    expect(excerpt.endsWith('…')).toBe(true);
    expect(excerpt).toContain('the <mark>IMT</mark> congress');
    expect(excerpt.length).toBeLessThan(100);
  });

  it('marks Urdu text right to left as it is', () => {
    const m = new MentionMatcher([watch('ur', [['طلبہ یونین', 'WORD']])]);
    const text = 'لاہور میں طلبه يونين کا اجلاس';
    expect(buildExcerpt(text, m.scan(text)[0].spans)).toBe('لاہور میں <mark>طلبه يونين</mark> کا اجلاس');
  });
});
