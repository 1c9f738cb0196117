import { TestApp } from '../support/test-app';

const UPSERT = `mutation($input: GlossaryTermInput!) { upsertGlossaryTerm(input: $input) { id sourceLocale targetLocale source target note } }`;
const LIST = `query($s: String, $t: String) { glossary(sourceLocale: $s, targetLocale: $t) { id sourceLocale targetLocale source target note } }`;
const DELETE = `mutation($id: ID!) { deleteGlossaryTerm(id: $id) }`;

describe('glossary (GraphQL against real PostgreSQL)', () => {
  let t: TestApp;
  let editor: string;
  let translator: string;

  beforeAll(async () => {
    t = await TestApp.start();
    editor = await t.key('EDITOR');
    translator = await t.key('TRANSLATOR', { locales: ['ur'] });
  });
  afterAll(() => t.close());

  it('an editor adds terms; a translator reads those of a locale pair', async () => {
    const dawn = await t.gql(UPSERT, { key: editor, variables: { input: { sourceLocale: 'en', targetLocale: 'ur', source: ' Dawn ', target: 'ڈان', note: 'The newspaper' } } });
    expect(dawn.errors).toBeUndefined();
    expect(dawn.data!.upsertGlossaryTerm).toMatchObject({ sourceLocale: 'en', targetLocale: 'ur', source: 'Dawn', target: 'ڈان', note: 'The newspaper' });
    await t.gql(UPSERT, { key: editor, variables: { input: { sourceLocale: 'en', targetLocale: 'fr', source: 'Dawn', target: 'Dawn' } } });

    const ur = await t.gql(LIST, { key: translator, variables: { s: 'en', t: 'ur' } });
    expect(ur.data!.glossary).toEqual([expect.objectContaining({ source: 'Dawn', target: 'ڈان' })]);
    const all = await t.gql(LIST, { key: translator });
    expect(all.data!.glossary.map((g: { targetLocale: string }) => g.targetLocale).sort()).toEqual(['fr', 'ur']);
  });

  it('the same source term again (any case) replaces its rendering instead of adding a second one', async () => {
    const first = await t.gql(UPSERT, { key: editor, variables: { input: { sourceLocale: 'en', targetLocale: 'sv', source: 'United Nations', target: 'FN' } } });
    const again = await t.gql(UPSERT, { key: editor, variables: { input: { sourceLocale: 'en', targetLocale: 'sv', source: 'united nations', target: 'Förenta nationerna' } } });
    expect(again.data!.upsertGlossaryTerm.id).toBe(first.data!.upsertGlossaryTerm.id);
    const sv = await t.gql(LIST, { key: editor, variables: { s: 'en', t: 'sv' } });
    expect(sv.data!.glossary).toEqual([expect.objectContaining({ source: 'united nations', target: 'Förenta nationerna', note: null })]);
  });

  it('an editor deletes a term; deleting it again (or an unknown id) answers false', async () => {
    const term = await t.gql(UPSERT, { key: editor, variables: { input: { sourceLocale: 'en', targetLocale: 'es', source: 'Lahore', target: 'Lahore' } } });
    const id = term.data!.upsertGlossaryTerm.id;
    expect((await t.gql(DELETE, { key: editor, variables: { id } })).data!.deleteGlossaryTerm).toBe(true);
    expect((await t.gql(DELETE, { key: editor, variables: { id } })).data!.deleteGlossaryTerm).toBe(false);
    expect((await t.gql(DELETE, { key: editor, variables: { id: 'not-a-uuid' } })).data!.deleteGlossaryTerm).toBe(false);
    expect((await t.gql(LIST, { key: editor, variables: { s: 'en', t: 'es' } })).data!.glossary).toEqual([]);
  });

  it('only editors manage terms; readers without a key see none', async () => {
    const input = { sourceLocale: 'en', targetLocale: 'ur', source: 'Punjab', target: 'پنجاب' };
    expect((await t.gql(UPSERT, { key: translator, variables: { input } })).errors![0].extensions.code).toBe('FORBIDDEN');
    expect((await t.gql(LIST, {})).errors![0].extensions.code).toBe('UNAUTHENTICATED');
    const listed = await t.gql(LIST, { key: editor, variables: { s: 'en', t: 'ur' } });
    expect((await t.gql(DELETE, { key: translator, variables: { id: listed.data!.glossary[0].id } })).errors![0].extensions.code).toBe('FORBIDDEN');
  });

  it('refuses bad terms with a translated message', async () => {
    const same = await t.gql(UPSERT, { key: editor, lang: 'fr', variables: { input: { sourceLocale: 'en', targetLocale: 'en', source: 'a', target: 'b' } } });
    expect(same.errors![0].extensions.code).toBe('BAD_USER_INPUT');
    expect(same.errors![0].message).toBe('Un terme du glossaire relie deux langues différentes (ici les deux sont « en »).');
    const empty = await t.gql(UPSERT, { key: editor, variables: { input: { sourceLocale: 'en', targetLocale: 'ur', source: '  ', target: 'x' } } });
    expect(empty.errors![0]).toMatchObject({ message: 'A glossary term needs both the source term and its rendering.', extensions: { code: 'BAD_USER_INPUT' } });
    const unknown = await t.gql(UPSERT, { key: editor, variables: { input: { sourceLocale: 'en', targetLocale: 'xx', source: 'a', target: 'b' } } });
    expect(unknown.errors![0].extensions.code).toBe('BAD_USER_INPUT');
  });
});
