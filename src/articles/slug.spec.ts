import { assignSlugs, slugCandidates, slugify, slugKey, uniqueSlug } from './slug';

describe('slugify', () => {
  it('folds Latin titles to ASCII', () => {
    expect(slugify('Rosa Luxemburg & Karl Liebknecht: 100 år sedan mordet', 'x')).toBe('rosa-luxemburg-karl-liebknecht-100-ar-sedan-mordet');
    expect(slugify('École francophone à Genève', 'x')).toBe('ecole-francophone-a-geneve');
    expect(slugify('La Revolución Inglesa, en la Casa Museo León Trotsky', 'x')).toBe('la-revolucion-inglesa-en-la-casa-museo-leon-trotsky');
    expect(slugify('Straße', 'x')).toBe('strasse');
  });

  it('keeps Chinese and Urdu letters so the slug is still meaningful', () => {
    expect(slugify('纪念罗莎·卢森堡遇害一百周年', 'x')).toBe('纪念罗莎-卢森堡遇害一百周年');
    const urdu = slugify('لاہور میں ترقی پسند نوجوان اتحاد کا قومی کنونشن', 'x');
    expect(urdu).toBe('لاہور-میں-ترقی-پسند-نوجوان-اتحاد-کا-قومی-کنونشن');
  });

  it('never returns an empty slug', () => {
    expect(slugify('!!! ???', 'article-1a2b')).toBe('article-1a2b');
  });

  it('limits the length without a trailing dash', () => {
    const slug = slugify('word '.repeat(50), 'x', 20);
    expect([...slug].length).toBeLessThanOrEqual(20);
    expect(slug.endsWith('-')).toBe(false);
  });
});

describe('uniqueSlug', () => {
  it('adds the first free number', () => {
    expect(uniqueSlug('a', new Set())).toBe('a');
    expect(uniqueSlug('a', new Set(['a', 'a-2']))).toBe('a-3');
  });
});

describe('slugCandidates', () => {
  it('lists the slugs uniqueSlug tries, in its order', () => {
    expect(slugCandidates('a', 1)).toEqual(['a']);
    expect(slugCandidates('a', 4)).toEqual(['a', 'a-2', 'a-3', 'a-4']);
  });
});

describe('assignSlugs', () => {
  const taken = (...pairs: [string, string][]) => new Set(pairs.map(([locale, slug]) => slugKey(locale, slug)));

  it('gives each row what uniqueSlug would, rows of one batch counting as taken for the next', () => {
    expect(assignSlugs([{ locale: 'en', base: 'a' }], taken(), 2)).toEqual(['a']);
    expect(assignSlugs([{ locale: 'en', base: 'a' }], taken(['en', 'a'], ['en', 'a-2']), 4)).toEqual(['a-3']);
    expect(
      assignSlugs([{ locale: 'en', base: 'a' }, { locale: 'en', base: 'a' }, { locale: 'en', base: 'b' }, { locale: 'en', base: 'a' }], taken(['en', 'a-2']), 5),
    ).toEqual(['a', 'a-3', 'b', 'a-4']);
  });

  it('agrees with uniqueSlug row by row', () => {
    const used = new Set(['x', 'x-2', 'x-4']);
    const [slug] = assignSlugs([{ locale: 'fr', base: 'x' }], new Set([...used].map((s) => slugKey('fr', s))), 8)!;
    expect(slug).toBe(uniqueSlug('x', used));
  });

  it('keeps languages apart', () => {
    expect(assignSlugs([{ locale: 'en', base: 'a' }, { locale: 'sv', base: 'a' }], taken(['fr', 'a']), 2)).toEqual(['a', 'a']);
  });

  it("lets a row keep its own slug", () => {
    expect(assignSlugs([{ locale: 'en', base: 'a', own: 'a' }], taken(['en', 'a']), 2)).toEqual(['a']);
    expect(assignSlugs([{ locale: 'en', base: 'a', own: 'a-7' }], taken(['en', 'a'], ['en', 'a-7']), 2)).toEqual(['a-2']);
  });

  it('lets a later row keep its own slug after earlier rows of its base moved on', () => {
    expect(assignSlugs([{ locale: 'en', base: 'a' }, { locale: 'en', base: 'a', own: 'a' }], taken(['en', 'a']), 4)).toEqual(['a-2', 'a']);
  });

  it('gives a large batch of one title the same slugs as uniqueSlug one row after another', () => {
    const used = new Set(['t', 't-3', 't-40']);
    const expected: string[] = [];
    for (let i = 0; i < 2000; i++) {
      const slug = uniqueSlug('t', used);
      used.add(slug);
      expected.push(slug);
    }
    const wants = Array.from({ length: 2000 }, () => ({ locale: 'en', base: 't' }));
    expect(assignSlugs(wants, taken(['en', 't'], ['en', 't-3'], ['en', 't-40']), 2100)).toEqual(expected);
  });

  it('takes one window per base', () => {
    const windows = new Map([[slugKey('en', 'a'), 3], [slugKey('en', 'b'), 1]]);
    expect(assignSlugs([{ locale: 'en', base: 'a' }, { locale: 'en', base: 'b' }], taken(['en', 'a'], ['en', 'a-2']), windows)).toEqual(['a-3', 'b']);
    expect(assignSlugs([{ locale: 'en', base: 'b' }], taken(['en', 'b']), windows)).toBeNull();
  });

  it('asks for a wider look-up when the window is full', () => {
    expect(assignSlugs([{ locale: 'en', base: 'a' }], taken(['en', 'a'], ['en', 'a-2']), 2)).toBeNull();
    expect(assignSlugs([{ locale: 'en', base: 'a' }, { locale: 'en', base: 'a' }], taken(['en', 'a']), 2)).toBeNull();
  });

  it('leaves slugs of the earlier hash-suffix rule alone: they only count as taken when they match', () => {
    expect(assignSlugs([{ locale: 'en', base: 'a' }], taken(['en', 'a'], ['en', 'a-3f9c2e']), 2)).toEqual(['a-2']);
  });
});
