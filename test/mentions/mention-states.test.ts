import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { XMLParser } from 'fast-xml-parser';
import { unique } from '../support/factories';
import { TestApp } from '../support/test-app';

const ATOM_SCHEMA = join(__dirname, '..', 'fixtures', 'atom', 'atom.rng');

/** Debian's xmllint against RFC 4287's schema kept in the repository (.ci/run installs libxml2-utils). */
function validateAtom(xml: string): { ok: boolean; output: string } {
  const dir = mkdtempSync(join(tmpdir(), 'atom-'));
  try {
    const file = join(dir, 'feed.xml');
    writeFileSync(file, xml);
    const run = spawnSync('xmllint', ['--noout', '--nonet', '--relaxng', ATOM_SCHEMA, file], { encoding: 'utf8' });
    if (run.error) throw new Error(`xmllint could not run (apt-get install libxml2-utils): ${run.error.message}`);
    return { ok: run.status === 0, output: `${run.stdout}${run.stderr}` };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

const CREATE_WATCH = `mutation($input: CreateWatchInput!) { createWatch(input: $input) { id } }`;
const REPORT = `mutation($input: ReportMentionInput!) { reportMention(input: $input) { id url state } }`;
const MARK = `mutation($ids: [ID!]!, $state: MentionState!) { markMentions(ids: $ids, state: $state) }`;
const WATCH = `{ watches { id unreadCount mentionCount feedUrl } }`;
const MENTIONS = `query($watch: ID, $state: MentionState) { mentions(watch: $watch, state: $state) { totalCount edges { node { id state } } } }`;

describe('mention states, the watch feed and Google redirect links', () => {
  let t: TestApp;
  let editor: string;
  let translator: string;

  beforeAll(async () => {
    t = await TestApp.start();
    editor = await t.key('EDITOR');
    translator = await t.key('TRANSLATOR', { locales: ['fr'] });
  });
  afterAll(() => t.close());

  async function gql(query: string, variables: Record<string, unknown> = {}, key = editor) {
    const res = await t.gql(query, { key, variables });
    if (res.errors) throw new Error(JSON.stringify(res.errors));
    return res.data!;
  }

  /** A watch of its own term, with `n` mentions reported by hand. */
  async function watchWithMentions(n: number): Promise<{ watchId: string; term: string; mentionIds: string[] }> {
    const term = `Zq${unique().replace(/[^A-Za-z0-9]/g, '')}`;
    const { createWatch } = await gql(CREATE_WATCH, { input: { name: `Watch ${term}`, terms: [{ text: term }] } });
    const mentionIds: string[] = [];
    for (let i = 0; i < n; i++) {
      const input = { url: `https://news.example/${term}/${i}`, title: `Story ${i} & <more>`, text: `A report that names ${term} (${i}).`, sourceName: 'News Example', watch: createWatch.id };
      mentionIds.push((await gql(REPORT, { input })).reportMention.id);
    }
    return { watchId: createWatch.id, term, mentionIds };
  }

  const watchRow = async (id: string) => ((await gql(WATCH)).watches as { id: string; unreadCount: number; mentionCount: number; feedUrl: string }[]).find((w) => w.id === id)!;

  it('marks mentions READ or DISMISSED: the count of changes, unreadCount and mentions(state:) follow', async () => {
    const { watchId, mentionIds } = await watchWithMentions(3);
    expect(await watchRow(watchId)).toMatchObject({ unreadCount: 3, mentionCount: 3 });
    const all = await gql(MENTIONS, { watch: watchId });
    expect(all.mentions.edges.map((e: { node: { state: string } }) => e.node.state)).toEqual(['NEW', 'NEW', 'NEW']);

    expect((await gql(MARK, { ids: [mentionIds[0], mentionIds[1]], state: 'READ' })).markMentions).toBe(2);
    // Already READ, and an id that names no mention: nothing changes, nothing is counted.
    expect((await gql(MARK, { ids: [mentionIds[0], '00000000-0000-4000-8000-000000000000'], state: 'READ' })).markMentions).toBe(0);
    expect((await gql(MARK, { ids: [mentionIds[1], mentionIds[2]], state: 'DISMISSED' })).markMentions).toBe(2);

    expect(await watchRow(watchId)).toMatchObject({ unreadCount: 0, mentionCount: 3 });
    const read = await gql(MENTIONS, { watch: watchId, state: 'READ' });
    expect(read.mentions.totalCount).toBe(1);
    expect(read.mentions.edges.map((e: { node: { id: string } }) => e.node.id)).toEqual([mentionIds[0]]);
    const dismissed = await gql(MENTIONS, { watch: watchId, state: 'DISMISSED' });
    expect(dismissed.mentions.edges.map((e: { node: { id: string } }) => e.node.id).sort()).toEqual([mentionIds[1], mentionIds[2]].sort());
    expect((await gql(MENTIONS, { watch: watchId, state: 'NEW' })).mentions.totalCount).toBe(0);
    expect((await gql(MENTIONS, { watch: watchId })).mentions.totalCount).toBe(3);

    expect((await gql(MARK, { ids: [mentionIds[2]], state: 'NEW' })).markMentions).toBe(1);
    expect((await watchRow(watchId)).unreadCount).toBe(1);
  });

  it('refuses a malformed id with a translated BAD_USER_INPUT, and other roles', async () => {
    const bad = await t.gql(MARK, { key: editor, lang: 'fr', variables: { ids: ['nope'], state: 'READ' } });
    expect(bad.errors![0].extensions.code).toBe('BAD_USER_INPUT');
    expect(bad.errors![0].message).toBe('« nope » n’est pas un identifiant de mention.');
    const denied = await t.gql(MARK, { key: translator, variables: { ids: [], state: 'READ' } });
    expect(denied.errors![0].extensions.code).toBe('FORBIDDEN');
  });

  it("serves the watch's mentions as valid Atom at its private feedUrl, without the dismissed ones", async () => {
    const { watchId, mentionIds } = await watchWithMentions(2);
    await gql(MARK, { ids: [mentionIds[0]], state: 'DISMISSED' });
    const { feedUrl } = await watchRow(watchId);
    expect(feedUrl).toMatch(new RegExp(`^http://localhost:3000/watches/${watchId}/mentions\\.atom\\?token=[A-Za-z0-9_-]{43}$`));
    // The same URL every time it is asked for.
    expect((await watchRow(watchId)).feedUrl).toBe(feedUrl);

    const res = await t.http.get(feedUrl.replace('http://localhost:3000', ''));
    expect(res.status).toBe(200);
    expect(res.headers['content-type']).toBe('application/atom+xml; charset=utf-8');
    expect(res.headers['cache-control']).toBe('private, no-cache');
    const validation = validateAtom(res.text);
    expect(validation.output).not.toMatch(/fails to validate/);
    expect(validation.ok).toBe(true);
    const feed = new XMLParser({ ignoreAttributes: false }).parse(res.text).feed;
    expect(feed.id).toBe(`urn:uuid:${watchId}`);
    const entries = [feed.entry].flat();
    expect(entries.map((e: { id: string }) => e.id)).toEqual([`urn:uuid:${mentionIds[1]}`]);
    expect(entries[0].title['#text']).toBe('Story 1 & <more>');
  });

  it('answers a wrong or missing token exactly as an unknown watch, and stores no token in clear', async () => {
    const { watchId } = await watchWithMentions(1);
    const { feedUrl } = await watchRow(watchId);
    const token = new URL(feedUrl).searchParams.get('token')!;
    const answers = await Promise.all(
      [
        `/watches/${watchId}/mentions.atom?token=${token.slice(0, -1)}x`,
        `/watches/${watchId}/mentions.atom`,
        `/watches/00000000-0000-4000-8000-000000000000/mentions.atom?token=${token}`,
        `/watches/not-a-uuid/mentions.atom?token=${token}`,
      ].map((path) => t.http.get(path).set('Accept-Language', 'sv')),
    );
    for (const res of answers) {
      expect(res.status).toBe(404);
      expect(res.body).toEqual({ code: 'NOT_FOUND', message: 'Det finns inget flöde på den här adressen.' });
    }
    const [row] = await t.dataSource.query(`SELECT encode(token_hash, 'hex') AS hash, token_sealed AS sealed FROM watch_feed_tokens WHERE watch_id = $1`, [watchId]);
    expect(`${row.hash} ${row.sealed}`).not.toContain(token);
  });

  it('stores a Google redirect link as its target, and dedupes it with the direct link', async () => {
    const { watchId, term } = await watchWithMentions(0);
    const target = `https://paper.example/${term}/story?id=7`;
    const wrapped = `https://www.google.com/url?rct=j&sa=t&url=${encodeURIComponent(`${target}&utm_source=alerts`)}&ct=ga&cd=CAIy&usg=AOvVaw`;
    const viaGoogle = (await gql(REPORT, { input: { url: wrapped, text: `Google Alerts found ${term}.`, sourceName: 'Google Alerts', watch: watchId } })).reportMention;
    expect(viaGoogle.url).toBe(target);
    const direct = (await gql(REPORT, { input: { url: target, text: `The paper itself names ${term}.`, sourceName: 'Paper', watch: watchId } })).reportMention;
    expect(direct.id).toBe(viaGoogle.id);
    expect(await watchRow(watchId)).toMatchObject({ mentionCount: 1 });
  });
});
