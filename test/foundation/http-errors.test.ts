import { TestApp } from '../support/test-app';

/** Errors raised before any resolver or controller runs are answered like every other: a code, a translated message. */
describe('HTTP-level errors', () => {
  let t: TestApp;
  beforeAll(async () => (t = await TestApp.start()));
  afterAll(() => t.close());

  it('a body over the limit is 413 with a translated message', async () => {
    const res = await t.http
      .post('/graphql')
      .set('Content-Type', 'application/json')
      .set('Accept-Language', 'fr')
      .send(JSON.stringify({ query: '{ locales { code } }', padding: 'x'.repeat(3_000_000) }));
    expect(res.status).toBe(413);
    expect(res.body).toMatchObject({ code: 'BAD_USER_INPUT', message: 'Le corps de la requête est trop volumineux.' });
  });

  it('a body that is not JSON is 400 with a translated message', async () => {
    const res = await t.http.post('/graphql').set('Content-Type', 'application/json').set('Accept-Language', 'sv').send('{"query": ');
    expect(res.status).toBe(400);
    expect(res.body.code).toBe('BAD_USER_INPUT');
    expect(res.body.message).toMatch(/^Begäran kunde inte läsas: /);
  });

  it('an unknown route is 404 with a translated message', async () => {
    const res = await t.http.get('/no/such/route').set('Accept-Language', 'ur');
    expect(res.status).toBe(404);
    expect(res.body).toEqual({ code: 'NOT_FOUND', message: '/no/such/route پر کچھ موجود نہیں۔', detail: expect.any(String) });
  });
});
