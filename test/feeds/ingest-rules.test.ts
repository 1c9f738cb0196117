import type { INestApplicationContext } from '@nestjs/common';
import type { ParsedFeed, ParsedItem } from '../../src/feed-reader/feed.types';
import { IngestService, type IngestTarget } from '../../src/feeds/ingest.service';
import { RedisPubSub } from '../../src/redis/redis-pubsub';
import { neededChannel, type TranslationNeededEvent } from '../../src/translations/translation-events';
import { addTranslation, makeArticle, makeSection, type SectionFixture } from '../support/factories';
import { TestApp } from '../support/test-app';
import { startWorkerContext } from './support/worker-context';

const item = (over: Partial<ParsedItem>): ParsedItem => ({
  guid: null,
  link: null,
  title: 'Untitled',
  summary: null,
  contentHtml: null,
  publishedAt: new Date('2026-11-20T10:00:00Z'),
  updatedAt: null,
  dateUnparseable: false,
  authors: [],
  categories: [],
  imageUrl: null,
  enclosures: [],
  language: null,
  alternates: [],
  ...over,
});
const feed = (items: ParsedItem[], language: string | null = 'en'): ParsedFeed => ({
  format: 'RSS',
  encoding: 'utf-8',
  title: 'Test',
  link: 'https://site.example/',
  language,
  ttlMinutes: null,
  items,
});

describe('ingestion rules (identity, updates, translations, tombstones)', () => {
  let t: TestApp;
  let worker: INestApplicationContext;
  let ingest: IngestService;
  let admin: string;
  let editor: string;
  const previousBatch = process.env.FEED_UPSERT_BATCH;

  beforeAll(async () => {
    process.env.FEED_UPSERT_BATCH = '4'; // several batches per document
    t = await TestApp.start();
    worker = await startWorkerContext();
    ingest = worker.get(IngestService);
    admin = await t.key('ADMIN');
    editor = await t.key('EDITOR');
  });
  afterAll(async () => {
    await worker.close();
    await t.close();
    process.env.FEED_UPSERT_BATCH = previousBatch;
  });

  const target = (s: SectionFixture, over: Partial<IngestTarget> = {}): IngestTarget => ({
    sectionId: s.id,
    sectionDefaultLocale: 'en',
    feedId: null,
    feedLocale: null,
    guidsUnstable: false,
    ...over,
  });
  const articlesOf = (s: SectionFixture) =>
    t.dataSource.query<{ id: string; identity: string; source_revision: number; original_locale: string; canonical_url: string; translations: { locale: string; title: string; isOriginal: boolean; status: string; rev: number; slug: string; body: string }[] }[]>(
      `SELECT a.id, a.identity, a.source_revision, a.original_locale, a.canonical_url,
              json_agg(json_build_object('locale', t.locale, 'title', t.title, 'isOriginal', t.is_original, 'status', t.status, 'rev', t.source_revision, 'slug', t.slug, 'body', t.body_html) ORDER BY t.is_original DESC, t.locale) AS translations
         FROM articles a JOIN translations t ON t.article_id = a.id WHERE a.section_id = $1 GROUP BY a.id ORDER BY a.published_at, a.identity`,
      [s.id],
    );

  it('tells the translation desk: new articles need every other language, changed originals make translations stale', async () => {
    const s = await makeSection(t, admin);
    const pubsub = t.app.get(RedisPubSub);
    const heard: TranslationNeededEvent[] = [];
    const ur = await pubsub.iterate<TranslationNeededEvent>(neededChannel('ur'));
    const fr = await pubsub.iterate<TranslationNeededEvent>(neededChannel('fr'));
    const next = async (it: AsyncIterableIterator<TranslationNeededEvent>) => heard.push((await it.next()).value);

    await ingest.ingest(target(s), feed([item({ guid: 'desk-1', title: 'Convention in Lahore', contentHtml: '<p>v1</p>' })]), new Date());
    const [article] = await articlesOf(s);
    await Promise.all([next(ur), next(fr)]);
    expect(heard).toEqual(
      expect.arrayContaining([
        { articleId: article.id, locale: 'ur', reason: 'MISSING' },
        { articleId: article.id, locale: 'fr', reason: 'MISSING' },
      ]),
    );

    await addTranslation(t, article.id, 'ur', 'لاہور کنونشن');
    await ingest.ingest(target(s), feed([item({ guid: 'desk-1', title: 'Convention in Lahore', contentHtml: '<p>v2</p>' })]), new Date());
    await next(ur);
    expect(heard.at(-1)).toEqual({ articleId: article.id, locale: 'ur', reason: 'STALE' });
    await Promise.all([ur.return!(), fr.return!()]);
  });

  it('the same items twice are one article each; more items than a batch', async () => {
    const s = await makeSection(t, admin);
    const items = Array.from({ length: 10 }, (_, i) => item({ guid: `g-${i}`, link: `https://site.example/${i}`, title: `Story ${i}`, contentHtml: `<p>Body ${i}</p>` }));
    const first = await ingest.ingest(target(s), feed(items), new Date());
    expect(first).toMatchObject({ items: 10, created: 10, updated: 0, unchanged: 0 });
    const second = await ingest.ingest(target(s), feed(items), new Date());
    expect(second).toMatchObject({ created: 0, updated: 0, unchanged: 10 });
    const rows = await articlesOf(s);
    expect(rows).toHaveLength(10);
    expect(rows.every((r) => r.translations.length === 1 && r.translations[0].isOriginal && r.translations[0].status === 'PUBLISHED')).toBe(true);
  });

  it('ingested items are searchable with the same folding, and a changed item is re-indexed', async () => {
    const s = await makeSection(t, admin);
    const search = async (query: string, locale: string) =>
      ((await t.gql(`query($q: String!, $l: String, $s: String) { search(query: $q, locale: $l, section: $s) { edges { node { article { id } } } } }`, {
        variables: { q: query, l: locale, s: s.slug },
      })).data!.search.edges as { node: { article: { id: string } } }[]).map((e) => e.node.article.id);
    await ingest.ingest(target(s), feed([item({ guid: 's-1', title: '俄國革命史讀書指南', language: 'zh' }), item({ guid: 's-2', title: 'La Revolución Inglesa', language: 'es' })]), new Date());
    const ids = new Map((await articlesOf(s)).map((a) => [a.identity, a.id]));
    expect(ids.size).toBe(2);
    const [zh] = await search('俄国革命', 'zh');
    const [es] = await search('revolucion inglesa', 'es');
    expect(await articlesOf(s).then((rows) => rows.filter((r) => r.id === zh || r.id === es).map((r) => r.original_locale).sort())).toEqual(['es', 'zh']);
    await ingest.ingest(target(s), feed([item({ guid: 's-2', title: 'La Revolución Francesa', language: 'es' })]), new Date());
    expect(await search('inglesa', 'es')).toEqual([]);
    expect(await search('revolucion francesa', 'es')).toEqual([es]);
  });

  it('changed content updates the original and bumps the source revision; translations become stale but stay visible', async () => {
    const s = await makeSection(t, admin);
    await ingest.ingest(target(s), feed([item({ guid: 'u-1', link: 'https://site.example/u1', title: 'First title', summary: 'Old text' })]), new Date());
    const [before] = await articlesOf(s);
    await addTranslation(t, before.id, 'fr', 'Premier titre');
    const report = await ingest.ingest(target(s), feed([item({ guid: 'u-1', link: 'https://site.example/u1', title: 'First title, corrected', summary: 'New text' })]), new Date());
    expect(report).toMatchObject({ created: 0, updated: 1 });
    const [after] = await articlesOf(s);
    expect(after.id).toBe(before.id);
    expect(after.source_revision).toBe(before.source_revision + 1);
    expect(after.translations[0]).toMatchObject({ isOriginal: true, title: 'First title, corrected', rev: after.source_revision, slug: before.translations[0].slug });

    const res = await t.gql(`query($id: ID) { article(id: $id) { translations { locale isStale status } } }`, { variables: { id: after.id } });
    expect(res.data!.article.translations).toEqual(
      expect.arrayContaining([
        { locale: 'en', isStale: false, status: 'PUBLISHED' },
        { locale: 'fr', isStale: true, status: 'PUBLISHED' },
      ]),
    );
  });

  it('identity: guid, else canonical link without tracking parameters, else content; repeated guids fall back to guid + link', async () => {
    const s = await makeSection(t, admin);
    await ingest.ingest(
      target(s),
      feed([
        item({ link: 'https://site.example/a?id=1&utm_source=rss&fbclid=x', title: 'A' }),
        item({ link: 'https://site.example/a?id=1&utm_medium=email', title: 'A (again)' }),
        item({ title: 'No guid, no link', summary: 'just text' }),
      ]),
      new Date(),
    );
    let rows = await articlesOf(s);
    expect(rows.map((r) => r.identity).sort()).toEqual([expect.stringMatching(/^hash:/), 'link:https://site.example/a?id=1']);
    expect(rows.find((r) => r.identity.startsWith('link:'))!.canonical_url).toBe('https://site.example/a?id=1');
    await ingest.ingest(target(s), feed([item({ title: 'No guid, no link', summary: 'just text' })]), new Date());
    expect(await articlesOf(s)).toHaveLength(2);

    const s2 = await makeSection(t, admin);
    const report = await ingest.ingest(
      target(s2),
      feed([item({ guid: 'same', link: 'https://site.example/x', title: 'X' }), item({ guid: 'same', link: 'https://site.example/y', title: 'Y' })]),
      new Date(),
    );
    expect(report.guidsUnstable).toBe(true);
    rows = await articlesOf(s2);
    expect(rows.map((r) => r.identity).sort()).toEqual(['guid+link:same https://site.example/x', 'guid+link:same https://site.example/y']);
  });

  it('titles: derived from the text when missing, else the item is skipped and counted; slugs stay unique', async () => {
    const s = await makeSection(t, admin);
    const report = await ingest.ingest(
      target(s),
      feed([
        item({ guid: 't1', title: null, summary: '<p>Die Konferenz beginnt morgen früh. Weitere Details folgen.</p>' }),
        item({ guid: 't2', title: '  ', summary: null, contentHtml: null }),
        item({ guid: 't3', title: 'Same title' }),
        item({ guid: 't4', title: 'Same title' }),
      ]),
      new Date(),
    );
    expect(report.skipped).toEqual({ noTitle: 1 });
    const rows = await articlesOf(s);
    expect(rows.map((r) => r.translations[0].title).sort()).toEqual(['Die Konferenz beginnt morgen früh.', 'Same title', 'Same title']);
    const slugs = rows.map((r) => r.translations[0].slug);
    expect(new Set(slugs).size).toBe(3);
  });

  it('slugs follow the one rule of every writer: the title, then -2, -3 ..., within a batch, across batches and with editors', async () => {
    const s = await makeSection(t, admin);
    // FEED_UPSERT_BATCH is 4 here: six items with one title run through two batches.
    await ingest.ingest(target(s), feed(Array.from({ length: 6 }, (_, i) => item({ guid: `same-${i}`, title: 'Strike in Lahore' }))), new Date());
    const created = await makeArticle(t, editor, s.slug, { title: 'Strike in Lahore' });
    const slugs = (await articlesOf(s)).map((r) => r.translations[0].slug);
    expect(slugs.sort()).toEqual(['strike-in-lahore', 'strike-in-lahore-2', 'strike-in-lahore-3', 'strike-in-lahore-4', 'strike-in-lahore-5', 'strike-in-lahore-6', 'strike-in-lahore-7']);
    const mine = await t.gql(`query($id: ID!) { article(id: $id) { translation { slug } } }`, { variables: { id: created.id } });
    expect(mine.data!.article.translation.slug).toBe('strike-in-lahore-7');
    // The same document again changes no slug.
    await ingest.ingest(target(s), feed(Array.from({ length: 6 }, (_, i) => item({ guid: `same-${i}`, title: 'Strike in Lahore' }))), new Date());
    expect((await articlesOf(s)).map((r) => r.translations[0].slug).sort()).toEqual(slugs.sort());
  });

  it('an entry declaring itself a translation of an article we have is stored as its translation', async () => {
    const s = await makeSection(t, admin);
    // In one document: the original, then its French version pointing back with hreflang.
    await ingest.ingest(
      target(s),
      feed(
        [
          item({ guid: 'en-1', link: 'https://site.example/en/strike', title: 'General strike', language: 'en', alternates: [{ hreflang: 'fr', href: 'https://site.example/fr/greve' }] }),
          item({ guid: 'fr-1', link: 'https://site.example/fr/greve?utm_source=x', title: 'Grève générale', language: 'fr', alternates: [{ hreflang: 'en', href: 'https://site.example/en/strike' }] }),
        ],
        null,
      ),
      new Date(),
    );
    let rows = await articlesOf(s);
    expect(rows).toHaveLength(1);
    expect(rows[0].translations).toEqual([
      expect.objectContaining({ locale: 'en', isOriginal: true, title: 'General strike' }),
      expect.objectContaining({ locale: 'fr', isOriginal: false, status: 'PUBLISHED', title: 'Grève générale' }),
    ]);
    // Later, in another feed: a Swedish version pointing at the article's canonical URL.
    const report = await ingest.ingest(
      target(s),
      feed([item({ guid: 'sv-1', link: 'https://site.example/sv/strejk', title: 'Generalstrejk', alternates: [{ hreflang: 'en', href: 'https://site.example/en/strike' }] })], 'sv'),
      new Date(),
    );
    expect(report).toMatchObject({ created: 0, translations: 1 });
    // Vice versa: an original lists a Spanish version; the Spanish entry itself says nothing.
    await ingest.ingest(target(s), feed([item({ guid: 'en-2', link: 'https://site.example/en/march', title: 'March', alternates: [{ hreflang: 'es', href: 'https://site.example/es/marcha' }] })]), new Date());
    await ingest.ingest(target(s), feed([item({ guid: 'es-2', link: 'https://site.example/es/marcha', title: 'Marcha' })], 'es'), new Date());
    rows = await articlesOf(s);
    expect(rows).toHaveLength(2);
    expect(rows.map((r) => r.translations.map((x) => `${x.locale}${x.isOriginal ? '*' : ''}`).join(','))).toEqual(['en*,fr,sv', 'en*,es']);
    // Re-ingesting changes nothing.
    const again = await ingest.ingest(target(s), feed([item({ guid: 'sv-1', link: 'https://site.example/sv/strejk', title: 'Generalstrejk', alternates: [{ hreflang: 'en', href: 'https://site.example/en/strike' }] })], 'sv'), new Date());
    expect(again).toMatchObject({ created: 0, translations: 0 });
  });

  it('two versions of one story arriving at once in two feeds become one article and its translation, and stay so', async () => {
    const s = await makeSection(t, admin);
    const en = feed([item({ guid: 'race-en', link: 'https://site.example/en/race', title: 'The race', alternates: [{ hreflang: 'sv', href: 'https://site.example/sv/lopp' }] })], 'en');
    const sv = feed([item({ guid: 'race-sv', link: 'https://site.example/sv/lopp', title: 'Loppet', alternates: [{ hreflang: 'en', href: 'https://site.example/en/race' }] })], 'sv');
    await Promise.all([ingest.ingest(target(s), en, new Date()), ingest.ingest(target(s), sv, new Date())]);
    const shape = async () => (await articlesOf(s)).map((r) => r.translations.map((x) => `${x.locale}${x.isOriginal ? '*' : ''}`).join(','));
    const first = await shape();
    expect(first).toHaveLength(1);
    expect(first[0].split(',').sort()).toEqual(expect.arrayContaining([expect.stringMatching(/^(en|sv)\*$/)]));
    expect(first[0].split(',')).toHaveLength(2);
    // Later polls (changed or not) do not flip which one is the original.
    await ingest.ingest(target(s), en, new Date());
    await ingest.ingest(target(s), sv, new Date());
    expect(await shape()).toEqual(first);
  });

  it('an article an editor deleted does not come back (tombstone)', async () => {
    const s = await makeSection(t, admin);
    const doc = feed([item({ guid: 'd-1', link: 'https://site.example/d1', title: 'To delete' }), item({ guid: 'd-2', link: 'https://site.example/d2', title: 'To keep' })]);
    await ingest.ingest(target(s), doc, new Date());
    const victim = (await articlesOf(s)).find((r) => r.identity === 'guid:d-1')!;
    const denied = await t.gql(`mutation($id: ID!) { deleteArticle(id: $id) }`, { variables: { id: victim.id } });
    expect(denied.errors?.[0].extensions.code).toBe('UNAUTHENTICATED');
    const res = await t.gql(`mutation($id: ID!) { deleteArticle(id: $id) }`, { key: editor, variables: { id: victim.id } });
    expect(res.data).toEqual({ deleteArticle: true });
    const report = await ingest.ingest(target(s), doc, new Date());
    expect(report.skipped).toEqual({ deleted: 1 });
    // Even when the feed changes its guid scheme, the canonical link is tombstoned too.
    await ingest.ingest(target(s), feed([item({ link: 'https://site.example/d1?utm_source=x', title: 'To delete' })]), new Date());
    expect((await articlesOf(s)).map((r) => r.identity)).toEqual(['guid:d-2']);
    const gone = await t.gql(`mutation($id: ID!) { deleteArticle(id: $id) }`, { key: editor, variables: { id: victim.id } });
    expect(gone.errors?.[0].extensions.code).toBe('NOT_FOUND');
  });
});
