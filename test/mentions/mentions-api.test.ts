import { MentionEvents } from '../../src/mentions/mention-events';
import { MentionScanner } from '../../src/mentions/mention-scanner.service';
import { makeArticle, makeSection, unique } from '../support/factories';
import { TestApp } from '../support/test-app';

const CREATE_WATCH = `mutation($input: CreateWatchInput!) { createWatch(input: $input) { id name terms { text locale mode } excludes section { slug } mentionCount } }`;
const REPORT = `mutation($input: ReportMentionInput!) { reportMention(input: $input) {
  id url title excerpt locale sourceName publishedAt foundAt matchedTerms
  watch { id name } sections { slug } articles { id canonicalUrl } story { id outlets { sourceName url } } } }`;
const MENTIONS = `query($watch: ID, $section: String, $since: DateTime, $first: Int, $after: String) {
  mentions(watch: $watch, section: $section, since: $since, first: $first, after: $after) {
    totalCount pageInfo { hasNextPage endCursor } edges { cursor node { id url matchedTerms story { id outlets { sourceName url } } } } } }`;

describe('mentions over GraphQL', () => {
  let t: TestApp;
  let admin: string;
  let editor: string;
  let translator: string;

  beforeAll(async () => {
    t = await TestApp.start();
    admin = await t.key('ADMIN');
    editor = await t.key('EDITOR');
    translator = await t.key('TRANSLATOR', { locales: ['zh'] });
  });
  afterAll(() => t.close());

  const count = async (table: string) => Number((await t.dataSource.query(`SELECT count(*)::int AS n FROM ${table}`))[0].n);

  async function createWatch(input: Record<string, unknown>, key = editor) {
    const res = await t.gql(CREATE_WATCH, { key, variables: { input } });
    if (res.errors) throw new Error(JSON.stringify(res.errors));
    return res.data!.createWatch;
  }

  it('an EDITOR creates a watch with terms in several scripts and lists it; other roles may not', async () => {
    const section = await makeSection(t, admin, { country: 'US' });
    const name = `IMT ${unique()}`;
    const watch = await createWatch({
      name,
      terms: [{ text: 'IMT' }, { text: '国际马克思主义倾向', locale: 'zh-CN', mode: 'SUBSTRING' }, { text: 'طلبہ یونین', locale: 'ur', mode: 'PHRASE' }],
      excludes: ['IMT Atlantique'],
      section: section.slug,
    });
    expect(watch).toMatchObject({
      name,
      terms: [
        { text: 'IMT', locale: null, mode: 'WORD' },
        { text: '国际马克思主义倾向', locale: 'zh', mode: 'SUBSTRING' },
        { text: 'طلبہ یونین', locale: 'ur', mode: 'PHRASE' },
      ],
      excludes: ['IMT Atlantique'],
      section: { slug: section.slug },
      mentionCount: 0,
    });
    const list = await t.gql(`{ watches { id name } }`, { key: admin });
    expect(list.data!.watches).toEqual(expect.arrayContaining([{ id: watch.id, name }]));

    const denied = await t.gql(`{ watches { id } }`, { key: translator });
    expect(denied.errors![0].extensions.code).toBe('FORBIDDEN');
    const anonymous = await t.gql(`{ mentions { totalCount } }`);
    expect(anonymous.errors![0].extensions.code).toBe('UNAUTHENTICATED');
  });

  it.each([
    ['an empty term', { name: 'x', terms: [{ text: '  ' }] }, 'fr', /terme 1 est vide/],
    ['a term of punctuation only', { name: 'x', terms: [{ text: 'IMT' }, { text: '!!!' }] }, 'sv', /Sökord 2 är tomt/],
    ['a watch without terms', { name: 'x', terms: [] }, 'zh', /至少需要一个词语/],
    ['an empty name', { name: ' ', terms: [{ text: 'IMT' }] }, 'es', /nombre es obligatorio/],
    ['an empty exclusion', { name: 'x', terms: [{ text: 'IMT' }], excludes: [''] }, 'ur', /استثنا/],
    ['an unsupported term locale', { name: 'x', terms: [{ text: 'IMT', locale: 'de' }] }, 'en', /not supported/],
    ['an unknown section', { name: 'x', terms: [{ text: 'IMT' }], section: 'no-such-section' }, 'en', /no section/],
  ])('refuses %s with a translated BAD_USER_INPUT and stores nothing', async (_what, input, lang, message) => {
    const before = await count('watches');
    const res = await t.gql(CREATE_WATCH, { key: editor, lang, variables: { input } });
    expect(res.errors![0].extensions.code).toBe('BAD_USER_INPUT');
    expect(res.errors![0].message).toMatch(message);
    expect(await count('watches')).toBe(before);
  });

  it('refuses an unknown match mode before anything runs (BAD_USER_INPUT, translated), storing nothing', async () => {
    const before = await count('watches');
    const res = await t.gql(CREATE_WATCH, { key: editor, lang: 'fr', variables: { input: { name: 'x', terms: [{ text: 'IMT', mode: 'FUZZY' }] } } });
    expect(res.errors![0].extensions.code).toBe('BAD_USER_INPUT');
    expect(res.errors![0].message).toMatch(/FUZZY/);
    expect(res.errors![0].message).not.toMatch(/^A variable/); // the French wrapper, not the English one
    expect(await count('watches')).toBe(before);
  });

  it.each([
    ['file:///etc/passwd', /http/],
    ['gopher://example.org/feed', /gopher/],
    ['http://10.0.0.1/feed.xml', /10\.0\.0\.1/],
    ['http://[::1]/feed.xml', /::1/],
    ['http://localhost/feed.xml', /localhost/],
  ])('addMentionSource refuses %s as the fetcher guard would, storing nothing', async (url, message) => {
    const before = await count('mention_sources');
    const res = await t.gql(`mutation($input: AddMentionSourceInput!) { addMentionSource(input: $input) { id } }`, {
      key: editor,
      lang: 'en',
      variables: { input: { name: 'Somewhere', url, kind: 'news' } },
    });
    expect(res.errors![0].extensions.code).toBe('BAD_USER_INPUT');
    expect(res.errors![0].message).toMatch(message);
    expect(await count('mention_sources')).toBe(before);
  });

  it('reportMention: the language of a Latin-script report is detected (the detector is loaded on first use)', async () => {
    const watch = await createWatch({ name: `Congress ${unique()}`, terms: [{ text: 'IMT' }] });
    const text = "L'Internationale marxiste révolutionnaire (IMT) a tenu son congrès à Paris cette semaine, avec des délégués venus de nombreux pays.";
    const input = { url: `https://presse.example/${unique()}`, title: 'Un congrès à Paris', text, sourceName: 'Presse', watch: watch.id };
    const res = await t.gql(REPORT, { key: editor, variables: { input } });
    expect(res.errors).toBeUndefined();
    expect(res.data!.reportMention).toMatchObject({ locale: 'fr', matchedTerms: ['IMT'] });
  });

  it('reportMention: a Weibo-style post in traditional characters matched by a simplified term and （IMT）, linked to our article', async () => {
    const section = await makeSection(t, admin, { country: 'US', names: { en: 'USA' } });
    const ourUrl = `https://marxist.example/usa/${unique()}.html`;
    const article = await makeArticle(t, admin, section.slug, { canonicalUrl: ourUrl, title: 'Madison students organise' });
    const watch = await createWatch({ name: `Weibo ${unique()}`, terms: [{ text: '国际马克思主义倾向', mode: 'SUBSTRING' }, { text: 'IMT' }] });
    const url = `https://weibo.example/usembassy/${unique()}?utm_source=share#top`;
    const text = `美國駐華大使館：威斯康星大學麥迪遜分校的一個學生組織與「國際馬克思主義傾向」（ＩＭＴ）有關。<script>原文</script> 見 ${ourUrl}`;
    // Other watches (of other tests) may name IMT too: this report is for this watch, and still scanned against it.
    const input = { url, title: '美國駐華大使館微博', text, sourceName: 'US Embassy China (Weibo)', publishedAt: '2025-11-20T08:00:00.000Z', watch: watch.id };
    const res = await t.gql(REPORT, { key: editor, variables: { input } });
    expect(res.errors).toBeUndefined();
    const mention = res.data!.reportMention;
    expect(mention).toMatchObject({
      url: url.replace('?utm_source=share#top', ''),
      title: '美國駐華大使館微博',
      locale: 'zh',
      sourceName: 'US Embassy China (Weibo)',
      publishedAt: '2025-11-20T08:00:00.000Z',
      matchedTerms: ['国际马克思主义倾向', 'IMT'],
      watch: { id: watch.id },
      sections: [{ slug: section.slug }],
      articles: [{ id: article.id, canonicalUrl: ourUrl }],
    });
    // The ORIGINAL (traditional, full-width) text is marked; the rest is escaped.
    expect(mention.excerpt).toContain('「<mark>國際馬克思主義傾向</mark>」（<mark>ＩＭＴ</mark>）');
    expect(mention.excerpt).toContain('&lt;script&gt;');
    expect(mention.excerpt).not.toContain('<script>');

    // Reported again (another tracking parameter): still one mention.
    const again = await t.gql(REPORT, { key: editor, variables: { input: { ...input, url: url.replace('utm_source=share', 'fbclid=abc') } } });
    expect(again.data!.reportMention.id).toBe(mention.id);
    const rows = await t.dataSource.query(`SELECT count(*)::int AS n FROM mentions WHERE watch_id = $1`, [watch.id]);
    expect(rows[0].n).toBe(1);
    const watches = await t.gql(`{ watches { id mentionCount } }`, { key: editor });
    expect(watches.data!.watches.find((w: { id: string }) => w.id === watch.id).mentionCount).toBe(1);
  });

  it('the same URL found again with other matches keeps one mention, its first excerpt, and gains the new terms', async () => {
    const watch = await createWatch({ name: `Union ${unique()}`, terms: [{ text: '国际马克思主义倾向', mode: 'SUBSTRING' }, { text: 'IMT' }] });
    const url = `https://copies.example/${unique()}`;
    const first = await t.gql(REPORT, { key: editor, variables: { input: { url, text: '转载：国际马克思主义倾向的声明', sourceName: 'Copy', watch: watch.id } } });
    expect(first.data!.reportMention.matchedTerms).toEqual(['国际马克思主义倾向']);
    const second = await t.gql(REPORT, { key: editor, variables: { input: { url: `${url}#x`, text: '原文：國際馬克思主義傾向（IMT）', sourceName: 'Original', watch: watch.id } } });
    expect(second.data!.reportMention).toMatchObject({
      id: first.data!.reportMention.id,
      matchedTerms: ['国际马克思主义倾向', 'IMT'],
      excerpt: first.data!.reportMention.excerpt,
      sourceName: 'Copy',
    });
  });

  it('reportMention refuses a text that matches no watch, an empty text and a bad URL; nothing stored', async () => {
    const before = await count('mentions');
    for (const [input, code, pattern] of [
      [{ url: 'https://x.example/1', text: `nothing relevant ${unique()}`, sourceName: 'X' }, 'BAD_USER_INPUT', /matches none/],
      [{ url: 'https://x.example/2', text: '   ', sourceName: 'X' }, 'BAD_USER_INPUT', /may not be empty/],
      [{ url: 'javascript:alert(1)', text: 'IMT', sourceName: 'X' }, 'BAD_USER_INPUT', /http/],
      [{ url: 'https://x.example/3', text: 'IMT', sourceName: 'X', watch: '00000000-0000-4000-8000-000000000000' }, 'NOT_FOUND', /no watch/],
    ] as const) {
      const res = await t.gql(REPORT, { key: editor, variables: { input } });
      expect(res.errors![0].message).toMatch(pattern);
      expect({ input, code: res.errors![0].extensions.code }).toEqual({ input, code });
    }
    expect(await count('mentions')).toBe(before);
  });

  it('groups the same story from several outlets, pages newest first with signed cursors and filters', async () => {
    const section = await makeSection(t, admin);
    const term = `Madisonstudent${unique()}`;
    const watch = await createWatch({ name: `Story ${unique()}`, terms: [{ text: term }], section: section.slug });
    const story = `The US embassy in Beijing posted on Weibo about a Marxist student association in Madison, Wisconsin (${term}), which it linked to the International Marxist Tendency. The post drew thousands of comments within hours, many asking what the association had done on campus.`;
    const outlets = ['Daily One', 'Evening Two', 'Weekly Three'];
    const ids: string[] = [];
    for (const [i, outlet] of outlets.entries()) {
      const res = await t.gql(REPORT, {
        key: editor,
        variables: { input: { url: `https://outlet${i}.example/${unique()}`, title: `${outlet}: embassy post`, text: `${story} ${outlet} newsroom.`, sourceName: outlet } },
      });
      expect(res.errors).toBeUndefined();
      ids.push(res.data!.reportMention.id);
    }
    const other = await t.gql(REPORT, {
      key: editor,
      variables: { input: { url: `https://outlet9.example/${unique()}`, text: `${term} appears in an entirely different report about teachers striking for better pay in the north.`, sourceName: 'Other' } },
    });
    ids.push(other.data!.reportMention.id);

    const page1 = await t.gql(MENTIONS, { key: editor, variables: { watch: watch.id, first: 2 } });
    expect(page1.errors).toBeUndefined();
    const c1 = page1.data!.mentions;
    expect(c1.totalCount).toBe(4);
    expect(c1.pageInfo.hasNextPage).toBe(true);
    expect(c1.edges.map((e: { node: { id: string } }) => e.node.id)).toEqual([ids[3], ids[2]]);
    const page2 = await t.gql(MENTIONS, { key: editor, variables: { watch: watch.id, first: 2, after: c1.pageInfo.endCursor } });
    const c2 = page2.data!.mentions;
    expect(c2.edges.map((e: { node: { id: string } }) => e.node.id)).toEqual([ids[1], ids[0]]);
    expect(c2.pageInfo.hasNextPage).toBe(false);

    // The three outlets' copies are one story; the other report is its own.
    const all = [...c1.edges, ...c2.edges].map((e: { node: { id: string; story: { id: string; outlets: { sourceName: string }[] } } }) => e.node);
    const storyOf = (id: string) => all.find((n) => n.id === id)!.story;
    expect(new Set(ids.slice(0, 3).map((id) => storyOf(id).id)).size).toBe(1);
    expect(storyOf(ids[0]).outlets.map((o) => o.sourceName).sort()).toEqual([...outlets].sort());
    expect(storyOf(ids[3]).id).not.toBe(storyOf(ids[0]).id);
    expect(storyOf(ids[3]).outlets).toHaveLength(1);

    const bySection = await t.gql(MENTIONS, { key: editor, variables: { section: section.slug } });
    expect(bySection.data!.mentions.totalCount).toBe(4);
    const future = await t.gql(MENTIONS, { key: editor, variables: { watch: watch.id, since: new Date(Date.now() + 3_600_000).toISOString() } });
    expect(future.data!.mentions.totalCount).toBe(0);
    const forged = await t.gql(MENTIONS, { key: editor, variables: { watch: watch.id, after: `${c1.pageInfo.endCursor}x` } });
    expect(forged.errors![0].extensions.code).toBe('BAD_USER_INPUT');
    const tooMany = await t.gql(MENTIONS, { key: editor, variables: { first: 101 } });
    expect(tooMany.errors![0].extensions.code).toBe('BAD_USER_INPUT');
  });

  it('compiles the matcher once per version of the watch set', async () => {
    const scanner = t.app.get(MentionScanner);
    const first = await scanner.compiled();
    expect(await scanner.compiled()).toBe(first);
    const term = `Cachecheck${unique()}`;
    const watch = await createWatch({ name: `Cache ${unique()}`, terms: [{ text: term }] });
    const second = await scanner.compiled();
    expect(second).not.toBe(first);
    expect(second.watches.has(watch.id)).toBe(true);
    expect(second.matcher.scan(`a ${term} b`).map((m) => m.watchId)).toContain(watch.id);
    expect(first.matcher.scan(`a ${term} b`)).toEqual([]);
  });

  it('announces a new mention on Redis pub/sub for mentionFound subscribers, once', async () => {
    const watch = await createWatch({ name: `Live ${unique()}`, terms: [{ text: `Livecase${unique()}` }] });
    const term = (await t.gql(`{ watches { id terms { text } } }`, { key: editor })).data!.watches.find((w: { id: string }) => w.id === watch.id).terms[0].text;
    const iterator = await t.app.get(MentionEvents).subscribe(watch.id);
    const input = { url: `https://live.example/${unique()}`, text: `Breaking: ${term} spotted`, sourceName: 'Live' };
    const res = await t.gql(REPORT, { key: editor, variables: { input } });
    const event = await iterator.next();
    expect(event.value).toEqual({ mentionId: res.data!.reportMention.id, watchId: watch.id });
    await iterator.return!();
  });
});
