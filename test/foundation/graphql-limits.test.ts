import { TestApp } from '../support/test-app';

/** RELIABILITY.md #14: abusive query shapes are refused before any resolver runs. */
describe('GraphQL limits', () => {
  let t: TestApp;
  beforeAll(async () => (t = await TestApp.start()));
  afterAll(() => t.close());

  const post = (body: unknown, headers: Record<string, string> = { 'Content-Type': 'application/json' }) =>
    t.http.post('/graphql').set(headers).send(typeof body === 'string' ? body : JSON.stringify(body));

  it('refuses a query deeper than 6 levels', async () => {
    const deep = '{ articles { edges { node { section { feeds { section { slug } } } } } } }';
    const res = await t.gql(deep);
    expect(res.errors?.[0].extensions.code).toBe('GRAPHQL_VALIDATION_FAILED');
    expect(res.errors!.map((e) => e.extensions.detail).join(' ')).toMatch(/depth limit of 6 exceeded/);
    expect(res.data).toBeUndefined();
  });

  it('accepts the deepest ordinary query', async () => {
    const res = await t.gql('{ articles(first: 1) { edges { node { section { slug } } } } }');
    expect(res.errors).toBeUndefined();
  });

  it('refuses 16 aliases', async () => {
    const aliases = Array.from({ length: 16 }, (_, i) => `a${i}: locales { code }`).join(' ');
    const res = await t.gql(`{ ${aliases} }`);
    expect(res.errors?.[0].extensions.code).toBe('GRAPHQL_VALIDATION_FAILED');
    expect(res.errors![0].extensions.detail).toMatch(/Aliases limit of 15 exceeded/);
    expect(res.data).toBeUndefined();
  });

  it('refuses 51 directives (GRAPHQL_MAX_DIRECTIVES, 50 by default) and accepts 50', async () => {
    // One directive per selection (a location may carry @include once); the repeated field merges into one.
    const directives = (n: number) => `{ locales { ${'code @include(if: true) '.repeat(n)}} }`;
    const fifty = await t.gql(directives(50));
    expect(fifty.errors).toBeUndefined();
    expect(fifty.data!.locales.length).toBeGreaterThan(0);
    const res = await t.gql(directives(51));
    expect(res.errors?.[0].extensions.code).toBe('GRAPHQL_VALIDATION_FAILED');
    expect(res.errors![0].extensions.detail).toMatch(/Directives limit of 50 exceeded, found 51/);
    expect(res.data).toBeUndefined();
  });

  it('refuses 1,000 duplicated fields (token limit)', async () => {
    const res = await t.gql(`{ locales { ${'code '.repeat(1000)} } }`);
    expect(res.errors?.[0].extensions.code).toBe('GRAPHQL_PARSE_FAILED');
    expect(res.data).toBeUndefined();
  });

  it('refuses circular fragments', async () => {
    const res = await t.gql('{ locales { ...A } } fragment A on Locale { code ...B } fragment B on Locale { name ...A }');
    expect(res.errors?.[0].extensions.code).toBe('GRAPHQL_VALIDATION_FAILED');
  });

  it('refuses a batched array body', async () => {
    const res = await post([{ query: '{ locales { code } }' }, { query: '{ locales { code } }' }]);
    expect(res.status).toBe(400);
  });

  it('refuses a CSRF-style simple request (text/plain, no preflight)', async () => {
    const res = await post('{"query":"{ locales { code } }"}', { 'Content-Type': 'text/plain' });
    expect(res.status).toBe(400);
    expect(res.body.data).toBeUndefined();
  });
});
