import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { TestApp } from '../support/test-app';

const admin = (lang: string) => JSON.parse(readFileSync(join(__dirname, '..', '..', 'locales', lang, 'admin.json'), 'utf8')).errors;
const basic = (user: string, password: string) => `Basic ${Buffer.from(`${user}:${password}`).toString('base64')}`;

describe('GET /admin/queues', () => {
  let t: TestApp;
  let adminKey: string;
  let editorKey: string;
  beforeAll(async () => {
    t = await TestApp.start();
    adminKey = await t.key('ADMIN');
    editorKey = await t.key('EDITOR');
  });
  afterAll(() => t.close());

  it('asks for credentials without a key (401, Basic challenge, translated)', async () => {
    for (const lang of ['en', 'ur', 'sv']) {
      const res = await t.http.get('/admin/queues').set('Accept-Language', lang);
      expect(res.status).toBe(401);
      expect(res.headers['www-authenticate']).toMatch(/^Basic realm="newsdesk admin"/);
      expect(res.body).toEqual({ code: 'UNAUTHENTICATED', message: admin(lang).unauthenticated });
    }
  });

  it('refuses a wrong key with 401 and other roles with 403', async () => {
    expect((await t.http.get('/admin/queues').set('Authorization', 'Bearer nd_wrong')).status).toBe(401);
    expect((await t.http.get('/admin/queues').set('Authorization', basic('admin', 'nd_wrong'))).status).toBe(401);
    expect((await t.http.get('/admin/queues').set('Authorization', basic('admin', ''))).status).toBe(401);
    const editor = await t.http.get('/admin/queues/api/queues').set('Authorization', `Bearer ${editorKey}`).set('Accept-Language', 'fr');
    expect(editor.status).toBe(403);
    expect(editor.body).toEqual({ code: 'FORBIDDEN', message: admin('fr').forbidden });
  });

  it('serves the dashboard to an ADMIN key, by Bearer or by Basic', async () => {
    const page = await t.http.get('/admin/queues').set('Authorization', `Bearer ${adminKey}`);
    expect(page.status).toBe(200);
    expect(page.headers['content-type']).toMatch(/^text\/html/);
    expect(page.text).toContain('/admin/queues');
    const api = await t.http.get('/admin/queues/api/queues').set('Authorization', basic('anyone', adminKey));
    expect(api.status).toBe(200);
    expect(api.body.queues.map((q: { name: string }) => q.name)).toContain('feeds');
  });

  it('refuses state changes sent from another site', async () => {
    const crossSite = await t.http
      .put('/admin/queues/api/queues/no-such-queue/pause')
      .set('Authorization', basic('admin', adminKey))
      .set('Sec-Fetch-Site', 'cross-site');
    expect(crossSite.status).toBe(403);
    expect(crossSite.body.code).toBe('FORBIDDEN');
    const foreignOrigin = await t.http
      .put('/admin/queues/api/queues/no-such-queue/pause')
      .set('Authorization', basic('admin', adminKey))
      .set('Origin', 'https://evil.example');
    expect(foreignOrigin.status).toBe(403);
    // The same request from the dashboard itself passes the guard (and bull-board answers for the unknown queue).
    const sameOrigin = await t.http
      .put('/admin/queues/api/queues/no-such-queue/pause')
      .set('Authorization', basic('admin', adminKey))
      .set('Sec-Fetch-Site', 'same-origin');
    expect(sameOrigin.status).toBe(404);
  });
});

describe('GET /admin/queues while Redis is down', () => {
  let t: TestApp;
  let adminKey: string;
  const redisUrl = process.env.REDIS_URL;
  beforeAll(async () => {
    process.env.REDIS_URL = 'redis://127.0.0.1:1/0';
    t = await TestApp.start();
    adminKey = await t.key('ADMIN');
  });
  afterAll(async () => {
    await t.close();
    process.env.REDIS_URL = redisUrl;
  });

  it('answers 503 at once instead of hanging, and /metrics still answers', async () => {
    const res = await t.http.get('/admin/queues/api/queues').set('Authorization', `Bearer ${adminKey}`).set('Accept-Language', 'es');
    expect(res.status).toBe(503);
    expect(res.body).toEqual({ code: 'SERVICE_UNAVAILABLE', message: admin('es').redisDown });
    const metrics = await t.http.get('/metrics');
    expect(metrics.status).toBe(200);
    expect(metrics.text).toContain('# TYPE newsdesk_queue_jobs gauge');
    expect(metrics.text).not.toMatch(/^newsdesk_queue_jobs\{/m);
  });
});
