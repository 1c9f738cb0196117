import { DomainError } from '../common/errors';
import { LocaleRegistry } from './locale-registry';

describe('LocaleRegistry.require', () => {
  const registry = LocaleRegistry.fromConfig('en', ['en', 'ur', 'zh']);

  it('answers the served code for a tag in any spelling', () => {
    expect(registry.require('UR')).toBe('ur');
    expect(registry.require('en-GB')).toBe('en');
  });

  it('refuses a language that is not served, naming the ones that are', () => {
    let error: DomainError | undefined;
    try {
      registry.require('fr');
    } catch (e) {
      error = e as DomainError;
    }
    expect(error).toBeInstanceOf(DomainError);
    expect(error?.code).toBe('BAD_USER_INPUT');
    expect(error?.key).toBe('errors:locale.unsupported');
    expect(error?.params).toEqual({ locale: 'fr', supported: 'en, zh, ur' });
  });
});
