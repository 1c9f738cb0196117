import { negotiateLocale, parseAcceptLanguage } from './negotiate';
import { normaliseTag } from './locale-registry';

const supported = ['en', 'fr', 'zh', 'ur', 'es', 'sv'];

describe('normaliseTag', () => {
  it.each([
    ['zh-CN', 'zh'],
    ['zh-Hans', 'zh'],
    ['zh_cn', 'zh'],
    ['ur-PK', 'ur'],
    ['sv-SE', 'sv'],
    ['fr-CA', 'fr'],
    ['es-MX', 'es'],
    ['en-GB', 'en'],
    ['EN', 'en'],
  ])('%s -> %s', (tag, code) => expect(normaliseTag(tag)).toBe(code));

  it('rejects what is not a language tag', () => {
    expect(normaliseTag('1234')).toBeNull();
    expect(normaliseTag('')).toBeNull();
    expect(normaliseTag('english')).toBeNull();
  });
});

describe('negotiateLocale', () => {
  it('takes the best supported range by q-value', () => {
    expect(negotiateLocale('ur-PK,ur;q=0.9,en;q=0.5', supported, 'en')).toBe('ur');
    expect(negotiateLocale('de-DE,de;q=0.9,fr;q=0.8,en;q=0.5', supported, 'en')).toBe('fr');
    expect(negotiateLocale('en;q=0.2, sv;q=0.7', supported, 'en')).toBe('sv');
  });

  it('maps regional and script subtags', () => {
    expect(negotiateLocale('zh-CN', supported, 'en')).toBe('zh');
    expect(negotiateLocale('zh-Hant-TW', supported, 'en')).toBe('zh');
  });

  it('falls back to the default for missing, unsupported or refused languages', () => {
    expect(negotiateLocale(undefined, supported, 'en')).toBe('en');
    expect(negotiateLocale('de, ja;q=0.5', supported, 'en')).toBe('en');
    expect(negotiateLocale('fr;q=0', supported, 'es')).toBe('es');
    expect(negotiateLocale('*', supported, 'en')).toBe('en');
  });

  it('keeps header order between equal q-values', () => {
    expect(parseAcceptLanguage('es, fr')).toEqual(['es', 'fr']);
  });
});
