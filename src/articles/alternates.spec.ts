import { alternatesOf } from './alternates';

describe('alternatesOf', () => {
  const article = { originalLocale: 'es', canonicalUrl: 'https://mx.example/a' };
  it('lists published translations with a URL, then x-default with the original locale', () => {
    const list = alternatesOf(
      [
        { locale: 'es', url: 'https://mx.example/a', status: 'PUBLISHED', isOriginal: true },
        { locale: 'en', url: 'https://mx.example/en/a', status: 'PUBLISHED', isOriginal: false },
        { locale: 'fr', url: null, status: 'PUBLISHED', isOriginal: false },
        { locale: 'sv', url: 'https://mx.example/sv/a', status: 'SUBMITTED', isOriginal: false },
      ],
      article,
    );
    expect(list).toEqual([
      { locale: 'es', hreflang: 'es', url: 'https://mx.example/a' },
      { locale: 'en', hreflang: 'en', url: 'https://mx.example/en/a' },
      { locale: 'es', hreflang: 'x-default', url: 'https://mx.example/a' },
    ]);
  });
  it('falls back to the canonical URL for x-default, and lists nothing without any URL', () => {
    expect(alternatesOf([{ locale: 'en', url: 'https://mx.example/en/a', status: 'PUBLISHED', isOriginal: false }], article).at(-1)).toEqual({
      locale: 'es',
      hreflang: 'x-default',
      url: 'https://mx.example/a',
    });
    expect(alternatesOf([{ locale: 'es', url: null, status: 'PUBLISHED', isOriginal: true }], { originalLocale: 'es', canonicalUrl: null })).toEqual([]);
  });
});
