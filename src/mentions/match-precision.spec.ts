import { buildExcerpt, MentionMatcher, type ItemFacts, type WatchSpec } from './match';

/** Watches as precise as Google Alerts and Meltwater: -term, AND, NEAR/n, language and source filters, in every script. */
const watch = (spec: Omit<Partial<WatchSpec>, 'terms'> & { terms: string[] }): WatchSpec => ({
  id: 'w',
  excludes: [],
  ...spec,
  terms: spec.terms.map((text) => ({ text, mode: 'WORD' as const })),
});
const hit = (spec: Parameters<typeof watch>[0], text: string, facts?: ItemFacts) => new MentionMatcher([watch(spec)]).scan(text, facts).length === 1;

describe('exclusions: a hit inside the phrase, or the whole item (-term)', () => {
  const text = 'El Centro Médico Internacional (CMI) amplía sus urgencias';

  it('an exclusion suppresses only the hits inside its own span (es)', () => {
    expect(hit({ terms: ['CMI'], excludes: ['Centro Médico'] }, text)).toBe(true);
    expect(hit({ terms: ['Centro Médico'], excludes: ['Centro Médico Internacional'] }, text)).toBe(false);
  });

  it('an item exclusion drops the item wherever it occurs, whole words, any case (es, fr, sv)', () => {
    expect(hit({ terms: ['CMI'], excludeItemsWith: ['Centro Médico'] }, text)).toBe(false);
    expect(hit({ terms: ['CMI'], excludeItemsWith: ['CENTRO MÉDICO'] }, text)).toBe(false);
    expect(hit({ terms: ['CMI'], excludeItemsWith: ['Centro Médico'] }, 'La CMI publica su revista')).toBe(true);
    expect(hit({ terms: ['IMT'], excludeItemsWith: ['Atlantique'] }, "L'école IMT Atlantique recrute à Brest")).toBe(false);
    expect(hit({ terms: ['IMT'], excludeItemsWith: ['Atlantique'] }, "Le congrès de l'IMT s'est tenu à Turin")).toBe(true);
    expect(hit({ terms: ['IMT'], excludeItemsWith: ['göteborg'] }, 'IMT:s möte i GÖTEBORG')).toBe(false);
    // Whole words: "Göte" is not "Göteborg".
    expect(hit({ terms: ['IMT'], excludeItemsWith: ['Göte'] }, 'IMT:s möte i Göteborg')).toBe(true);
  });

  it('an item exclusion works in Chinese (traditional text, simplified word) and Urdu (letter variants)', () => {
    expect(hit({ terms: ['国际马克思主义倾向'], excludeItemsWith: ['广告'] }, '「國際馬克思主義傾向」廣告')).toBe(false);
    expect(hit({ terms: ['国际马克思主义倾向'], excludeItemsWith: ['广告'] }, '「國際馬克思主義傾向」學生組織')).toBe(true);
    expect(hit({ terms: ['طلبہ یونین'], excludeItemsWith: ['کرکٹ'] }, 'طلبه يونين کا کرکٹ میچ')).toBe(false);
    expect(hit({ terms: ['طلبہ یونین'], excludeItemsWith: ['کرکٹ'] }, 'طلبه يونين کا اجلاس')).toBe(true);
  });
});

describe('allOf (AND)', () => {
  const spec = { terms: ['IMT'], allOf: ['Madison', 'students'] };

  it('needs every all-of word as well as a term, anywhere in the item', () => {
    expect(hit(spec, 'Students in Madison joined the IMT')).toBe(true);
    expect(hit(spec, 'Students in Chicago joined the IMT')).toBe(false);
    expect(hit(spec, 'Students in Madison joined')).toBe(false);
    expect(hit(spec, 'Madisonian students joined the IMT')).toBe(false);
  });

  it('marks the all-of words in the excerpt, and reports only the terms as matched', () => {
    const text = 'Students in Madison joined the IMT';
    const [match] = new MentionMatcher([watch(spec)]).scan(text);
    expect(match.matchedTerms).toEqual(['IMT']);
    expect(buildExcerpt(text, match.spans)).toBe('<mark>Students</mark> in <mark>Madison</mark> joined the <mark>IMT</mark>');
  });

  it('works in Chinese and Urdu, and with diacritics (fr)', () => {
    expect(hit({ terms: ['国际马克思主义倾向'], allOf: ['麦迪逊'] }, '麥迪遜的「國際馬克思主義傾向」')).toBe(true);
    expect(hit({ terms: ['国际马克思主义倾向'], allOf: ['麦迪逊'] }, '芝加哥的「國際馬克思主義傾向」')).toBe(false);
    expect(hit({ terms: ['طلبہ یونین'], allOf: ['لاہور'] }, 'لاہور میں طلبه يونين کا اجلاس')).toBe(true);
    expect(hit({ terms: ['طلبہ یونین'], allOf: ['کراچی'] }, 'لاہور میں طلبه يونين کا اجلاس')).toBe(false);
    expect(hit({ terms: ['IMT'], allOf: ['Université'] }, "À l'UNIVERSITÉ, l'IMT")).toBe(true);
  });

  it('an all-of word inside an exclusion does not count', () => {
    expect(hit({ terms: ['IMT'], allOf: ['Madison'], excludes: ['Madison Square Garden'] }, 'The IMT at Madison Square Garden')).toBe(false);
  });
});

describe('near (NEAR/n)', () => {
  const spec = (within: number) => ({ terms: ['IMT'], near: [{ term: 'IMT', nearTerm: 'Madison', within }] });

  it('counts the words between the two, in either order, punctuation aside', () => {
    const text = 'The IMT group, in downtown Madison, met';
    expect(hit(spec(3), text)).toBe(true);
    expect(hit(spec(2), text)).toBe(false);
    expect(hit(spec(1), 'Madison: the IMT')).toBe(true);
    expect(hit(spec(1), 'Madison (and then) the IMT')).toBe(false);
  });

  it('takes the closest pair when the words occur several times', () => {
    const text = 'IMT one two three four five six Madison seven IMT';
    expect(hit(spec(1), text)).toBe(true);
    const [match] = new MentionMatcher([watch(spec(1))]).scan(text);
    expect(match.spans.map(([s, e]) => text.slice(s, e))).toEqual(['IMT', 'Madison', 'IMT']);
  });

  it('counts characters in Chinese, folding traditional characters', () => {
    const zh = (within: number) => ({ terms: ['马克思主义'], near: [{ term: '马克思主义', nearTerm: '麦迪逊', within }] });
    const text = '馬克思主義學生在麥迪遜集會';
    expect(hit(zh(3), text)).toBe(true);
    expect(hit(zh(2), text)).toBe(false);
    expect(hit(zh(1), '麦迪逊，马克思主义')).toBe(true);
    // A Latin word next to Chinese characters is one unit, each Chinese character another.
    expect(hit({ terms: ['IMT'], near: [{ term: 'IMT', nearTerm: '麦迪逊', within: 3 }] }, 'IMT成员在麦迪逊')).toBe(true);
    expect(hit({ terms: ['IMT'], near: [{ term: 'IMT', nearTerm: '麦迪逊', within: 2 }] }, 'IMT成员在麦迪逊')).toBe(false);
  });

  it('counts words in Urdu (right to left, in reading order) and in Swedish', () => {
    const ur = (within: number) => ({ terms: ['طلبہ یونین'], near: [{ term: 'طلبہ یونین', nearTerm: 'لاہور', within }] });
    expect(hit(ur(1), 'لاہور میں طلبه يونين کا اجلاس')).toBe(true);
    expect(hit(ur(1), 'لاہور شہر میں طلبه يونين')).toBe(false);
    const sv = (within: number) => ({ terms: ['IMT'], near: [{ term: 'IMT', nearTerm: 'göteborg', within }] });
    expect(hit(sv(4), 'IMT höll sitt läger i Göteborg')).toBe(true);
    expect(hit(sv(3), 'IMT höll sitt läger i Göteborg')).toBe(false);
  });

  it('needs every pair, and a term; the same word twice means two occurrences', () => {
    const both = { terms: ['IMT'], near: [{ term: 'IMT', nearTerm: 'Madison', within: 2 }, { term: 'students', nearTerm: 'Wisconsin', within: 2 }] };
    expect(hit(both, 'IMT in Madison; students of Wisconsin')).toBe(true);
    expect(hit(both, 'IMT in Madison; students of the University of Wisconsin')).toBe(false);
    expect(hit({ terms: ['Marxist'], near: [{ term: 'IMT', nearTerm: 'Madison', within: 2 }] }, 'IMT in Madison')).toBe(false);
    const twice = { terms: ['IMT'], near: [{ term: 'IMT', nearTerm: 'IMT', within: 2 }] };
    expect(hit(twice, 'the IMT')).toBe(false);
    expect(hit(twice, 'the IMT and the IMT')).toBe(true);
  });

  it('a near word inside an exclusion does not count', () => {
    expect(hit({ ...spec(3), excludes: ['Madison Avenue'] }, 'IMT on Madison Avenue')).toBe(false);
  });
});

describe('language and source filters', () => {
  it('a watch narrowed to languages takes only items in them; the language is asked only when needed', () => {
    const m = new MentionMatcher([watch({ id: 'fr', terms: ['IMT'], locales: ['fr', 'es'] }), watch({ id: 'any', terms: ['IMT'] })]);
    const ids = (locale: string | null) => m.scan("L'IMT", { locale: () => locale }).map((x) => x.watchId);
    expect(ids('fr')).toEqual(['fr', 'any']);
    expect(ids('es')).toEqual(['fr', 'any']);
    expect(ids('sv')).toEqual(['any']);
    expect(ids(null)).toEqual(['any']);
    const asked = jest.fn(() => 'fr');
    m.scan('nothing here', { locale: asked });
    new MentionMatcher([watch({ terms: ['IMT'] })]).scan('IMT', { locale: asked });
    expect(asked).not.toHaveBeenCalled();
    m.scan('IMT and IMT', { locale: asked });
    expect(asked).toHaveBeenCalledTimes(1);
  });

  it('a watch narrowed to sources takes only their items (not reported ones)', () => {
    const m = new MentionMatcher([watch({ id: 'weibo', terms: ['国际马克思主义倾向'], sources: ['s1', 's2'] }), watch({ id: 'any', terms: ['国际马克思主义倾向'] })]);
    const ids = (sourceId: string | null) => m.scan('國際馬克思主義傾向', { sourceId }).map((x) => x.watchId);
    expect(ids('s2')).toEqual(['weibo', 'any']);
    expect(ids('s3')).toEqual(['any']);
    expect(ids(null)).toEqual(['any']);
  });

  it('combines with every other rule', () => {
    const spec = { terms: ['طلبہ یونین'], allOf: ['لاہور'], excludeItemsWith: ['کرکٹ'], locales: ['ur'], sources: ['s1'] };
    const text = 'لاہور میں طلبه يونين کا اجلاس';
    expect(hit(spec, text, { sourceId: 's1', locale: () => 'ur' })).toBe(true);
    expect(hit(spec, text, { sourceId: 's1', locale: () => 'en' })).toBe(false);
    expect(hit(spec, `${text} کرکٹ`, { sourceId: 's1', locale: () => 'ur' })).toBe(false);
  });
});
