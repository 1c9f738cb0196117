import { AppConfig } from '../../src/config/app-config';
import { MentionScanner, type ScanItem } from '../../src/mentions/mention-scanner.service';
import { unique } from '../support/factories';
import { TestApp } from '../support/test-app';

/** Story grouping when near-duplicates are recorded at the same moment (as concurrent source polls do). */
describe('mention story grouping under concurrency', () => {
  let t: TestApp;
  let editor: string;

  beforeAll(async () => {
    t = await TestApp.start();
    editor = await t.key('EDITOR');
  });
  afterAll(() => t.close());

  const createWatch = async (term: string) => {
    const res = await t.gql(`mutation($input: CreateWatchInput!) { createWatch(input: $input) { id } }`, {
      key: editor,
      variables: { input: { name: `Watch ${term}`, terms: [{ text: term }] } },
    });
    expect(res.errors).toBeUndefined();
    return res.data!.createWatch.id as string;
  };
  const storiesOf = async (ids: string[]) =>
    new Set((await t.dataSource.query<{ story_id: string }[]>(`SELECT story_id FROM mentions WHERE id = ANY($1::uuid[])`, [ids])).map((r) => r.story_id));

  it('puts near-duplicates recorded all at once (as many as the pool has connections) in one story', async () => {
    const scanner = t.app.get(MentionScanner);
    const term = `Kestrel${unique()}`;
    const watchId = await createWatch(term);
    const { watches } = await scanner.compiled();
    const watch = watches.get(watchId)!;
    const n = t.app.get(AppConfig).databasePoolSize;
    for (let round = 0; round < 3; round++) {
      const story = `${term} round ${round}: the city council voted late on Tuesday to close the old harbour bridge for two years of repairs, after engineers found corrosion in the main cables and warned that heavy lorries could no longer cross it safely.`;
      const items: ScanItem[] = Array.from({ length: n }, (_, i) => ({
        url: `https://outlet${i}.example/${unique()}`,
        title: `Outlet ${i}: harbour bridge to close`,
        text: `${story} Reported by outlet ${i}.`,
        publishedAt: null,
        sourceName: `Outlet ${i}`,
        sourceId: null,
      }));
      const recorded = await Promise.all(items.map((item) => scanner.record(item, watch, null)));
      expect(recorded.every((r) => r.created)).toBe(true);
      expect((await storiesOf(recorded.map((r) => r.id))).size).toBe(1);
    }
  });

  it('gives the copies of one URL under several watches, recorded at once, one story', async () => {
    const scanner = t.app.get(MentionScanner);
    const terms = Array.from({ length: 4 }, () => `Osprey${unique()}`);
    const ids = await Promise.all(terms.map(createWatch));
    const { watches } = await scanner.compiled();
    const item: ScanItem = {
      url: `https://one.example/${unique()}`,
      title: 'One page',
      text: `${terms.join(' and ')} were all named in the same report about the regional water board and its new budget for the coming year.`,
      publishedAt: null,
      sourceName: 'One',
      sourceId: null,
    };
    const recorded = await Promise.all(ids.map((id) => scanner.record(item, watches.get(id)!, null)));
    expect(new Set(recorded.map((r) => r.watchId)).size).toBe(4);
    expect((await storiesOf(recorded.map((r) => r.id))).size).toBe(1);
  });
});
