import { type FeedServer, rss } from '../feeds/support/feed-server';
import { waitFor } from '../feeds/support/wait';
import { startWorkerStack, type WorkerStack } from '../feeds/support/worker-stack';
import { unique } from '../support/factories';
import type { TestApp } from '../support/test-app';

const CREATE_WATCH = `mutation($input: CreateWatchInput!) { createWatch(input: $input) {
  id excludes excludeItemsWith allOf near { term nearTerm within } locales sources { id name } } }`;

/**
 * Watches in every mode (exclusion, -term, AND, NEAR/n, language and source filters) scanning real items:
 * two local feeds polled by the real worker, in Spanish, French, Swedish, English, Chinese and Urdu; each
 * test asserts which items became mentions of which watch.
 */
describe('precise watches scanning polled sources', () => {
  let t: TestApp;
  let stack: WorkerStack;
  let server: FeedServer;
  let editor: string;

  beforeAll(async () => {
    stack = await startWorkerStack({ FETCH_ALLOWLIST: '127.0.0.1', FEED_DISPATCH_EVERY_MS: '200' });
    ({ t, server } = stack);
    editor = await t.key('EDITOR');
  });
  afterAll(() => stack?.close());

  const gql = async (query: string, variables: Record<string, unknown>, lang = 'en') => {
    const res = await t.gql(query, { key: editor, variables, lang });
    if (res.errors) throw new Error(JSON.stringify(res.errors));
    return res.data!;
  };
  const createWatch = async (input: Record<string, unknown>) => (await gql(CREATE_WATCH, { input })).createWatch as { id: string; [k: string]: unknown };
  const addSource = async (name: string, path: string) =>
    (await gql(`mutation($input: AddMentionSourceInput!) { addMentionSource(input: $input) { id } }`, { input: { name, url: server.url(path), kind: 'news' } })).addMentionSource.id as string;
  const polled = async (id: string) => ((await gql(`{ mentionSources { id lastFetchedAt } }`, {})).mentionSources as { id: string; lastFetchedAt: string | null }[]).find((s) => s.id === id)?.lastFetchedAt;
  /** The paths (after the run's host) of a watch's mentions, sorted. */
  const found = async (watchId: string) =>
    (await t.dataSource.query<{ url: string }[]>(`SELECT url FROM mentions WHERE watch_id = $1`, [watchId])).map((r) => new URL(r.url).pathname.split('/').pop()!).sort();

  it('each mode takes exactly the items an editor expects, in every script', async () => {
    const run = unique();
    const now = new Date().toUTCString();
    const item = (slug: string, title: string, description: string) => ({ link: `https://site.example/${run}/${slug}`, title, description, pubDate: now });
    // Both feeds answer once every watch exists (the watch narrowed to source B needs B's id first).
    let watchesReady!: () => void;
    const until = new Promise<void>((resolve) => (watchesReady = resolve));
    // Source A declares French, source B English: the language filter reads what a feed declares.
    server.routes.set(`/${run}/a.xml`, {
      until,
      body: rss(
        [
          item('cmi-centro', 'Urgencias', 'El Centro Médico Internacional (CMI) amplía sus urgencias.'),
          item('cmi-revista', 'Revista', 'La CMI publica su revista de salud.'),
          item('imt-madison', 'Congrès', "L'IMT a réuni des étudiants de l'université à Madison cette semaine."),
          item('imt-turin', 'Turin', "Le congrès de l'IMT s'est tenu à Turin."),
          item('zh-near', '集會', '馬克思主義學生在麥迪遜集會。'),
          item('zh-far', '集會', '馬克思主義學生組織週末在威斯康星州麥迪遜集會。'),
        ],
        { language: 'fr' },
      ),
    });
    server.routes.set(`/${run}/b.xml`, {
      until,
      body: rss(
        [
          item('imt-en', 'Meeting', 'The IMT group in downtown Madison met students on Monday.'),
          item('sv-goteborg', 'Läger', 'IMT höll sitt sommarläger i Göteborg med hundratals unga.'),
          item('ur-lahore', 'لاہور', 'لاہور میں طلبه يونين کا اجلاس ہوا۔'),
          item('ur-cricket', 'کرکٹ', 'لاہور میں طلبه يونين کا کرکٹ میچ ہوا۔'),
        ],
        { language: 'en' },
      ),
    });

    const span = await createWatch({ name: `span ${run}`, terms: [{ text: 'CMI' }], excludes: ['Centro Médico'] });
    const whole = await createWatch({ name: `item ${run}`, terms: [{ text: 'CMI' }], excludeItemsWith: ['centro médico'] });
    const and = await createWatch({ name: `and ${run}`, terms: [{ text: 'IMT' }], allOf: ['Madison'] });
    const near = await createWatch({ name: `near ${run}`, terms: [{ text: 'IMT' }], near: [{ term: 'IMT', nearTerm: 'Madison', within: 3 }] });
    const zh = await createWatch({ name: `zh ${run}`, terms: [{ text: '马克思主义', mode: 'SUBSTRING' }], near: [{ term: '马克思主义', nearTerm: '麦迪逊', within: 3 }] });
    const ur = await createWatch({ name: `ur ${run}`, terms: [{ text: 'طلبہ یونین', mode: 'PHRASE' }], allOf: ['لاہور'], excludeItemsWith: ['کرکٹ'] });
    const french = await createWatch({ name: `fr ${run}`, terms: [{ text: 'IMT' }], locales: ['fr-FR'] });
    expect(near.near).toEqual([{ term: 'IMT', nearTerm: 'Madison', within: 3 }]);
    expect(french.locales).toEqual(['fr']);
    const a = await addSource(`A ${run}`, `/${run}/a.xml`);
    const b = await addSource(`B ${run}`, `/${run}/b.xml`);
    const fromB = await createWatch({ name: `b ${run}`, terms: [{ text: 'IMT' }], sources: [b] });
    expect(fromB.sources).toEqual([{ id: b, name: `B ${run}` }]);
    watchesReady();
    // Mentions are recorded before the poll is: once both sources show a fetch, every item was scanned.
    await waitFor(async () => (await polled(a)) && (await polled(b)), 'both sources polled');

    expect(await found(span.id)).toEqual(['cmi-centro', 'cmi-revista']);
    expect(await found(whole.id)).toEqual(['cmi-revista']);
    expect(await found(and.id)).toEqual(['imt-en', 'imt-madison']);
    // "IMT a réuni des étudiants de l'université à Madison": eight words apart; "IMT group in downtown Madison": three.
    expect(await found(near.id)).toEqual(['imt-en']);
    // Three characters between 马克思主义 and 麦迪逊 (traditional in the feed) in one item, twelve in the other.
    expect(await found(zh.id)).toEqual(['zh-near']);
    expect(await found(ur.id)).toEqual(['ur-lahore']);
    expect(await found(french.id)).toEqual(['imt-madison', 'imt-turin']);
    expect(await found(fromB.id)).toEqual(['imt-en', 'sv-goteborg']);

    const [mention] = await t.dataSource.query<{ excerpt: string; matched_terms: string[] }[]>(`SELECT excerpt, matched_terms FROM mentions WHERE watch_id = $1`, [near.id]);
    expect(mention.matched_terms).toEqual(['IMT']);
    expect(mention.excerpt).toContain('The <mark>IMT</mark> group in downtown <mark>Madison</mark> met');
  });

  it('refuses bad precision fields with translated errors and stores nothing', async () => {
    const count = async () => Number((await t.dataSource.query(`SELECT count(*)::int AS n FROM watches`))[0].n);
    const before = await count();
    const cases: [Record<string, unknown>, string, RegExp][] = [
      [{ near: [{ term: 'IMT', nearTerm: 'Madison', within: 0 }] }, 'fr', /entier de 1 à 100/],
      [{ near: [{ term: 'IMT', nearTerm: 'Madison', within: 101 }] }, 'zh', /1 到 100 之间的整数/],
      [{ near: [{ term: 'IMT', nearTerm: '¿?', within: 3 }] }, 'es', /Par de proximidad 1/],
      [{ excludeItemsWith: ['ok', ' '] }, 'sv', /Post 2 i excludeItemsWith är tom/],
      [{ allOf: ['…'] }, 'ur', /allOf کا اندراج نمبر 1 خالی ہے/],
      [{ locales: ['de'] }, 'en', /not supported/],
      [{ sources: ['00000000-0000-4000-8000-000000000000'] }, 'en', /no mention source/],
      [{ sources: ['not-an-id'] }, 'fr', /n’existe pas/],
    ];
    for (const [extra, lang, message] of cases) {
      const res = await t.gql(CREATE_WATCH, { key: editor, lang, variables: { input: { name: 'x', terms: [{ text: 'IMT' }], ...extra } } });
      expect(res.errors?.[0].extensions.code).toBe('BAD_USER_INPUT');
      expect(res.errors![0].message).toMatch(message);
    }
    expect(await count()).toBe(before);
  });
});
