import { createClient, type Client } from 'graphql-ws';
import type { AddressInfo } from 'node:net';
import WebSocket from 'ws';
import { PUBLISHED_CHANNEL } from '../../src/articles';
import { RedisPubSub } from '../../src/redis/redis-pubsub';
import { makeSection } from '../support/factories';
import { subscribedInRedis } from '../support/subscribed';
import { TestApp } from '../support/test-app';

const FIELDS = 'id name role locales section { slug } email locale createdAt lastUsedAt revokedAt';
const CREATE = `mutation($input: CreateApiKeyInput!) { createApiKey(input: $input) { key apiKey { ${FIELDS} } } }`;
const REVOKE = `mutation($id: ID!) { revokeApiKey(id: $id) { id revokedAt } }`;
const LIST = `query { apiKeys { ${FIELDS} } }`;
const VIEWER = `query { viewer { name role } }`;

/** API keys managed over GraphQL by an ADMIN: created (shown once), listed (never shown), revoked (at once, everywhere). */
describe('API keys over GraphQL', () => {
  let a: TestApp;
  let b: TestApp;
  let admin: string;
  const clients: Client[] = [];

  beforeAll(async () => {
    a = await TestApp.start();
    b = await TestApp.start();
    admin = await a.key('ADMIN');
  });
  afterAll(async () => {
    await Promise.all(clients.map((c) => Promise.resolve(c.dispose())));
    await Promise.all([a.close(), b.close()]);
  });

  const create = async (input: Record<string, unknown>, lang?: string) => a.gql(CREATE, { key: admin, variables: { input }, lang });

  it('creates a key and shows it once; the list never shows it; only its hash is stored', async () => {
    const section = await makeSection(a, admin);
    const res = await create({ name: 'Site bot', role: 'publisher', section: section.slug, email: ' bot@example.org ', locale: 'fr' });
    expect(res.errors).toBeUndefined();
    const { key, apiKey } = res.data!.createApiKey;
    expect(key).toMatch(/^nd_[A-Za-z0-9_-]{43}$/);
    expect(apiKey).toMatchObject({ name: 'Site bot', role: 'PUBLISHER', locales: [], section: { slug: section.slug }, email: 'bot@example.org', locale: 'fr' });
    expect(apiKey.revokedAt).toBeNull();

    // The new key works at once.
    expect((await a.gql(VIEWER, { key })).data!.viewer).toEqual({ name: 'Site bot', role: 'PUBLISHER' });

    const list = await a.gql(LIST, { key: admin });
    expect(list.errors).toBeUndefined();
    expect(list.data!.apiKeys.find((k: { id: string }) => k.id === apiKey.id)).toMatchObject({ name: 'Site bot', role: 'PUBLISHER' });
    expect(JSON.stringify(list)).not.toContain(key);
    expect(JSON.stringify(list)).not.toContain(key.slice(3));
    // There is no field to ask for it.
    expect((await a.gql(`query { apiKeys { key } }`, { key: admin })).errors![0].extensions.code).toBe('GRAPHQL_VALIDATION_FAILED');

    const stored = await a.dataSource.query(`SELECT * FROM api_keys WHERE id = $1`, [apiKey.id]);
    expect(JSON.stringify(stored)).not.toContain(key);
  });

  it('shows when a key was last used, recorded once a minute at most', async () => {
    const { key, apiKey } = (await create({ name: 'Reader', role: 'EDITOR' })).data!.createApiKey;
    expect(apiKey.lastUsedAt).toBeNull();
    const lastUsed = async () => ((await a.gql(LIST, { key: admin })).data!.apiKeys.find((k: { id: string }) => k.id === apiKey.id).lastUsedAt as string | null);

    expect((await a.gql(VIEWER, { key })).data!.viewer.name).toBe('Reader');
    // Recorded beside the request, not before its answer: read until it shows (2 s at most).
    let first = await lastUsed();
    for (let i = 0; i < 100 && !first; i++) {
      await new Promise((r) => setTimeout(r, 20));
      first = await lastUsed();
    }
    expect(first).not.toBeNull();

    // Used again at once, here and on another API process: within the minute, nothing is written.
    expect((await a.gql(VIEWER, { key })).data!.viewer.name).toBe('Reader');
    expect((await b.gql(VIEWER, { key })).data!.viewer.name).toBe('Reader');
    await new Promise((r) => setTimeout(r, 200));
    expect(await lastUsed()).toBe(first);
  });

  it('checks the input like the keys CLI, with translated, coded errors; creates nothing then', async () => {
    const count = async () => (await a.dataSource.query('SELECT count(*)::int AS n FROM api_keys'))[0].n as number;
    const before = await count();
    const cases: [Record<string, unknown>, string | undefined, RegExp][] = [
      [{ name: 'x', role: 'KING' }, undefined, /Unknown role "KING"/],
      [{ name: 'x', role: 'TRANSLATOR' }, undefined, /needs at least one language/],
      [{ name: 'x', role: 'TRANSLATOR', locales: ['fr', 'klingon'] }, undefined, /klingon/],
      [{ name: 'x', role: 'PUBLISHER', section: 'nowhere' }, undefined, /nowhere/],
      [{ name: 'x', role: 'PUBLISHER' }, undefined, /needs a section/],
      [{ name: 'x', role: 'EDITOR', email: 'not an address' }, undefined, /is not an e-mail address/],
      [{ name: 'x', role: 'EDITOR', locale: 'klingon' }, undefined, /klingon/],
      [{ name: '  ', role: 'EDITOR' }, undefined, /needs a name/],
      [{ name: 'x'.repeat(201), role: 'EDITOR' }, undefined, /200/],
      [{ name: 'x', role: 'KING' }, 'fr', /Rôle inconnu « KING »/],
      [{ name: 'x', role: 'EDITOR', email: 'nope' }, 'es', /no es una dirección de correo/],
    ];
    for (const [input, lang, message] of cases) {
      const res = await create(input, lang);
      expect(res.data).toBeUndefined();
      expect(res.errors![0].extensions.code).toBe('BAD_USER_INPUT');
      expect(res.errors![0].message).toMatch(message);
    }
    expect(await count()).toBe(before);
  });

  it('revokes a key: the next request fails on every API process; revoking again changes nothing', async () => {
    const { key, apiKey } = (await create({ name: 'Short-lived', role: 'EDITOR' })).data!.createApiKey;
    expect((await b.gql(VIEWER, { key })).data!.viewer.name).toBe('Short-lived');

    const revoked = await a.gql(REVOKE, { key: admin, variables: { id: apiKey.id } });
    expect(revoked.errors).toBeUndefined();
    const revokedAt = revoked.data!.revokeApiKey.revokedAt as string;
    expect(Date.parse(revokedAt)).not.toBeNaN();

    for (const t of [a, b]) {
      const res = await t.gql(VIEWER, { key, lang: 'sv' });
      expect(res.errors![0].extensions.code).toBe('UNAUTHENTICATED');
      expect(res.errors![0].message).toMatch(/API-nyckeln är okänd, återkallad/);
    }
    const again = await a.gql(REVOKE, { key: admin, variables: { id: apiKey.id } });
    expect(again.data!.revokeApiKey).toEqual({ id: apiKey.id, revokedAt });
    const listed = (await a.gql(LIST, { key: admin })).data!.apiKeys.find((k: { id: string }) => k.id === apiKey.id);
    expect(listed.revokedAt).toBe(revokedAt);

    for (const id of ['00000000-0000-4000-8000-000000000000', 'not-an-id']) {
      const missing = await a.gql(REVOKE, { key: admin, variables: { id }, lang: 'fr' });
      expect(missing.errors![0].extensions.code).toBe('NOT_FOUND');
      expect(missing.errors![0].message).toContain(`Aucune clé d'API n'a l'identifiant « ${id} »`);
    }
  });

  it('closes a revoked key’s subscription socket on another API process (4403)', async () => {
    await b.app.listen(0, '127.0.0.1');
    const port = (b.app.getHttpServer().address() as AddressInfo).port;
    const { key, apiKey } = (await create({ name: 'Live page', role: 'EDITOR' })).data!.createApiKey;
    let closed!: (code: number) => void;
    const closeCode = new Promise<number>((resolve) => (closed = resolve));
    const client = createClient({
      url: `ws://127.0.0.1:${port}/graphql`,
      webSocketImpl: WebSocket,
      retryAttempts: 0,
      connectionParams: { Authorization: `Bearer ${key}` },
      on: { closed: (event) => closed((event as { code: number }).code) },
    });
    clients.push(client);
    const pubsub = b.app.get(RedisPubSub);
    const before = pubsub.listenerCount(PUBLISHED_CHANNEL);
    const events = client.iterate({ query: `subscription { articlePublished { id } }` })[Symbol.asyncIterator]();
    const ended = events.next().catch((error: unknown) => error);
    // The socket is open and authenticated, and b hears revocations (Redis confirmed both subscriptions).
    await subscribedInRedis(pubsub, PUBLISHED_CHANNEL, before);
    await subscribedInRedis(pubsub, 'auth:key-revoked', 0);

    expect((await a.gql(REVOKE, { key: admin, variables: { id: apiKey.id } })).errors).toBeUndefined();
    expect(await closeCode).toBe(4403);
    await ended;
  });

  it('refuses every other role (FORBIDDEN) and anonymous callers (UNAUTHENTICATED), translated', async () => {
    const target = (await create({ name: 'Target', role: 'EDITOR' })).data!.createApiKey.apiKey.id as string;
    const operations: [string, Record<string, unknown>][] = [
      [LIST, {}],
      [CREATE, { input: { name: 'sneaky', role: 'ADMIN' } }],
      [REVOKE, { id: target }],
    ];
    const section = await makeSection(a, admin);
    const keys = [await a.key('EDITOR'), await a.key('TRANSLATOR', { locales: ['fr'] }), await a.key('PUBLISHER', { section: section.slug })];
    for (const [query, variables] of operations) {
      for (const key of keys) {
        const res = await a.gql(query, { key, variables, lang: 'fr' });
        expect(res.errors![0].extensions.code).toBe('FORBIDDEN');
        expect(res.errors![0].message).toBe("Le rôle de votre clé d'API ne permet pas cette opération.");
      }
      expect((await a.gql(query, { variables })).errors![0].extensions.code).toBe('UNAUTHENTICATED');
    }
    const rows = await a.dataSource.query(`SELECT name, revoked_at FROM api_keys WHERE id = $1 OR name = 'sneaky'`, [target]);
    expect(rows).toEqual([{ name: 'Target', revoked_at: null }]);
  });
});
