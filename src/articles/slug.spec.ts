import { batchSlugCandidates, slugify, uniqueSlug } from './slug';

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

describe('batchSlugCandidates', () => {
  it('tries the title slug, then the slug with a short and a longer hash of the article id, the same for the same article', () => {
    const id = '0b7e2f7c-5d7a-4d3e-9a43-2f4a3d9b8c11';
    const [base, short, long] = batchSlugCandidates('Göteborg i dag', id);
    expect(base).toBe('goteborg-i-dag');
    expect(short).toMatch(/^goteborg-i-dag-[0-9a-f]{6}$/);
    expect(long).toMatch(/^goteborg-i-dag-[0-9a-f]{12}$/);
    expect(long.startsWith(short)).toBe(true);
    expect(batchSlugCandidates('Göteborg i dag', id)).toEqual([base, short, long]);
    expect(batchSlugCandidates('Göteborg i dag', '1c1b2a3d-0000-4000-8000-000000000000')[1]).not.toBe(short);
  });
});
