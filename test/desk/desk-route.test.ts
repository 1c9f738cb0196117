import { TestApp } from '../support/test-app';
import { ensureDeskBuilt } from './desk-build';

/** GET /desk: the built page, with a CSP that allows only its own files and the API at the same origin. */
describe('the /desk route', () => {
  let t: TestApp;
  let html: string;
  beforeAll(async () => {
    html = ensureDeskBuilt();
    t = await TestApp.start();
  });
  afterAll(() => t?.close());

  it('serves the page with a strict Content-Security-Policy and no inline script', async () => {
    const bare = await t.http.get('/desk');
    expect(bare.status).toBe(301);
    expect(bare.headers.location).toBe('/desk/');

    const page = await t.http.get('/desk/');
    expect(page.status).toBe(200);
    expect(page.headers['content-type']).toMatch(/text\/html/);
    expect(page.headers['cache-control']).toBe('no-cache');
    const csp = String(page.headers['content-security-policy']);
    expect(csp).toContain("default-src 'none'");
    expect(csp).toContain("script-src 'self'");
    expect(csp).toContain("connect-src 'self'");
    expect(csp).toContain("frame-ancestors 'none'");
    expect(csp).not.toMatch(/unsafe-inline|unsafe-eval|https?:/);

    // Every script is a file of the page's own; no inline code, nothing from another origin.
    const scripts = [...page.text.matchAll(/<script\b([^>]*)>([\s\S]*?)<\/script>/g)];
    expect(scripts.length).toBeGreaterThan(0);
    for (const [, attrs, body] of scripts) {
      expect(attrs).toMatch(/src="\/desk\/assets\/[^"]+\.js"/);
      expect(body.trim()).toBe('');
    }
    expect(page.text).not.toMatch(/(src|href)="(https?:)?\/\//);
    expect(page.text).toBe(html);

    const asset = /src="(\/desk\/assets\/[^"]+\.js)"/.exec(page.text)![1];
    const js = await t.http.get(asset);
    expect(js.status).toBe(200);
    expect(js.headers['content-type']).toMatch(/javascript/);
    expect(js.headers['cache-control']).toContain('immutable');
  });

  it('leaves the API without the page CSP', async () => {
    const res = await t.http.post('/graphql').send({ query: '{ locales { code } }' });
    expect(res.status).toBe(200);
    expect(res.headers['content-security-policy']).toBeUndefined();
  });
});
