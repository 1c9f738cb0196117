import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { addTranslation, makeArticle, makeSection } from '../support/factories';
import { TestApp } from '../support/test-app';

const SCHEMAS = join(__dirname, '..', 'fixtures', 'sitemaps');

/** Debian's xmllint against the sitemaps.org schema kept in the repository (.ci/run installs libxml2-utils). */
function validate(xml: string, schema: 'sitemap.xsd' | 'siteindex.xsd'): { ok: boolean; output: string } {
  const dir = mkdtempSync(join(tmpdir(), 'sitemap-'));
  try {
    const file = join(dir, 'doc.xml');
    writeFileSync(file, xml);
    const run = spawnSync('xmllint', ['--noout', '--nonet', '--schema', join(SCHEMAS, schema), file], { encoding: 'utf8' });
    if (run.error) throw new Error(`xmllint could not run (apt-get install libxml2-utils): ${run.error.message}`);
    return { ok: run.status === 0, output: `${run.stdout}${run.stderr}` };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

describe('sitemaps and alternates', () => {
  let t: TestApp;
  let admin: string;
  let slug: string;
  let articleId: string;

  const get = (path: string, headers: Record<string, string> = {}) => {
    let req = t.http.get(path);
    for (const [name, value] of Object.entries(headers)) req = req.set(name, value);
    return req.buffer(true).parse((res, done) => {
      let text = '';
      res.setEncoding('utf8');
      res.on('data', (chunk: string) => (text += chunk));
      res.on('end', () => done(null, text));
    });
  };
  const setUrl = (id: string, locale: string, url: string) => t.dataSource.query(`UPDATE translations SET url = $3 WHERE article_id = $1 AND locale = $2`, [id, locale, url]);

  beforeAll(async () => {
    t = await TestApp.start();
    admin = await t.key('ADMIN');
    slug = (await makeSection(t, admin)).slug;
    articleId = (await makeArticle(t, admin, slug, { title: 'Harbour reopens', canonicalUrl: 'https://news.example/en/harbour?a=1&b=2' })).id;
    await addTranslation(t, articleId, 'fr', 'Le port rouvre');
    await setUrl(articleId, 'fr', 'https://news.example/fr/port');
    await addTranslation(t, articleId, 'ur', 'بندرگاہ', 'SUBMITTED'); // not published: never listed
    await setUrl(articleId, 'ur', 'https://news.example/ur/harbour');
    await makeArticle(t, admin, slug, { title: 'No address anywhere' }); // no URL: nothing to list
  });
  afterAll(() => t.close());

  const EN = 'https://news.example/en/harbour?a=1&b=2';
  const FR = 'https://news.example/fr/port';
  const expectedAlternates = [
    { locale: 'en', hreflang: 'en', url: EN },
    { locale: 'fr', hreflang: 'fr', url: FR },
    { locale: 'en', hreflang: 'x-default', url: EN },
  ];

  it("lists an article's alternates in GraphQL: published translations with a URL, then x-default", async () => {
    const res = await t.gql(`query($id: ID!) { article(id: $id) { alternates { locale hreflang url } } }`, { variables: { id: articleId } });
    expect(res.errors).toBeUndefined();
    const list = res.data!.article.alternates as { hreflang: string }[];
    expect([...list].sort((a, b) => a.hreflang.localeCompare(b.hreflang))).toEqual(expectedAlternates);
  });

  it("serves a section's sitemap that the sitemaps.org schema accepts, with hreflang alternates, ETag and Cache-Control", async () => {
    const res = await get(`/sections/${slug}/sitemap.xml`);
    expect(res.status).toBe(200);
    expect(res.headers['content-type']).toMatch(/^application\/xml; charset=utf-8/);
    expect(res.headers['cache-control']).toBe('public, max-age=300');
    const body = res.body as string;
    const check = validate(body, 'sitemap.xsd');
    expect(check.output).not.toMatch(/fails to validate|error/i);
    expect(check.ok).toBe(true);
    // One <url> per published translation with a URL, each naming every version and x-default.
    const locs = [...body.matchAll(/<loc>([^<]+)<\/loc>/g)].map((m) => m[1]).sort();
    expect(locs).toEqual(['https://news.example/en/harbour?a=1&amp;b=2', FR]);
    for (const url of body.split('<url>').slice(1)) {
      expect(url).toContain(`<xhtml:link rel="alternate" hreflang="en" href="https://news.example/en/harbour?a=1&amp;b=2"/>`);
      expect(url).toContain(`<xhtml:link rel="alternate" hreflang="fr" href="${FR}"/>`);
      expect(url).toContain(`<xhtml:link rel="alternate" hreflang="x-default" href="https://news.example/en/harbour?a=1&amp;b=2"/>`);
      expect(url).not.toContain('hreflang="ur"');
    }
    const again = await get(`/sections/${slug}/sitemap.xml`, { 'If-None-Match': String(res.headers.etag) });
    expect(again.status).toBe(304);
  });

  it('the schema check can fail: a sitemap with a malformed lastmod is refused', async () => {
    const body: string = (await get(`/sections/${slug}/sitemap.xml`)).body;
    expect(validate(body.replace(/<lastmod>[^<]+<\/lastmod>/, '<lastmod>yesterday</lastmod>'), 'sitemap.xsd').ok).toBe(false);
  });

  it("lists the section's sitemap in /sitemap.xml, a valid sitemap index", async () => {
    const res = await get('/sitemap.xml');
    expect(res.status).toBe(200);
    const body = res.body as string;
    expect(validate(body, 'siteindex.xsd').ok).toBe(true);
    expect(body).toMatch(new RegExp(`<loc>[^<]*/sections/${slug}/sitemap\\.xml</loc>`));
    expect(body).not.toContain(`/sections/${slug}/sitemap-2.xml`); // two URLs: one file
  });

  it('answers 404 for a page beyond the URLs, a malformed name and an unknown section', async () => {
    for (const path of [`/sections/${slug}/sitemap-2.xml`, `/sections/${slug}/sitemap-1.xml`, `/sections/no-such-section-x/sitemap.xml`]) {
      const res = await get(path, { 'Accept-Language': 'sv' });
      expect(res.status).toBe(404);
      expect(JSON.parse(res.body as string).code).toBe('NOT_FOUND');
    }
  });
});
