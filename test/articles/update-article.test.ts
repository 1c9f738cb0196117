import { ArticleEvents, type ArticlesChange } from '../../src/articles';
import { makeArticle, makeSection, type SectionFixture } from '../support/factories';
import { SqlCounter } from '../support/sql-counter';
import { TestApp } from '../support/test-app';

const UPDATE = `mutation($id: ID!, $input: UpdateArticleInput!) {
  updateArticle(id: $id, input: $input) { id tags authors canonicalUrl imageUrl publishedAt updatedAt translation { title url } }
}`;

/** updateArticle (and deleteArticle's announcement), with the read cache on as in production. */
describe('updateArticle', () => {
  const sql = new SqlCounter();
  let t: TestApp;
  let admin: string;
  let editor: string;
  let section: SectionFixture;
  const heard: ArticlesChange[] = [];
  const previous = process.env.READ_CACHE_TTL_SECONDS;

  beforeAll(async () => {
    process.env.READ_CACHE_TTL_SECONDS = '300';
    t = await TestApp.start({ sqlLogger: sql });
    admin = await t.key('ADMIN');
    editor = await t.key('EDITOR');
    section = await makeSection(t, admin);
    t.app.get(ArticleEvents).listen({ articlesChanged: async (change) => void heard.push(change) });
  });
  afterAll(async () => {
    if (previous === undefined) delete process.env.READ_CACHE_TTL_SECONDS;
    else process.env.READ_CACHE_TTL_SECONDS = previous;
    await t.close();
  });

  const update = (id: string, input: Record<string, unknown>, key = editor, lang?: string) => t.gql(UPDATE, { key, lang, variables: { id, input } });
  /** An anonymous read, asked twice: the second answer must come from the cache (no SQL), so a later change is seen through it. */
  const cachedRead = async (query: string, variables: Record<string, unknown>) => {
    const first = await t.gql(query, { variables });
    expect(first.errors).toBeUndefined();
    sql.reset();
    const again = await t.gql(query, { variables });
    expect(sql.count).toBe(0);
    expect(again.data).toEqual(first.data);
    return first.data!;
  };

  /** A route's body as text, whatever its content type. */
  const text = (path: string) =>
    t.http
      .get(path)
      .buffer(true)
      .parse((res, done) => {
        let body = '';
        res.setEncoding('utf8');
        res.on('data', (chunk: string) => (body += chunk));
        res.on('end', () => done(null, body));
      })
      .then((res) => {
        expect(res.status).toBe(200);
        return res.body as string;
      });

  it('changes what is given, keeps what is absent, and clears what is null', async () => {
    const { id } = await makeArticle(t, editor, section.slug, {
      tags: ['harbour'],
      authors: ['A. Writer'],
      canonicalUrl: 'https://news.example/en/harbour',
      publishedAt: '2026-01-10T08:00:00.000Z',
    });
    const changed = await update(id, { tags: [' ferries ', 'harbour', 'ferries'], imageUrl: 'https://img.example/harbour.jpg' });
    expect(changed.errors).toBeUndefined();
    expect(changed.data!.updateArticle).toMatchObject({
      tags: ['ferries', 'harbour'],
      authors: ['A. Writer'],
      canonicalUrl: 'https://news.example/en/harbour',
      imageUrl: 'https://img.example/harbour.jpg',
      publishedAt: '2026-01-10T08:00:00.000Z',
    });

    const cleared = await update(id, { tags: null, authors: null, canonicalUrl: null, imageUrl: null });
    expect(cleared.errors).toBeUndefined();
    expect(cleared.data!.updateArticle).toMatchObject({ tags: [], authors: [], canonicalUrl: null, imageUrl: null, publishedAt: '2026-01-10T08:00:00.000Z' });
    // The original's URL was the canonical one: it goes with it.
    expect(cleared.data!.updateArticle.translation.url).toBeNull();

    const moved = await update(id, { canonicalUrl: 'https://news.example/en/harbour-2', publishedAt: '2026-02-01T00:00:00Z' });
    expect(moved.data!.updateArticle).toMatchObject({ canonicalUrl: 'https://news.example/en/harbour-2', publishedAt: '2026-02-01T00:00:00.000Z', tags: [] });
    expect(moved.data!.updateArticle.translation.url).toBe('https://news.example/en/harbour-2');
  });

  it('announces ARTICLE_UPDATED for a change, nothing for an empty input, and ARTICLE_DELETED with the article as it was', async () => {
    const { id } = await makeArticle(t, editor, section.slug, { title: 'Customs strike', canonicalUrl: 'https://news.example/en/customs' });
    heard.length = 0;
    expect((await update(id, {})).errors).toBeUndefined();
    expect(heard).toEqual([]);
    expect((await update(id, { tags: ['strike'] })).errors).toBeUndefined();
    expect(heard).toEqual([expect.objectContaining({ updated: [id] })]);

    heard.length = 0;
    const del = await t.gql(`mutation($id: ID!) { deleteArticle(id: $id) }`, { key: editor, variables: { id } });
    expect(del.data?.deleteArticle).toBe(true);
    expect(heard).toEqual([
      expect.objectContaining({
        deleted: [{ articleId: id, sectionId: section.id, sectionSlug: section.slug, locale: 'en', title: 'Customs strike', url: 'https://news.example/en/customs' }],
      }),
    ]);
  });

  it('lets a PUBLISHER change articles of its own section only; others are refused', async () => {
    const other = await makeSection(t, admin);
    const publisher = await t.key('PUBLISHER', { section: section.slug });
    const own = await makeArticle(t, publisher, section.slug);
    const foreign = await makeArticle(t, editor, other.slug);
    expect((await update(own.id, { tags: ['own'] }, publisher)).data!.updateArticle.tags).toEqual(['own']);

    const refused = await update(foreign.id, { tags: ['theirs'] }, publisher, 'fr');
    expect(refused.errors![0].extensions.code).toBe('FORBIDDEN');
    expect(refused.errors![0].message).toContain(other.slug);
    const translator = await t.key('TRANSLATOR', { locales: ['fr'] });
    expect((await update(own.id, { tags: [] }, translator)).errors![0].extensions.code).toBe('FORBIDDEN');
    expect((await t.gql(UPDATE, { variables: { id: own.id, input: { tags: [] } } })).errors![0].extensions.code).toBe('UNAUTHENTICATED');
    const unchanged = await t.gql(`query($id: ID!) { article(id: $id) { tags } }`, { variables: { id: foreign.id } });
    expect(unchanged.data!.article.tags).toEqual([]);
  });

  it('answers bad input with coded, translated errors and changes nothing', async () => {
    const { id } = await makeArticle(t, editor, section.slug, { tags: ['kept'] });
    const badUrl = await update(id, { tags: ['lost'], imageUrl: 'javascript:alert(1)' }, editor, 'sv');
    expect(badUrl.errors![0]).toMatchObject({ extensions: { code: 'BAD_USER_INPUT' }, message: '”javascript:alert(1)” är ingen absolut http(s)-URL.' });
    const noDate = await update(id, { publishedAt: null }, editor, 'fr');
    expect(noDate.errors![0].extensions.code).toBe('BAD_USER_INPUT');
    expect(noDate.errors![0].message).toContain('« publishedAt » ne peut pas être effacé');
    const badId = await update('not-an-id', { tags: [] });
    expect(badId.errors![0].extensions.code).toBe('BAD_USER_INPUT');
    const unknown = await update('00000000-0000-4000-8000-000000000000', { tags: [] }, editor, 'es');
    expect(unknown.errors![0]).toMatchObject({ extensions: { code: 'NOT_FOUND' } });
    expect(unknown.errors![0].message).toContain('00000000-0000-4000-8000-000000000000');
    expect((await t.gql(`query($id: ID!) { article(id: $id) { tags } }`, { variables: { id } })).data!.article.tags).toEqual(['kept']);
  });

  it('shows a new date and tags at once in cached lists, counts and tag filters', async () => {
    const own = await makeSection(t, admin);
    const older = await makeArticle(t, editor, own.slug, { title: 'Older', tags: ['port'], publishedAt: '2026-03-01T00:00:00Z' });
    await makeArticle(t, editor, own.slug, { title: 'Newer', tags: ['port'], publishedAt: '2026-03-02T00:00:00Z' });
    const LIST = `query($s: String, $tag: String) { articles(section: $s, tag: $tag) { totalCount edges { node { translation { title } } } } }`;
    const titles = (data: Record<string, any>) => data.articles.edges.map((e: { node: { translation: { title: string } } }) => e.node.translation.title);
    expect(titles(await cachedRead(LIST, { s: own.slug }))).toEqual(['Newer', 'Older']);
    expect((await cachedRead(LIST, { s: own.slug, tag: 'port' })).articles.totalCount).toBe(2);
    expect((await cachedRead(LIST, { s: own.slug, tag: 'rail' })).articles.totalCount).toBe(0);

    expect((await update(older.id, { publishedAt: '2026-03-03T00:00:00Z', tags: ['rail'] })).errors).toBeUndefined();
    expect(titles((await t.gql(LIST, { variables: { s: own.slug } })).data!)).toEqual(['Older', 'Newer']);
    expect((await t.gql(LIST, { variables: { s: own.slug, tag: 'port' } })).data!.articles).toEqual({ totalCount: 1, edges: [{ node: { translation: { title: 'Newer' } } }] });
    expect((await t.gql(LIST, { variables: { s: own.slug, tag: 'rail' } })).data!.articles).toEqual({ totalCount: 1, edges: [{ node: { translation: { title: 'Older' } } }] });
    // Keyset pages follow the new order too.
    const page = await t.gql(`query($s: String) { articles(section: $s, first: 1) { pageInfo { endCursor } } }`, { variables: { s: own.slug } });
    const next = await t.gql(`query($s: String, $after: String) { articles(section: $s, first: 5, after: $after) { edges { node { translation { title } } } } }`, {
      variables: { s: own.slug, after: page.data!.articles.pageInfo.endCursor },
    });
    expect(titles(next.data!)).toEqual(['Newer']);
  });

  it('shows the change at once in a cached article by slug, the outgoing feed and the sitemap', async () => {
    const own = await makeSection(t, admin);
    const { id } = await makeArticle(t, editor, own.slug, { title: 'Bridge opens', canonicalUrl: 'https://news.example/en/bridge' });
    const slug = (await t.gql(`query($id: ID!) { article(id: $id) { translation { slug } } }`, { variables: { id } })).data!.article.translation.slug;
    const BY_SLUG = `query($s: String, $slug: String) { article(section: $s, slug: $slug) { imageUrl authors } }`;
    expect((await cachedRead(BY_SLUG, { s: own.slug, slug })).article).toEqual({ imageUrl: null, authors: [] });
    const feed = async () => JSON.parse(await text(`/sections/${own.slug}/feeds/en.json`)) as { items: { tags?: string[]; image?: string }[] };
    const sitemap = () => text(`/sections/${own.slug}/sitemap.xml`);
    expect((await feed()).items[0].tags).toBeUndefined();
    expect(await sitemap()).toContain('https://news.example/en/bridge</loc>');

    const res = await update(id, { imageUrl: 'https://img.example/bridge.jpg', authors: ['B. Reporter'], tags: ['bridges'], canonicalUrl: 'https://news.example/en/bridge-opens' });
    expect(res.errors).toBeUndefined();
    expect((await t.gql(BY_SLUG, { variables: { s: own.slug, slug } })).data!.article).toEqual({ imageUrl: 'https://img.example/bridge.jpg', authors: ['B. Reporter'] });
    expect((await feed()).items[0]).toMatchObject({ tags: ['bridges'], image: 'https://img.example/bridge.jpg' });
    const map = await sitemap();
    expect(map).toContain('https://news.example/en/bridge-opens</loc>');
    expect(map).not.toContain('https://news.example/en/bridge</loc>');
  });
});
