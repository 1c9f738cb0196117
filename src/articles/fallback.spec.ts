import { LocaleRegistry } from '../i18n/locale-registry';
import { missingLocales, pickTranslation } from './fallback';

const registry = new LocaleRegistry(
  [
    { code: 'en', nativeName: 'English', direction: 'LTR', fallbacks: [] },
    { code: 'ur', nativeName: 'اردو', direction: 'RTL', fallbacks: ['en'] },
    { code: 'sv', nativeName: 'Svenska', direction: 'LTR', fallbacks: ['en'] },
    { code: 'es', nativeName: 'Español', direction: 'LTR', fallbacks: ['en'] },
  ],
  'en',
);

describe('pickTranslation along the fallback chain', () => {
  const en = { locale: 'en', title: 'Convention' };
  const ur = { locale: 'ur', title: 'کنونشن' };
  const sv = { locale: 'sv', title: 'Skola' };

  it('serves the requested locale when it exists', () => {
    expect(pickTranslation([en, ur], registry.chain('ur', 'ur'))).toEqual({ translation: ur, isFallback: false });
  });

  it('falls back to the configured fallback, then the original language', () => {
    expect(pickTranslation([en, ur], registry.chain('es', 'ur'))).toEqual({ translation: en, isFallback: true });
    expect(pickTranslation([sv], registry.chain('ur', 'sv'))).toEqual({ translation: sv, isFallback: true });
  });

  it('returns null without fallback when the locale is missing', () => {
    expect(pickTranslation([en], registry.chain('ur', 'en'), false)).toBeNull();
    expect(pickTranslation([], registry.chain('ur', 'en'))).toBeNull();
  });

  it('chains are de-duplicated and keep order', () => {
    expect(registry.chain('ur', 'en')).toEqual(['ur', 'en']);
    expect(registry.chain('en', 'sv')).toEqual(['en', 'sv']);
  });
});

describe('missingLocales', () => {
  it('lists configured locales without a published translation', () => {
    expect(missingLocales(['en', 'fr', 'zh', 'ur', 'es', 'sv'], ['sv', 'en'])).toEqual(['fr', 'zh', 'ur', 'es']);
  });
});
