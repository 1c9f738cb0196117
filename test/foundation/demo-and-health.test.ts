import type { INestApplicationContext } from '@nestjs/common';
import type { Server } from 'node:http';
import { registerDemoFeeds, startDemoFeedServer } from '../../src/demo/demo-feeds';
import { registerDemoMentions } from '../../src/demo/demo-mentions';
import { seedDemo } from '../../src/demo/seed';
import { startWorkerContext } from '../feeds/support/worker-context';
import { waitFor } from '../feeds/support/wait';
import { TestApp } from '../support/test-app';

describe('demo data and health', () => {
  let t: TestApp;
  beforeAll(async () => (t = await TestApp.start()));
  afterAll(() => t.close());

  it('loads seven sections and a dozen articles in their own languages, once', async () => {
    await seedDemo(t.app);
    const again = await seedDemo(t.app);
    expect(again).toEqual({ sections: 0, articles: 0 });

    const sections = await t.gql('{ sections { slug } }');
    expect(sections.data!.sections.map((s: { slug: string }) => s.slug)).toEqual(
      expect.arrayContaining(['international', 'sweden', 'pakistan', 'france', 'spain', 'usa', 'china']),
    );
    const pakistan = await t.gql(`{ articles(section: "pakistan", locale: "ur") { totalCount edges { node {
      originalLocale translation { locale direction title } } } } }`);
    expect(pakistan.data!.articles.totalCount).toBe(2);
    expect(pakistan.data!.articles.edges[0].node.translation).toMatchObject({ locale: 'ur', direction: 'RTL' });

    const originals = await t.dataSource.query(`SELECT original_locale AS l, count(*)::int AS n FROM articles a
      JOIN sections s ON s.id = a.section_id WHERE s.slug IN ('international','sweden','pakistan','france','spain','usa','china')
      GROUP BY 1 ORDER BY 1`);
    expect(originals.map((r: { l: string }) => r.l)).toEqual(['en', 'es', 'fr', 'sv', 'ur', 'zh']);
    expect(originals.reduce((sum: number, r: { n: number }) => sum + r.n, 0)).toBeGreaterThanOrEqual(12);

    // Some articles have several translations, some only their original: fallback is visible.
    const sv = await t.gql(`{ articles(section: "pakistan", locale: "sv") { edges { node { translation { locale isFallback } } } } }`);
    expect(sv.data!.articles.edges.map((e: any) => e.node.translation)).toEqual(
      expect.arrayContaining([{ locale: 'en', isFallback: true }, { locale: 'ur', isFallback: true }]),
    );
  });

  it('/health reports PostgreSQL and Redis', async () => {
    const res = await t.http.get('/health');
    expect(res.status).toBe(200);
    expect(res.body).toEqual({ status: 'ok', postgres: 'up', redis: 'up' });
  });
});

describe('the demo feeds and outside sites, through the real worker', () => {
  const savedAllowlist = process.env.FETCH_ALLOWLIST;
  let t: TestApp;
  let worker: INestApplicationContext;
  let feedServer: { server: Server; base: string };

  beforeAll(async () => {
    process.env.FETCH_ALLOWLIST = '127.0.0.1';
    t = await TestApp.start();
    await seedDemo(t.app);
    feedServer = await startDemoFeedServer(0);
    worker = await startWorkerContext();
  });
  afterAll(async () => {
    // Leave nothing polling or matching for the test files that follow in this database.
    await t.dataSource.query(`DELETE FROM feeds WHERE url LIKE $1`, [`${feedServer.base}/%`]);
    await t.dataSource.query(`DELETE FROM mention_sources WHERE url LIKE $1`, [`${feedServer.base}/%`]);
    await t.dataSource.query(`DELETE FROM watches WHERE name = 'The organisation'`);
    await worker.close();
    await t.close();
    await new Promise((resolve) => feedServer.server.close(resolve));
    if (savedAllowlist === undefined) delete process.env.FETCH_ALLOWLIST;
    else process.env.FETCH_ALLOWLIST = savedAllowlist;
  });

  it('ingests every section feed and finds the organisation named on the outside sites', async () => {
    expect(await registerDemoFeeds(t.app, feedServer.base)).toBe(7);
    expect(await registerDemoMentions(t.app, feedServer.base)).toEqual({ watches: 1, sources: 2 });
    const editor = await t.key('EDITOR');

    const feeds = await waitFor(async () => {
      const res = await t.gql('{ feeds { url status format itemCount lastError } }', { key: editor });
      const ours = (res.data?.feeds ?? []).filter((f: { url: string }) => f.url.startsWith(feedServer.base));
      return ours.length === 7 && ours.every((f: { itemCount: number }) => f.itemCount > 0) ? ours : null;
    }, 'the seven demo feeds ingested');
    expect(feeds.map((f: { format: string }) => f.format).sort()).toEqual(['ATOM', 'JSON_FEED', 'RDF', 'RSS', 'RSS', 'RSS', 'RSS']);
    expect(feeds.every((f: { status: string; lastError: string | null }) => f.status === 'ACTIVE' && f.lastError === null)).toBe(true);

    // Other test files' watches live in this database too: look at the demo watch's mentions only.
    const watches = await t.gql('{ watches { id name } }', { key: editor });
    const watch = watches.data!.watches.find((w: { name: string }) => w.name === 'The organisation').id;
    const mentions = await waitFor(async () => {
      const res = await t.gql('query($w: ID) { mentions(watch: $w) { totalCount edges { node { sourceName matchedTerms excerpt } } } }', {
        key: editor,
        variables: { w: watch },
      });
      return (res.data?.mentions.totalCount ?? 0) >= 2 ? res.data!.mentions : null;
    }, 'the demo mentions');
    const bySource = Object.fromEntries(mentions.edges.map((e: any) => [e.node.sourceName, e.node]));
    expect(bySource['US Embassy China (Weibo)'].matchedTerms.sort()).toEqual(['IMT', '国际马克思主义倾向']);
    expect(bySource['US Embassy China (Weibo)'].excerpt).toContain('<mark>國際馬克思主義傾向</mark>（<mark>IMT</mark>）');
    expect(bySource['Campus Weekly'].matchedTerms).toEqual(['International Marxist Tendency']);
    // "IMT Atlantique" is excluded by the watch.
    expect(mentions.edges.some((e: any) => e.node.excerpt.includes('Atlantique'))).toBe(false);
  });
});
