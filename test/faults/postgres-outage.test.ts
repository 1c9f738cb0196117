import { AppConfig } from '../../src/config/app-config';
import { parseEnv } from '../../src/config/env.schema';
import { migrate } from '../../src/database/migrate';
import { makeArticle, makeSection, type SectionFixture } from '../support/factories';
import { PrivatePostgres } from '../support/private-services';
import { TestApp } from '../support/test-app';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;
/** What the driver would have said: none of it may reach a client. */
const RAW = /ECONNREFUSED|127\.0\.0\.1|Context creation failed|Connection terminated|postgres/i;

describe('PostgreSQL stopped and started again (a private server, never the shared one)', () => {
  let pg: PrivatePostgres;
  let t: TestApp;
  let admin: string;
  let editor: string;
  let section: SectionFixture;
  const saved = process.env.DATABASE_URL;

  beforeAll(async () => {
    pg = await PrivatePostgres.start();
    process.env.DATABASE_URL = pg.url('newsdesk');
    await migrate(new AppConfig(parseEnv()));
    t = await TestApp.start();
    admin = await t.key('ADMIN');
    editor = await t.key('EDITOR');
    section = await makeSection(t, admin);
    await makeArticle(t, editor, section.slug, { title: 'Written before the outage' });
  }, 120_000);
  afterAll(async () => {
    await t?.close();
    await pg?.cleanup();
    process.env.DATABASE_URL = saved;
  });

  const titles = (key?: string, lang?: string) =>
    t.gql(`query($s: String) { articles(section: $s) { edges { node { translation { title } } } } }`, { key, lang, variables: { s: section.slug } });

  it('answers a translated SERVICE_UNAVAILABLE (503, errorId) during the outage, and recovers without a restart', async () => {
    expect((await titles(editor)).data?.articles.edges).toHaveLength(1);

    await pg.stop();

    // With a key: the key lookup runs while the GraphQL context is built, before any resolver.
    const keyed = await titles(editor, 'fr');
    expect(keyed.status).toBe(503);
    expect(keyed.data).toBeUndefined();
    expect(keyed.errors).toHaveLength(1);
    expect(keyed.errors![0].extensions).toEqual({ code: 'SERVICE_UNAVAILABLE', errorId: expect.stringMatching(UUID) });
    expect(keyed.errors![0].message).toContain('momentanément indisponible');
    expect(keyed.errors![0].message).toContain(keyed.errors![0].extensions.errorId);
    expect(JSON.stringify(keyed.errors)).not.toMatch(RAW);

    // Without a key: the resolver's query fails.
    const anonymous = await titles(undefined, 'sv');
    expect(anonymous.status).toBe(503);
    expect(anonymous.errors![0].extensions).toMatchObject({ code: 'SERVICE_UNAVAILABLE', errorId: expect.stringMatching(UUID) });
    expect(anonymous.errors![0].message).toContain('tillfälligt otillgänglig');
    expect(JSON.stringify(anonymous.errors)).not.toMatch(RAW);

    // A REST route: the same code and message shape.
    const feed = await t.http.get(`/sections/${section.slug}/feeds/en.atom`).set('Accept-Language', 'es');
    expect(feed.status).toBe(503);
    expect(feed.body).toEqual({ code: 'SERVICE_UNAVAILABLE', errorId: expect.stringMatching(UUID), message: expect.stringContaining('no está disponible') });
    expect(JSON.stringify(feed.body)).not.toMatch(RAW);

    const health = await t.http.get('/health');
    expect(health.status).toBe(503);

    await pg.start();

    // The pool reconnects by itself: the same process answers again, keyed and anonymous.
    const deadline = Date.now() + 30_000;
    let after = await titles(editor);
    while (after.status !== 200 && Date.now() < deadline) {
      await new Promise((r) => setTimeout(r, 200));
      after = await titles(editor);
    }
    expect(after.errors).toBeUndefined();
    expect(after.data?.articles.edges.map((e: { node: { translation: { title: string } } }) => e.node.translation.title)).toEqual(['Written before the outage']);
    expect((await titles()).status).toBe(200);
    expect((await t.http.get(`/sections/${section.slug}/feeds/en.atom`)).status).toBe(200);
  }, 90_000);
});
