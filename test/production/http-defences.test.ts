import { randomBytes } from 'node:crypto';
import type { Server } from 'node:http';
import { TestApp } from '../support/test-app';

async function startWith(env: Record<string, string>): Promise<TestApp> {
  const saved = { ...process.env };
  Object.assign(process.env, env);
  try {
    return await TestApp.start();
  } finally {
    process.env = saved;
  }
}

const secrets = { SECRET_KEY: randomBytes(32).toString('base64'), CURSOR_SECRET: randomBytes(32).toString('base64') };

describe('HTTP defences', () => {
  const apps: TestApp[] = [];
  const start = async (env: Record<string, string> = {}) => {
    const t = await startWith(env);
    apps.push(t);
    return t;
  };
  afterAll(async () => {
    for (const app of apps) await app.close();
  });

  it("sends helmet's headers and no X-Powered-By, on GraphQL and REST routes alike", async () => {
    const t = await start();
    for (const res of [await t.http.post('/graphql').send({ query: '{ locales { code } }' }), await t.http.get('/health'), await t.http.get('/nope')]) {
      expect(res.headers['x-powered-by']).toBeUndefined();
      expect(res.headers['x-content-type-options']).toBe('nosniff');
      expect(res.headers['x-frame-options']).toBe('SAMEORIGIN');
      expect(res.headers['strict-transport-security']).toMatch(/max-age=\d+/);
    }
  });

  it('puts a Content-Security-Policy on the HTML dashboard', async () => {
    const t = await start();
    const key = await t.key('ADMIN');
    const res = await t.http.get('/admin/queues').set('Authorization', `Bearer ${key}`);
    expect(res.status).toBe(200);
    expect(res.headers['content-type']).toMatch(/text\/html/);
    const csp = String(res.headers['content-security-policy']);
    expect(csp).toContain("script-src 'self'");
    expect(csp).toContain("frame-ancestors 'none'");
    expect(csp).toContain("object-src 'none'");
  });

  it('allows cross-origin calls only from CORS_ORIGINS', async () => {
    const closed = await start();
    const preflight = (t: TestApp, origin: string) =>
      t.http.options('/graphql').set('Origin', origin).set('Access-Control-Request-Method', 'POST').set('Access-Control-Request-Headers', 'content-type,authorization');
    expect((await preflight(closed, 'https://desk.example.org')).headers['access-control-allow-origin']).toBeUndefined();

    const open = await start({ CORS_ORIGINS: 'https://desk.example.org, https://other.example.org' });
    const allowed = await preflight(open, 'https://desk.example.org');
    expect(allowed.headers['access-control-allow-origin']).toBe('https://desk.example.org');
    expect(allowed.headers['access-control-allow-headers']).toMatch(/Authorization/i);
    expect((await preflight(open, 'https://evil.example.net')).headers['access-control-allow-origin']).toBeUndefined();
    const post = await open.http.post('/graphql').set('Origin', 'https://other.example.org').send({ query: '{ locales { code } }' });
    expect(post.headers['access-control-allow-origin']).toBe('https://other.example.org');
  });

  it('keeps idle connections 65 s and waits 66 s for headers by default, as configured otherwise', async () => {
    const byDefault = (await start()).app.getHttpServer() as Server;
    expect(byDefault.keepAliveTimeout).toBe(65_000);
    expect(byDefault.headersTimeout).toBe(66_000);
    const configured = (await start({ HTTP_KEEP_ALIVE_TIMEOUT_MS: '75000', HTTP_HEADERS_TIMEOUT_MS: '76000' })).app.getHttpServer() as Server;
    expect(configured.keepAliveTimeout).toBe(75_000);
    expect(configured.headersTimeout).toBe(76_000);
  });

  it('suggests no field names in production (introspection is off there too)', async () => {
    const dev = await start();
    const devAnswer = await dev.gql('{ articls { totalCount } }');
    expect(JSON.stringify(devAnswer.errors)).toMatch(/Did you mean/);

    const production = await start({ NODE_ENV: 'production', ...secrets });
    const answer = await production.gql('{ articls { totalCount } }', { lang: 'en' });
    expect(answer.errors?.[0].extensions.code).toBe('GRAPHQL_VALIDATION_FAILED');
    expect(JSON.stringify(answer.errors)).not.toMatch(/Did you mean|articles/);
    const introspection = await production.gql('{ __schema { types { name } } }');
    expect(introspection.errors?.[0].extensions.code).toBe('GRAPHQL_VALIDATION_FAILED');
  });

  it('refuses a query whose pages multiply past GRAPHQL_MAX_COST, before any resolver runs', async () => {
    const t = await start({ GRAPHQL_MAX_COST: '250' });
    const small = await t.gql('{ articles(first: 10) { edges { node { id publishedAt } } } }');
    expect(small.errors).toBeUndefined();
    const large = await t.gql('{ articles(first: 100) { edges { node { id publishedAt } } } }', { lang: 'fr' });
    expect(large.data).toBeUndefined();
    expect(large.errors?.[0].extensions).toMatchObject({ code: 'GRAPHQL_VALIDATION_FAILED', detail: 'Query cost 302 is over the limit of 250: ask for smaller pages.' });
  });
});
