import { MentionEvents, type MentionFoundEvent } from '../../src/mentions/mention-events';
import { SourcePollService } from '../../src/mentions/source-poll.service';
import { type FeedServer, rss } from '../feeds/support/feed-server';
import { waitFor } from '../feeds/support/wait';
import { startWorkerStack, type WorkerStack } from '../feeds/support/worker-stack';
import { makeArticle, makeSection, unique } from '../support/factories';
import type { TestApp } from '../support/test-app';

/**
 * From a local feed (HTTP on 127.0.0.1, allowed by FETCH_ALLOWLIST for this test) to stored mentions,
 * through the real worker (dispatcher, BullMQ poll jobs, fetcher, parser) and real PostgreSQL and Redis.
 */
describe('mention sources polled by the worker', () => {
  let t: TestApp;
  let stack: WorkerStack;
  let server: FeedServer;
  let admin: string;
  let editor: string;

  beforeAll(async () => {
    stack = await startWorkerStack({ FETCH_ALLOWLIST: '127.0.0.1', FEED_MAX_FAILURES: '2', FEED_DISPATCH_EVERY_MS: '200' });
    ({ t, server } = stack);
    admin = await t.key('ADMIN');
    editor = await t.key('EDITOR');
  });
  afterAll(() => stack?.close());

  const addSource = async (name: string, path: string, kind = 'news') => {
    const res = await t.gql(`mutation($input: AddMentionSourceInput!) { addMentionSource(input: $input) { id name url kind status } }`, {
      key: editor,
      variables: { input: { name, url: server.url(path), kind } },
    });
    expect(res.errors).toBeUndefined();
    return res.data!.addMentionSource as { id: string; status: string };
  };
  const sourceState = async (id: string, lang = 'en') =>
    (await t.gql(`{ mentionSources { id status lastFetchedAt lastError consecutiveFailures } }`, { key: editor, lang })).data!.mentionSources.find(
      (s: { id: string }) => s.id === id,
    );
  const mentionsOf = async (watchId: string) =>
    await t.dataSource.query<{ id: string; url: string; title: string; excerpt: string; locale: string | null; source_name: string; matched_terms: string[]; section_ids: string[]; article_ids: string[]; story_id: string }[]>(
      `SELECT id, url, title, excerpt, locale, source_name, matched_terms, section_ids, article_ids, story_id FROM mentions WHERE watch_id = $1 ORDER BY url`,
      [watchId],
    );

  it('scans every item of every source against the watches: six languages, one mention per URL, grouped stories', async () => {
    const run = unique();
    const section = await makeSection(t, admin, { country: 'US', names: { en: 'USA' } });
    const ourUrl = `https://marxist.example/usa/${run}/madison.html`;
    const article = await makeArticle(t, admin, section.slug, { canonicalUrl: ourUrl, title: 'Madison' });
    // A second article of ours, known by a translation's URL only.
    const translated = await makeArticle(t, admin, section.slug, { title: 'Convention' });
    const translationUrl = `https://marxist.example/es/${run}/convencion.html`;
    await t.dataSource.query(`UPDATE translations SET url = $1 WHERE article_id = $2`, [translationUrl, translated.id]);

    const watchRes = await t.gql(`mutation($input: CreateWatchInput!) { createWatch(input: $input) { id } }`, {
      key: editor,
      variables: {
        input: {
          name: `Organisation ${run}`,
          terms: [
            { text: 'IMT' },
            { text: '国际马克思主义倾向', mode: 'SUBSTRING' },
            { text: 'طلبہ یونین', mode: 'PHRASE' },
            { text: 'Lucha de Clases', mode: 'PHRASE' },
          ],
          excludes: ['IMT Atlantique'],
          section: section.slug,
        },
      },
    });
    expect(watchRes.errors).toBeUndefined();
    const watchId = watchRes.data!.createWatch.id as string;
    const events: MentionFoundEvent[] = [];
    const iterator = await t.app.get(MentionEvents).subscribe(watchId);
    void (async () => {
      for await (const e of iterator) events.push(e);
    })();

    const now = new Date().toUTCString();
    const weibo = `https://weibo.example/${run}/5012345`;
    const embassy = `https://weibo.example/${run}/5012346`;
    const swedish = `https://offensiv.example/${run}/artikel`;
    const sv = `Tidningen Offensiv rapporterar att IMT:s sektioner i Europa samlade hundratals unga till sommarläger i år. Lägret diskuterade klimatet, bostäderna och kampen mot nedskärningar i skolan, och deltagarna lovade att bygga nya grupper på hösten.`;
    server.routes.set(`/${run}/a.xml`, {
      body: rss([
        {
          link: `${weibo}?utm_source=weibo`,
          title: '美國駐華大使館',
          description: `<p>威斯康星大學麥迪遜分校的一個學生組織與「國際馬克思主義傾向」（ＩＭＴ）有關。<a href="${ourUrl}?utm_medium=x">原文</a></p>`,
          pubDate: now,
        },
        {
          link: embassy,
          title: '美國駐華大使館微博',
          description: `<p>美國駐華大使館：麥迪遜的學生組織與「國際馬克思主義傾向」（ＩＭＴ）有關。<a href="${ourUrl}?utm_medium=x">原文</a></p>`,
          pubDate: now,
        },
        { link: `https://news.example/${run}/imtiaz`, title: 'Imtiaz Ahmed joins SIMTEK', description: 'The engineer Imtiaz Ahmed joins SIMTEK as director.', pubDate: now },
        { link: `https://ur.example/${run}/1`, title: 'لاہور', description: 'لاہور میں طلبه يونين کا اجلاس ہوا اور طلبہ نے فیسوں میں اضافے کے خلاف احتجاج کیا۔', pubDate: now },
        { link: `https://es.example/${run}/1`, title: 'Revista', description: `La revista LUCHA DE CLASES publicó una entrevista. Véase ${translationUrl}`, pubDate: now },
        { link: swedish, title: 'Sommarläger', description: sv, pubDate: now },
        { link: `https://fr.example/${run}/1`, title: 'École', description: "L'école IMT Atlantique ouvre un nouveau campus à Brest.", pubDate: now },
      ]),
    });
    server.routes.set(`/${run}/b.xml`, {
      body: rss([
        { link: weibo, title: '转载：美国驻华大使馆', description: '威斯康星大学麦迪逊分校的学生组织与国际马克思主义倾向有关。', pubDate: now },
        { link: `https://aggregator.example/${run}/sv-copy`, title: 'Sommarläger (via Offensiv)', description: `${sv} Läs mer hos Offensiv.`, pubDate: now },
      ]),
    });
    const a = await addSource('Feed A', `/${run}/a.xml`);
    const b = await addSource('US Embassy China (Weibo)', `/${run}/b.xml`, 'weibo');
    expect(a.status).toBe('ACTIVE');

    await waitFor(async () => (await sourceState(a.id))?.lastFetchedAt && (await sourceState(b.id))?.lastFetchedAt, 'both sources polled');
    const rows = await waitFor(async () => {
      const list = await mentionsOf(watchId);
      return list.length === 6 ? list : null;
    }, 'six mentions');

    const byUrl = new Map(rows.map((r) => [r.url, r]));
    expect([...byUrl.keys()].sort()).toEqual(
      [weibo, embassy, `https://ur.example/${run}/1`, `https://es.example/${run}/1`, swedish, `https://aggregator.example/${run}/sv-copy`].sort(),
    );
    // A Weibo post in traditional characters with a full-width (ＩＭＴ), matched by a simplified term.
    const post = byUrl.get(embassy)!;
    expect(post.matched_terms).toEqual(['国际马克思主义倾向', 'IMT']);
    expect(post.locale).toBe('zh');
    expect(post.excerpt).toContain('「<mark>國際馬克思主義傾向</mark>」（<mark>ＩＭＴ</mark>）');
    expect(post.article_ids).toEqual([article.id]);
    expect(post.section_ids).toEqual([section.id]);
    // One URL in two sources (one copy names IMT, the other does not): one mention with both terms,
    // whichever source was polled first.
    const shared = byUrl.get(weibo)!;
    expect([...shared.matched_terms].sort()).toEqual(['IMT', '国际马克思主义倾向'].sort());
    expect(shared.excerpt).toMatch(/<mark>(國際馬克思主義傾向|国际马克思主义倾向)<\/mark>/);
    expect(shared.article_ids).toEqual([article.id]);
    expect(byUrl.get(`https://ur.example/${run}/1`)!.matched_terms).toEqual(['طلبہ یونین']);
    expect(byUrl.get(`https://ur.example/${run}/1`)!.excerpt).toContain('<mark>طلبه يونين</mark>');
    expect(byUrl.get(`https://es.example/${run}/1`)!.article_ids).toEqual([translated.id]);
    expect(byUrl.get(swedish)!.excerpt).toContain('<mark>IMT</mark>:s');
    // The Swedish story and its aggregator copy are one story with two outlets.
    expect(byUrl.get(`https://aggregator.example/${run}/sv-copy`)!.story_id).toBe(byUrl.get(swedish)!.story_id);
    expect(byUrl.get(weibo)!.story_id).not.toBe(byUrl.get(swedish)!.story_id);
    const story = await t.gql(`query($w: ID) { mentions(watch: $w, first: 10) { edges { node { url story { outlets { sourceName url } } } } } }`, {
      key: editor,
      variables: { w: watchId },
    });
    const svNode = story.data!.mentions.edges.map((e: { node: unknown }) => e.node).find((n: { url: string }) => n.url === swedish);
    expect(svNode.story.outlets.map((o: { sourceName: string }) => o.sourceName).sort()).toEqual(['Feed A', 'US Embassy China (Weibo)']);

    // Subscribers heard each new mention once.
    await waitFor(async () => events.length >= 6, 'six events');
    expect(new Set(events.map((e) => e.mentionId))).toEqual(new Set(rows.map((r) => r.id)));

    // Scanned again (the feed changed, so it is parsed and scanned in full): still one mention per URL.
    server.routes.set(`/${run}/a.xml`, {
      body: rss([
        { link: `${weibo}?fbclid=1`, title: '美國駐華大使館', description: '「國際馬克思主義傾向」（IMT）', pubDate: now },
        { link: swedish, title: 'Sommarläger', description: sv, pubDate: now },
        { link: `https://news.example/${run}/other`, title: 'Weather', description: 'Rain tomorrow.', pubDate: now },
      ]),
    });
    const repoll = await stack.worker.get(SourcePollService).poll(a.id, `test-repoll-${run}`, true);
    expect(repoll).toMatchObject({ outcome: 'scanned', items: 3, newMentions: 0 });
    expect(await mentionsOf(watchId)).toHaveLength(6);
    const unchanged = await stack.worker.get(SourcePollService).poll(a.id, `test-repoll2-${run}`, true);
    expect(unchanged.outcome).toBe('unchanged');
    expect(events).toHaveLength(6);
    await iterator.return!();
  });

  it('a failing source backs off like a section feed: FAILING with a translated error, then DISABLED', async () => {
    const run = unique();
    server.routes.set(`/${run}/broken.xml`, { status: 500, body: 'oops' });
    const source = await addSource('Broken', `/${run}/broken.xml`);
    // A new source is due at once: the worker's first poll fails it (a poll of our own here would race the
    // worker's job for the source's lease). Backed off, it is ours to poll next.
    const state = await waitFor(async () => {
      const now = await sourceState(source.id, 'fr');
      return now.consecutiveFailures > 0 ? now : null;
    }, "the worker's first poll");
    expect(state).toMatchObject({ status: 'FAILING', consecutiveFailures: 1 });
    expect(state.lastError).toMatch(/500/);
    expect(state.lastError).not.toBe((await sourceState(source.id, 'en')).lastError);
    const second = await stack.worker.get(SourcePollService).poll(source.id, `fail-2-${run}`, true);
    expect(second).toMatchObject({ outcome: 'failed', disabled: true });
    expect((await sourceState(source.id)).status).toBe('DISABLED');

    // An editor resumes it once the site is fixed: due at once, polled by the worker, ACTIVE again.
    server.routes.set(`/${run}/broken.xml`, { body: rss([]) });
    const resumed = await t.gql(`mutation($id: ID!) { resumeMentionSource(id: $id) { status consecutiveFailures } }`, { key: editor, variables: { id: source.id } });
    expect(resumed.data!.resumeMentionSource).toEqual({ status: 'ACTIVE', consecutiveFailures: 0 });
    await waitFor(async () => (await sourceState(source.id)).lastError === null, 'a successful poll after resuming');
    expect((await sourceState(source.id)).status).toBe('ACTIVE');
    const paused = await t.gql(`mutation($id: ID!) { pauseMentionSource(id: $id) { status } }`, { key: editor, variables: { id: source.id } });
    expect(paused.data!.pauseMentionSource.status).toBe('PAUSED');
    const missing = await t.gql(`mutation { pauseMentionSource(id: "00000000-0000-4000-8000-000000000000") { status } }`, { key: editor, lang: 'sv' });
    expect(missing.errors![0].extensions.code).toBe('NOT_FOUND');
    expect(missing.errors![0].message).toMatch(/omnämnandekälla/);
  });

  it('the same source URL cannot be added twice (CONFLICT), and nothing is stored', async () => {
    const run = unique();
    server.routes.set(`/${run}/x.xml`, { body: rss([]) });
    await addSource('X', `/${run}/x.xml`);
    const res = await t.gql(`mutation($input: AddMentionSourceInput!) { addMentionSource(input: $input) { id } }`, {
      key: editor,
      lang: 'zh',
      variables: { input: { name: 'X again', url: server.url(`/${run}/x.xml`), kind: 'news' } },
    });
    expect(res.errors![0].extensions.code).toBe('CONFLICT');
    expect(res.errors![0].message).toMatch(/已存在/);
  });
});
