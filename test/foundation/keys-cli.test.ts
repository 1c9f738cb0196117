import { runKeysCli } from '../../src/cli/keys';
import { makeSection } from '../support/factories';
import { TestApp } from '../support/test-app';

describe('npm run keys', () => {
  let t: TestApp;
  beforeAll(async () => (t = await TestApp.start()));
  afterAll(() => t.close());

  const run = async (...args: string[]) => {
    const lines: string[] = [];
    const code = await runKeysCli(args, (line) => lines.push(line));
    return { code, lines };
  };

  it('creates a key, prints it once on the last line, stores only its hash; list and revoke work', async () => {
    const created = await run('create', '--role', 'TRANSLATOR', '--name', 'Ayesha (ur)', '--locales', 'ur-PK,fr');
    expect(created.code).toBe(0);
    const key = created.lines.at(-1)!;
    expect(key).toMatch(/^nd_[A-Za-z0-9_-]{43}$/);

    const stored = await t.dataSource.query(`SELECT key_hash, locales FROM api_keys WHERE name = 'Ayesha (ur)'`);
    expect(stored).toHaveLength(1);
    expect(stored[0].locales).toEqual(['ur', 'fr']);
    expect(JSON.stringify(stored)).not.toContain(key);
    const anywhere = await t.dataSource.query(`SELECT count(*)::int AS n FROM api_keys WHERE key_hash = $1 OR key_prefix = $1`, [key]);
    expect(anywhere[0].n).toBe(0);

    // The key authenticates: a translator may not create sections (FORBIDDEN, not UNAUTHENTICATED).
    const q = `mutation { createSection(input: { slug: "x-cli", names: { en: "X" }, defaultLocale: "en" }) { id } }`;
    expect((await t.gql(q, { key })).errors![0].extensions.code).toBe('FORBIDDEN');

    const listed = await run('list');
    const line = listed.lines.find((l) => l.includes('Ayesha (ur)'))!;
    expect(line).toMatch(/TRANSLATOR/);
    expect(line).toMatch(/locales=ur,fr/);
    expect(line).not.toContain(key);
    const id = line.split(/\s+/)[0];

    expect((await run('revoke', id)).code).toBe(0);
    expect((await t.gql(q, { key })).errors![0].extensions.code).toBe('UNAUTHENTICATED');
    expect((await run('list')).lines.find((l) => l.startsWith(id))).toMatch(/revoked/);
  });

  it('scopes a PUBLISHER key to a section', async () => {
    const section = await makeSection(t, await t.key('ADMIN'));
    const created = await run('create', '--role', 'publisher', '--name', 'site bot', '--section', section.slug);
    expect(created.code).toBe(0);
    const rows = await t.dataSource.query(`SELECT role, section_id FROM api_keys WHERE name = 'site bot'`);
    expect(rows).toEqual([{ role: 'PUBLISHER', section_id: section.id }]);
  });

  it('gives a key an e-mail address and a mail language; viewer shows them', async () => {
    const created = await run('create', '--role', 'TRANSLATOR', '--name', 'Amina mail', '--locales', 'fr,ur', '--email', ' amina@example.org ', '--locale', 'ur-PK');
    expect(created.code).toBe(0);
    const rows = await t.dataSource.query(`SELECT email, locale FROM api_keys WHERE name = 'Amina mail'`);
    expect(rows).toEqual([{ email: 'amina@example.org', locale: 'ur' }]);
    expect((await run('list')).lines.find((l) => l.includes('Amina mail'))).toMatch(/email=amina@example\.org mail-locale=ur/);
    const viewer = await t.gql(`query { viewer { email locale } }`, { key: created.lines.at(-1)! });
    expect(viewer.data!.viewer).toEqual({ email: 'amina@example.org', locale: 'ur' });
  });

  it.each([
    [['create', '--role', 'TRANSLATOR', '--name', 'x', '--locales', 'fr', '--email', 'not an address'], /is not an e-mail address/],
    [['create', '--role', 'TRANSLATOR', '--name', 'x', '--locales', 'fr', '--locale', 'klingon'], /not supported/],
    [['create', '--role', 'KING', '--name', 'x'], /Unknown role "KING"/],
    [['create', '--role', 'TRANSLATOR', '--name', 'x'], /needs at least one language/],
    [['create', '--role', 'PUBLISHER', '--name', 'x', '--section', 'nowhere'], /There is no section "nowhere"/],
    [['create', '--role', 'ADMIN', '--name', 'x', '--locales', 'klingon'], /not supported/],
    [['frobnicate'], /Usage/],
  ])('refuses %j clearly and creates nothing', async (args, message) => {
    const before = (await t.dataSource.query('SELECT count(*)::int AS n FROM api_keys'))[0].n;
    const { code, lines } = await run(...(args));
    expect(code).not.toBe(0);
    expect(lines.join('\n')).toMatch(message);
    expect((await t.dataSource.query('SELECT count(*)::int AS n FROM api_keys'))[0].n).toBe(before);
  });
});
