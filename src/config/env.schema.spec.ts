import { ConfigError, parseEnv } from './env.schema';

describe('parseEnv', () => {
  it('has defaults that work on a developer machine', () => {
    const env = parseEnv({});
    expect(env.DATABASE_URL).toBe('postgres://postgres@127.0.0.1:5432/newsdesk');
    expect(env.REDIS_URL).toBe('redis://127.0.0.1:6379/0');
    expect(env.PORT).toBe(3000);
    expect(env.DEFAULT_LOCALE).toBe('en');
  });

  it.each([
    ['PORT', 'abc'],
    ['PORT', '70000'],
    ['DATABASE_URL', 'mysql://x'],
    ['REDIS_URL', 'not a url'],
    ['CURSOR_SECRET', 'short'],
  ])('names the bad variable %s=%s', (name, value) => {
    expect(() => parseEnv({ [name]: value })).toThrow(ConfigError);
    expect(() => parseEnv({ [name]: value })).toThrow(new RegExp(`\\b${name}\\b`));
  });
});
