import { MentionScanner, MentionTargetGoneError } from '../../src/mentions/mention-scanner.service';
import { SourcePollService } from '../../src/mentions/source-poll.service';
import { WatchRepository } from '../../src/mentions/watch.repository';
import { type FeedServer, rss, type Served } from '../feeds/support/feed-server';
import { waitFor } from '../feeds/support/wait';
import { startWorkerStack, type WorkerStack } from '../feeds/support/worker-stack';
import { makeSection, unique } from '../support/factories';
import type { TestApp } from '../support/test-app';

const WATCH_FIELDS = `id name terms { text mode } excludes excludeItemsWith allOf near { term nearTerm within } locales sources { id } section { slug }`;
const CREATE = `mutation($input: CreateWatchInput!) { createWatch(input: $input) { ${WATCH_FIELDS} } }`;
const UPDATE = `mutation($id: ID!, $input: UpdateWatchInput!) { updateWatch(id: $id, input: $input) { ${WATCH_FIELDS} } }`;
const DELETE = `mutation($id: ID!) { deleteWatch(id: $id) }`;
const DELETE_SOURCE = `mutation($id: ID!) { deleteMentionSource(id: $id) }`;
const REPORT = `mutation($input: ReportMentionInput!) { reportMention(input: $input) { id matchedTerms watch { id } } }`;

/** updateWatch, deleteWatch and deleteMentionSource: rules, roles, the read cache, and scans in flight. */
describe('changing and removing watches and mention sources', () => {
  let t: TestApp;
  let stack: WorkerStack;
  let server: FeedServer;
  let admin: string;
  let editor: string;
  let translator: string;
  let publisher: string;

  beforeAll(async () => {
    // The read cache on, so that a count cached before a delete would show if the delete did not retire it.
    stack = await startWorkerStack({ FETCH_ALLOWLIST: '127.0.0.1', FEED_DISPATCH_EVERY_MS: '200', READ_CACHE_TTL_SECONDS: '300' });
    ({ t, server } = stack);
    admin = await t.key('ADMIN');
    editor = await t.key('EDITOR');
    translator = await t.key('TRANSLATOR', { locales: ['fr'] });
    const section = await makeSection(t, admin);
    publisher = await t.key('PUBLISHER', { section: section.slug });
  });
  afterAll(() => stack?.close());

  const ok = async (query: string, variables: Record<string, unknown>, key = editor) => {
    const res = await t.gql(query, { key, variables });
    if (res.errors) throw new Error(JSON.stringify(res.errors));
    return res.data!;
  };
  const createWatch = async (input: Record<string, unknown>) => (await ok(CREATE, { input })).createWatch as { id: string; [k: string]: unknown };
  const report = (text: string, watch?: string) =>
    t.gql(REPORT, { key: editor, variables: { input: { url: `https://report.example/${unique()}`, text, sourceName: 'By hand', ...(watch ? { watch } : {}) } } });
  const mentionRows = async (where: string, value: string) => Number((await t.dataSource.query(`SELECT count(*)::int AS n FROM mentions WHERE ${where} = $1`, [value]))[0].n);
  const polled = async (id: string) => ((await ok(`{ mentionSources { id lastFetchedAt } }`, {})).mentionSources as { id: string; lastFetchedAt: string | null }[]).find((s) => s.id === id)?.lastFetchedAt;
  /** A source whose first poll (by the worker) finds nothing and whose next poll is held until `release` is called with its items. */
  const heldSource = async (run: string) => {
    let release!: (items: Parameters<typeof rss>[0]) => void;
    const items = new Promise<Parameters<typeof rss>[0]>((resolve) => (release = resolve));
    let requests = 0;
    const path = `/${run}/held.xml`;
    server.routes.set(path, () => {
      if (++requests === 1) return { body: rss([]) };
      const served: Served = { until: items.then((list) => void (served.body = rss(list))) };
      return served;
    });
    const id = (await ok(`mutation($input: AddMentionSourceInput!) { addMentionSource(input: $input) { id } }`, { input: { name: `Held ${run}`, url: server.url(path), kind: 'news' } }))
      .addMentionSource.id as string;
    await waitFor(() => polled(id), 'the first poll');
    return { id, release, inFlight: () => waitFor(async () => server.hitsFor(path).length >= 2, 'the second poll in flight') };
  };

  it('updateWatch leaves absent fields, clears what is null, refuses what a watch cannot lose, and the next scan follows', async () => {
    const run = unique();
    const term = `K${run}`;
    const section = await makeSection(t, admin);
    const watch = await createWatch({ name: `Watch ${run}`, terms: [{ text: term }], excludes: ['Atlantique'], allOf: ['Madison'], locales: ['fr'], section: section.slug });
    const text = `${term} held a meeting in Chicago`;
    expect((await report(text)).errors![0].extensions.code).toBe('BAD_USER_INPUT');

    const cleared = (await ok(UPDATE, { id: watch.id, input: { allOf: null, locales: null } })).updateWatch;
    expect(cleared).toMatchObject({ name: `Watch ${run}`, terms: [{ text: term, mode: 'WORD' }], excludes: ['Atlantique'], allOf: [], locales: [], section: { slug: section.slug } });
    const reported = await report(text);
    expect(reported.data!.reportMention).toMatchObject({ matchedTerms: [term], watch: { id: watch.id } });

    const changed = (await ok(UPDATE, { id: watch.id, input: { name: `Renamed ${run}`, near: [{ term, nearTerm: 'Chicago', within: 1 }], section: null } })).updateWatch;
    expect(changed).toMatchObject({ name: `Renamed ${run}`, near: [{ term, nearTerm: 'Chicago', within: 1 }], excludes: ['Atlantique'], section: null });
    expect((await report(text)).errors![0].extensions.code).toBe('BAD_USER_INPUT');
    expect((await report(`${term} in Chicago`)).data!.reportMention.watch.id).toBe(watch.id);

    for (const [input, lang, message] of [
      [{ name: null }, 'es', /nombre es obligatorio/],
      [{ terms: null }, 'zh', /至少需要一个词语/],
      [{ near: [{ term, nearTerm: 'Chicago', within: 0 }] }, 'sv', /heltal från 1 till 100/],
      [{ locales: ['xx'] }, 'en', /not supported/],
    ] as const) {
      const res = await t.gql(UPDATE, { key: editor, lang, variables: { id: watch.id, input } });
      expect(res.errors![0].extensions.code).toBe('BAD_USER_INPUT');
      expect(res.errors![0].message).toMatch(message);
    }
    const [stored] = (await ok(`{ watches { ${WATCH_FIELDS} } }`, {})).watches.filter((w: { id: string }) => w.id === watch.id);
    expect(stored).toEqual(changed);

    const missing = await t.gql(UPDATE, { key: editor, lang: 'fr', variables: { id: '00000000-0000-4000-8000-000000000000', input: { name: 'x' } } });
    expect(missing.errors![0].extensions.code).toBe('NOT_FOUND');
    for (const key of [translator, publisher]) expect((await t.gql(UPDATE, { key, variables: { id: watch.id, input: { name: 'x' } } })).errors![0].extensions.code).toBe('FORBIDDEN');
    expect((await t.gql(UPDATE, { variables: { id: watch.id, input: { name: 'x' } } })).errors![0].extensions.code).toBe('UNAUTHENTICATED');
  });

  it('deleteWatch takes its mentions along, and the cached counts follow at once', async () => {
    const run = unique();
    const doomed = await createWatch({ name: `Doomed ${run}`, terms: [{ text: `D${run}` }] });
    const kept = await createWatch({ name: `Kept ${run}`, terms: [{ text: `E${run}` }] });
    for (const text of [`D${run} one`, `D${run} two`, `E${run} three`]) expect((await report(text)).errors).toBeUndefined();
    const total = async () => (await ok(`{ mentions { totalCount } }`, {})).mentions.totalCount as number;
    const before = await total();
    expect(await total()).toBe(before); // now cached

    expect((await t.gql(DELETE, { key: translator, variables: { id: doomed.id } })).errors![0].extensions.code).toBe('FORBIDDEN');
    expect((await ok(DELETE, { id: doomed.id }, admin)).deleteWatch).toBe(true);
    expect(await mentionRows('watch_id', doomed.id)).toBe(0);
    expect(await mentionRows('watch_id', kept.id)).toBe(1);
    expect(await total()).toBe(before - 2);
    expect((await ok(`{ watches { id } }`, {})).watches).not.toContainEqual({ id: doomed.id });

    const again = await t.gql(DELETE, { key: editor, lang: 'ur', variables: { id: doomed.id } });
    expect(again.errors![0].extensions.code).toBe('NOT_FOUND');
    expect(again.errors![0].message).toMatch(/نگرانی موجود نہیں/);
    expect((await t.gql(`query($w: ID) { mentions(watch: $w) { totalCount } }`, { key: editor, variables: { w: doomed.id } })).errors![0].extensions.code).toBe('NOT_FOUND');
  });

  it('deleteMentionSource is refused while a watch is narrowed to it, then deletes it and keeps its mentions', async () => {
    const run = unique();
    server.routes.set(`/${run}/s.xml`, { body: rss([{ link: `https://s.example/${run}/1`, title: 'News', description: `S${run} in the news`, pubDate: new Date().toUTCString() }]) });
    const watch = await createWatch({ name: `Narrow ${run}`, terms: [{ text: `S${run}` }] });
    const source = (await ok(`mutation($input: AddMentionSourceInput!) { addMentionSource(input: $input) { id } }`, { input: { name: `Source ${run}`, url: server.url(`/${run}/s.xml`), kind: 'blog' } }))
      .addMentionSource.id as string;
    await waitFor(() => polled(source), 'the source polled');
    expect(await mentionRows('source_id', source)).toBe(1);
    await ok(UPDATE, { id: watch.id, input: { sources: [source] } });

    const refused = await t.gql(DELETE_SOURCE, { key: editor, lang: 'fr', variables: { id: source } });
    expect(refused.errors![0].extensions.code).toBe('CONFLICT');
    expect(refused.errors![0].message).toBe(`Cette source de mentions restreint les veilles “Narrow ${run}” : retirez-la d'abord de celles-ci (updateWatch).`);
    expect((await t.gql(DELETE_SOURCE, { key: translator, variables: { id: source } })).errors![0].extensions.code).toBe('FORBIDDEN');

    expect((await ok(UPDATE, { id: watch.id, input: { sources: null } })).updateWatch.sources).toEqual([]);
    expect((await ok(DELETE_SOURCE, { id: source }, admin)).deleteMentionSource).toBe(true);
    expect((await ok(`{ mentionSources { id } }`, {})).mentionSources).not.toContainEqual({ id: source });
    const [mention] = await t.dataSource.query<{ source_id: string | null; source_name: string }[]>(`SELECT source_id, source_name FROM mentions WHERE watch_id = $1`, [watch.id]);
    expect(mention).toEqual({ source_id: null, source_name: `Source ${run}` });

    expect((await t.gql(DELETE_SOURCE, { key: editor, variables: { id: source } })).errors![0].extensions.code).toBe('NOT_FOUND');
    const named = await t.gql(UPDATE, { key: editor, variables: { id: watch.id, input: { sources: [source] } } });
    expect(named.errors![0].extensions.code).toBe('BAD_USER_INPUT');
  });

  it('a poll in flight when its source is deleted records nothing', async () => {
    const run = unique();
    const watch = await createWatch({ name: `Flight ${run}`, terms: [{ text: `F${run}` }] });
    const held = await heldSource(run);
    const poll = stack.worker.get(SourcePollService).poll(held.id, `in-flight-${run}`, true);
    await held.inFlight();
    expect((await ok(DELETE_SOURCE, { id: held.id })).deleteMentionSource).toBe(true);
    held.release([1, 2, 3].map((n) => ({ link: `https://flight.example/${run}/${n}`, title: `F${run} ${n}`, description: `F${run} item ${n}` })));
    expect(await poll).toEqual({ outcome: 'gone' });
    expect(await mentionRows('watch_id', watch.id)).toBe(0);
  });

  it('a watch deleted while a poll is in flight gets nothing; the other watches get their mentions', async () => {
    const run = unique();
    const doomed = await createWatch({ name: `Gone ${run}`, terms: [{ text: `G${run}` }] });
    const kept = await createWatch({ name: `Stays ${run}`, terms: [{ text: `H${run}` }] });
    const held = await heldSource(run);
    const poll = stack.worker.get(SourcePollService).poll(held.id, `in-flight-${run}`, true);
    await held.inFlight();
    expect((await ok(DELETE, { id: doomed.id })).deleteWatch).toBe(true);
    held.release([{ link: `https://gone.example/${run}/1`, title: 'Both', description: `G${run} and H${run}` }]);
    expect(await poll).toMatchObject({ outcome: 'scanned', items: 1, newMentions: 1 });
    expect(await mentionRows('watch_id', doomed.id)).toBe(0);
    expect(await mentionRows('watch_id', kept.id)).toBe(1);
  });

  it('a mention of a watch deleted after the matcher was compiled is refused, and nothing is stored', async () => {
    const run = unique();
    const watch = await createWatch({ name: `Stale ${run}`, terms: [{ text: `J${run}` }] });
    const stale = (await t.app.get(WatchRepository).findById(watch.id))!;
    await ok(DELETE, { id: watch.id });
    const item = { url: `https://stale.example/${run}`, title: null, text: `J${run}`, publishedAt: null, sourceName: 'x', sourceId: null };
    await expect(t.app.get(MentionScanner).record(item, stale, null)).rejects.toEqual(new MentionTargetGoneError('watch', watch.id));
    expect(await mentionRows('watch_id', watch.id)).toBe(0);
  });
});
