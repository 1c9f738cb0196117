import { TestApp } from '../support/test-app';
import { keyNamed, makeArticle, makeSection, REVIEW, SAVE, SUBMIT } from '../translations/support';

const TRANSLATIONS = `query($id: ID!) { article(id: $id) { translations { locale title status } } }`;

/** Article.translations: published ones for everybody; unpublished ones only for those who may work on them. */
describe('Article.translations shows drafts only to those who may work on them', () => {
  let t: TestApp;
  let keys: Record<'editor' | 'admin' | 'publisher' | 'urdu' | 'french' | 'swedish', string>;
  let articleId: string;

  beforeAll(async () => {
    t = await TestApp.start();
    const admin = await keyNamed(t, 'ADMIN', 'Visibility admin');
    const section = (await makeSection(t, admin)).slug;
    keys = {
      admin,
      editor: await keyNamed(t, 'EDITOR', 'Visibility editor'),
      publisher: await keyNamed(t, 'PUBLISHER', 'Visibility publisher', { section }),
      urdu: await keyNamed(t, 'TRANSLATOR', 'Visibility ur', { locales: ['ur'] }),
      french: await keyNamed(t, 'TRANSLATOR', 'Visibility fr', { locales: ['fr'] }),
      swedish: await keyNamed(t, 'TRANSLATOR', 'Visibility sv', { locales: ['sv'] }),
    };
    articleId = (await makeArticle(t, keys.editor, section, { title: 'Visible original' })).id;
    const save = async (key: string, locale: string, title: string, v?: number) => {
      const res = await t.gql(SAVE, { key, variables: { id: articleId, locale, input: { title }, v } });
      expect(res.errors).toBeUndefined();
      return res.data!.saveTranslation as { version: number };
    };
    // Urdu: a draft in progress. French: published, then a revision in the making.
    await save(keys.urdu, 'ur', 'اردو مسودہ');
    const fr = await save(keys.french, 'fr', 'Version publiée');
    expect((await t.gql(SUBMIT, { key: keys.french, variables: { id: articleId, locale: 'fr', v: fr.version } })).errors).toBeUndefined();
    const approved = await t.gql(REVIEW, { key: keys.editor, variables: { id: articleId, locale: 'fr', decision: 'APPROVE' } });
    expect(approved.errors).toBeUndefined();
    const v = approved.data!.reviewTranslation.version as number;
    const revision = await t.gql(SAVE, { key: keys.french, variables: { id: articleId, locale: 'fr', input: { title: 'Révision en cours' }, v } });
    expect(revision.errors).toBeUndefined();
  });
  afterAll(() => t.close());

  const seenBy = async (key?: string) => {
    const res = await t.gql(TRANSLATIONS, { key, variables: { id: articleId } });
    expect(res.errors).toBeUndefined();
    return (res.data!.article.translations as { locale: string; title: string; status: string }[])
      .map((tr) => `${tr.locale}:${tr.status}:${tr.title}`)
      .sort();
  };
  const published = ['en:PUBLISHED:Visible original', 'fr:PUBLISHED:Version publiée'];

  it('anonymous readers and PUBLISHER keys see published translations only', async () => {
    expect(await seenBy()).toEqual(published);
    expect(await seenBy(keys.publisher)).toEqual(published);
  });

  it('a TRANSLATOR sees drafts in its own locales only', async () => {
    const urduDraft = (await seenBy(keys.urdu)).filter((line) => line.startsWith('ur:'));
    expect(urduDraft).toHaveLength(1);
    expect(urduDraft[0]).toMatch(/^ur:(?!PUBLISHED).*:اردو مسودہ$/);
    expect(await seenBy(keys.urdu)).toEqual([...published, urduDraft[0]].sort());
    expect(await seenBy(keys.swedish)).toEqual(published);
    expect(await seenBy(keys.french)).toEqual(published);
  });

  it('EDITOR and ADMIN keys see every draft', async () => {
    const editorView = await seenBy(keys.editor);
    expect(editorView).toHaveLength(3);
    expect(editorView.filter((line) => line.startsWith('ur:'))).toHaveLength(1);
    expect(await seenBy(keys.admin)).toEqual(editorView);
  });

  it('a revision of a published translation is never shown: everybody sees the published text', async () => {
    for (const key of [undefined, keys.french, keys.editor, keys.admin]) {
      const lines = await seenBy(key);
      expect(lines).toContain('fr:PUBLISHED:Version publiée');
      expect(lines.join('\n')).not.toContain('Révision en cours');
    }
  });
});
