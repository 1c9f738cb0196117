import { runKeysCli } from '../../src/cli/keys';
import { waitFor } from '../feeds/support/wait';
import { makeArticle, makeSection } from '../support/factories';
import { TestApp } from '../support/test-app';

type Entry = { id: string; at: string; actor: string; action: string; target: string };

const LOG = `query($first: Int, $after: String) { auditLog(first: $first, after: $after) {
  totalCount pageInfo { hasNextPage endCursor } edges { cursor node { id at actor action target } } } }`;

/** Every successful change is recorded once (who, what, on what, when) from one place; never a secret. */
describe('audit log', () => {
  let t: TestApp;
  let admin: string;
  let adminId: string;
  let editor: string;
  let editorId: string;

  const allowlist = process.env.FETCH_ALLOWLIST;

  beforeAll(async () => {
    // A webhook on loopback (never delivered to: it listens only to FEED_FAILING, and no worker runs here).
    process.env.FETCH_ALLOWLIST = '127.0.0.1';
    t = await TestApp.start();
    admin = await t.key('ADMIN');
    editor = await t.key('EDITOR');
    const ids = await t.dataSource.query(`SELECT id, role FROM api_keys ORDER BY created_at`);
    adminId = ids.find((r: { role: string }) => r.role === 'ADMIN').id;
    editorId = ids.find((r: { role: string }) => r.role === 'EDITOR').id;
  });
  afterAll(async () => {
    await t.close();
    if (allowlist === undefined) delete process.env.FETCH_ALLOWLIST;
    else process.env.FETCH_ALLOWLIST = allowlist;
  });

  const newest = async (first: number, after?: string | null) => {
    const res = await t.gql(LOG, { key: admin, variables: { first, after } });
    expect(res.errors).toBeUndefined();
    return res.data!.auditLog as { totalCount: number; pageInfo: { hasNextPage: boolean; endCursor: string | null }; edges: { cursor: string; node: Entry }[] };
  };
  const cli = async (...args: string[]) => {
    const lines: string[] = [];
    expect(await runKeysCli(args, (line) => lines.push(line))).toBe(0);
    return lines;
  };

  it('records mutations of several domains and CLI key operations, newest first, with no secret anywhere', async () => {
    const secrets: string[] = [admin, editor];
    const section = await makeSection(t, admin);
    const created = await t.gql(
      `mutation($input: CreateApiKeyInput!) { createApiKey(input: $input) { key apiKey { id } } }`,
      { key: admin, variables: { input: { name: 'Desk bot', role: 'TRANSLATOR', locales: ['fr'], email: 'desk@example.org' } } },
    );
    const { key, apiKey } = created.data!.createApiKey;
    secrets.push(key);
    const pushSecret = (await t.gql(`mutation($s: String!) { rotatePushSecret(section: $s) }`, { key: admin, variables: { s: section.slug } })).data!
      .rotatePushSecret as string;
    secrets.push(pushSecret);
    const webhookSecret = 'whsec-audit-test-0123456789abcdef';
    secrets.push(webhookSecret);
    const webhook = await t.gql(`mutation($input: CreateWebhookInput!) { createWebhook(input: $input) { id } }`, {
      key: admin,
      variables: { input: { url: 'http://127.0.0.1:9/hook', events: ['FEED_FAILING'], secret: webhookSecret } },
    });
    expect(webhook.errors).toBeUndefined();
    const webhookId = webhook.data!.createWebhook.id as string;
    const article = await makeArticle(t, editor, section.slug, { title: 'Harbour reopens' });
    expect((await t.gql(`mutation($id: ID!) { revokeApiKey(id: $id) { id } }`, { key: admin, variables: { id: apiKey.id } })).errors).toBeUndefined();
    const cliKey = (await cli('create', '--role', 'EDITOR', '--name', 'cli made')).at(-1)!;
    secrets.push(cliKey);
    const cliKeyId = (await t.dataSource.query(`SELECT id FROM api_keys WHERE name = 'cli made'`))[0].id as string;
    await cli('revoke', cliKeyId);

    const log = await newest(8);
    expect(log.edges.map((e) => [e.node.action, e.node.target, e.node.actor])).toEqual([
      ['revokeApiKey', cliKeyId, expect.stringMatching(/^cli\b/)],
      ['createApiKey', cliKeyId, expect.stringMatching(/^cli\b/)],
      ['revokeApiKey', apiKey.id, expect.stringContaining(`(key ${adminId})`)],
      ['createArticle', article.id, expect.stringContaining(`(key ${editorId})`)],
      ['createWebhook', webhookId, expect.stringContaining(`(key ${adminId})`)],
      ['rotatePushSecret', section.slug, expect.stringContaining(`(key ${adminId})`)],
      ['createApiKey', apiKey.id, expect.stringContaining(`(key ${adminId})`)],
      ['createSection', section.id, expect.stringContaining(`(key ${adminId})`)],
    ]);
    const times = log.edges.map((e) => Date.parse(e.node.at));
    expect([...times].sort((x, y) => y - x)).toEqual(times);

    const rows = await t.dataSource.query(`SELECT * FROM audit_log`);
    const everything = JSON.stringify(rows) + JSON.stringify(log);
    for (const secret of secrets) {
      expect(everything).not.toContain(secret);
      expect(everything).not.toContain(secret.slice(3, 20));
    }
  });

  it('leaves no entry for a refused or failed mutation', async () => {
    const before = (await newest(1)).totalCount;
    const refused = await t.gql(`mutation { createSection(input: { slug: "x-refused", names: { en: "X" }, defaultLocale: "en" }) { id } }`, { key: editor });
    expect(refused.errors![0].extensions.code).toBe('FORBIDDEN');
    const failed = await t.gql(`mutation { createSection(input: { slug: "Not A Slug!", names: { en: "X" }, defaultLocale: "en" }) { id } }`, { key: admin });
    expect(failed.errors![0].extensions.code).toBe('BAD_USER_INPUT');
    const anonymous = await t.gql(`mutation($id: ID!) { revokeApiKey(id: $id) { id } }`, { variables: { id: adminId } });
    expect(anonymous.errors![0].extensions.code).toBe('UNAUTHENTICATED');
    expect((await newest(1)).totalCount).toBe(before);
  });

  it('pages newest first with cursors like every other connection', async () => {
    for (let i = 0; i < 3; i++) await makeSection(t, admin);
    const all = await newest(100);
    const seen: string[] = [];
    let after: string | null = null;
    for (;;) {
      const page = await newest(2, after);
      expect(page.totalCount).toBe(all.totalCount);
      seen.push(...page.edges.map((e) => e.node.id));
      if (!page.pageInfo.hasNextPage) break;
      after = page.pageInfo.endCursor;
    }
    expect(seen).toEqual(all.edges.map((e) => e.node.id));
    const bad = await t.gql(LOG, { key: admin, variables: { first: 2, after: 'forged' } });
    expect(bad.errors![0].extensions.code).toBe('BAD_USER_INPUT');
    const tooMany = await t.gql(LOG, { key: admin, variables: { first: 1000 } });
    expect(tooMany.errors![0].extensions.code).toBe('BAD_USER_INPUT');
  });

  it("records the queue dashboard's changes, not its reads or its failures", async () => {
    const put = (path: string) => t.http.put(`/admin/queues/api/queues/${path}`).set('Authorization', `Bearer ${admin}`).set('Sec-Fetch-Site', 'same-origin');
    expect((await put('no-such-queue/pause')).status).toBe(404);
    expect((await put('feeds/pause')).status).toBe(200);
    expect((await t.http.get('/admin/queues/api/queues').set('Authorization', `Bearer ${admin}`)).status).toBe(200);
    // Written when the response has finished: wait for the row itself.
    const rows = await waitFor(async () => {
      const found = await t.dataSource.query(`SELECT actor, action, target FROM audit_log WHERE action = 'queueDashboard'`);
      return found.length ? found : null;
    }, 'the dashboard entry');
    expect(rows).toEqual([{ actor: expect.stringContaining(`(key ${adminId})`), action: 'queueDashboard', target: 'PUT /api/queues/feeds/pause' }]);
    expect((await put('feeds/resume')).status).toBe(200);
  });

  it('is for ADMIN only', async () => {
    const res = await t.gql(LOG, { key: editor, lang: 'zh' });
    expect(res.errors![0].extensions.code).toBe('FORBIDDEN');
    expect(res.errors![0].message).toBe('您的 API 密钥角色无权执行此操作。');
    expect((await t.gql(LOG)).errors![0].extensions.code).toBe('UNAUTHENTICATED');
  });

  it('keeps a change that succeeded when its entry cannot be written (best effort, logged)', async () => {
    const before = (await t.dataSource.query(`SELECT count(*)::int AS n FROM audit_log`))[0].n as number;
    await t.dataSource.query(`ALTER TABLE audit_log RENAME TO audit_log_away`);
    try {
      const section = await makeSection(t, admin);
      expect(section.slug).toMatch(/^section-/);
    } finally {
      await t.dataSource.query(`ALTER TABLE audit_log_away RENAME TO audit_log`);
    }
    expect((await t.dataSource.query(`SELECT count(*)::int AS n FROM audit_log`))[0].n).toBe(before);
    const metrics = await t.http.get('/metrics');
    expect(metrics.text).toMatch(/newsdesk_audit_write_failures_total\{action="createSection"\} 1/);
  });
});
