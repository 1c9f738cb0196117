import { AppConfig } from './app-config';
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

describe('parseEnv in production', () => {
  const strong = { SECRET_KEY: 'q8Yv3Jm1Zt0Rw7Lp2Xs9Nc4Hb6Gd5Fa0Ee', CURSOR_SECRET: 'Vt7Kq2Wm9Rz4Lx1Pn8Hc3Js6Bd0Gf5Ya' };
  const production = (env: Record<string, string>) => parseEnv({ NODE_ENV: 'production', ...env });
  const messageOf = (env: Record<string, string>) => {
    try {
      production(env);
      return '';
    } catch (error) {
      expect(error).toBeInstanceOf(ConfigError);
      return (error as Error).message;
    }
  };

  it('starts with long random secrets', () => {
    expect(production(strong).SECRET_KEY).toBe(strong.SECRET_KEY);
  });

  it.each(['SECRET_KEY', 'CURSOR_SECRET'])('refuses to start when %s is left at its development default, naming it', (name) => {
    const env: Record<string, string> = { ...strong };
    delete env[name];
    const message = messageOf(env);
    expect(message).toMatch(new RegExp(`^  ${name}: the development default`, 'm'));
    expect(message).not.toMatch(name === 'SECRET_KEY' ? /CURSOR_SECRET/ : /SECRET_KEY:/);
  });

  it.each([
    ['SECRET_KEY', 'change-me-secret-key-please'],
    ['CURSOR_SECRET', 'abcdefghijklmnopqrstu'],
    ['SECRET_KEY', 'aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa'],
  ])('refuses %s=%s (a placeholder, short or simple) and never prints the value', (name, value) => {
    const message = messageOf({ ...strong, [name]: value });
    expect(message).toMatch(new RegExp(`\\b${name}\\b`));
    expect(message).not.toContain(value);
  });

  it('names both secrets when both are missing', () => {
    const message = messageOf({});
    expect(message).toMatch(/SECRET_KEY/);
    expect(message).toMatch(/CURSOR_SECRET/);
  });

  it('refuses to subscribe to WebSub hubs with a callback they cannot reach', () => {
    expect(messageOf({ ...strong, WEBSUB_SUBSCRIBE: 'true' })).toMatch(/^ {2}WEBSUB_CALLBACK_URL: hubs cannot reach localhost/m);
    expect(messageOf({ ...strong, WEBSUB_SUBSCRIBE: 'true', WEBSUB_CALLBACK_URL: 'http://127.0.0.1:3000' })).toMatch(/WEBSUB_CALLBACK_URL/);
    expect(messageOf({ ...strong, WEBSUB_SUBSCRIBE: 'true', PUBLIC_URL: 'https://news.example.org' })).toBe('');
    expect(messageOf({ ...strong, WEBSUB_SUBSCRIBE: 'false' })).toBe('');
  });

  it('lets development and tests start with the defaults', () => {
    expect(() => parseEnv({ NODE_ENV: 'development' })).not.toThrow();
    expect(() => parseEnv({ NODE_ENV: 'test' })).not.toThrow();
  });
});

describe('REDIS_PREFIX and REDIS_CLUSTER_NODES', () => {
  const refused = (env: Record<string, string>) => {
    try {
      parseEnv(env);
      return '';
    } catch (error) {
      expect(error).toBeInstanceOf(ConfigError);
      return (error as Error).message;
    }
  };

  it.each(['newsdesk', '{newsdesk}', 'prod-{newsdesk}', '{nd}-eu_1'])('accepts the prefix %s', (prefix) => {
    expect(parseEnv({ REDIS_PREFIX: prefix }).REDIS_PREFIX).toBe(prefix);
  });

  it.each(['{}', '{a}{b}', 'news:desk', 'news desk', '{newsdesk', 'a}'])('refuses the prefix %s, naming the variable', (prefix) => {
    expect(refused({ REDIS_PREFIX: prefix })).toMatch(/REDIS_PREFIX/);
  });

  it('reads cluster nodes, and needs a hash-tagged prefix with them (every key of a queue in one slot)', () => {
    expect(refused({ REDIS_CLUSTER_NODES: '127.0.0.1:7000,127.0.0.1:7001', REDIS_PREFIX: 'newsdesk' })).toMatch(/REDIS_PREFIX: Redis Cluster needs a hash tag, e\.g\. \{newsdesk\}/);
    expect(parseEnv({ REDIS_CLUSTER_NODES: '127.0.0.1:7000, redis-2:7001', REDIS_PREFIX: '{newsdesk}' }).REDIS_CLUSTER_NODES).toBe('127.0.0.1:7000, redis-2:7001');
    expect(refused({ REDIS_CLUSTER_NODES: 'redis-1', REDIS_PREFIX: '{newsdesk}' })).toMatch(/REDIS_CLUSTER_NODES/);
  });
});

describe('DATABASE_REPLICA_URLS', () => {
  it('reads comma-separated postgres URLs', () => {
    const config = new AppConfig(parseEnv({ DATABASE_REPLICA_URLS: 'postgres://r1:5432/newsdesk, postgresql://u:p@r2:5433/newsdesk' }));
    expect(config.databaseReplicaUrls).toEqual(['postgres://r1:5432/newsdesk', 'postgresql://u:p@r2:5433/newsdesk']);
    expect(new AppConfig(parseEnv({})).databaseReplicaUrls).toEqual([]);
  });

  it.each(['r1:5432', 'postgres://r1/newsdesk,mysql://r2/x', 'postgres://r1/newsdesk,'])('refuses %s, naming the variable', (value) => {
    expect(() => parseEnv({ DATABASE_REPLICA_URLS: value })).toThrow(/DATABASE_REPLICA_URLS: must be postgres:\/\/ URLs/);
  });
});
