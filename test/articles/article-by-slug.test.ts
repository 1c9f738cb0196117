import { addTranslation, makeArticle, makeSection } from '../support/factories';
import { TestApp } from '../support/test-app';
import { keyNamed } from '../translations/support';

const BY_SLUG = `query($s: String, $slug: String, $l: String) { article(section: $s, slug: $slug, locale: $l) { id section { slug } translation { locale title } } }`;

/** article(section, slug): a slug is unique per section and language, so two languages may share one. */
describe('an article by section and slug', () => {
  let t: TestApp;
  let section: string;
  let original: string;
  let translated: string;

  beforeAll(async () => {
    t = await TestApp.start();
    const editor = await keyNamed(t, 'EDITOR', 'Slug editor');
    section = (await makeSection(t, await keyNamed(t, 'ADMIN', 'Slug admin'))).slug;
    original = (await makeArticle(t, editor, section, { title: 'Shared words' })).id;
    translated = (await makeArticle(t, editor, section, { title: 'Another story' })).id;
    await addTranslation(t, translated, 'fr', 'Shared words');
  });
  afterAll(() => t.close());

  const lookUp = async (slug: string, locale?: string) => {
    const res = await t.gql(BY_SLUG, { variables: { s: section, slug, l: locale ?? null } });
    expect(res.errors).toBeUndefined();
    return res.data!.article as { id: string; section: { slug: string }; translation: { locale: string; title: string } } | null;
  };

  it('finds the original carrying the slug when no language is asked for, with its section', async () => {
    expect(await lookUp('shared-words')).toEqual({ id: original, section: { slug: section }, translation: { locale: 'en', title: 'Shared words' } });
  });

  it('finds the translation of the language asked for when it carries the slug', async () => {
    expect(await lookUp('shared-words', 'fr')).toEqual({ id: translated, section: { slug: section }, translation: { locale: 'fr', title: 'Shared words' } });
  });

  it('falls back to the original carrying the slug when the language asked for has no such slug', async () => {
    expect((await lookUp('shared-words', 'es'))?.id).toBe(original);
  });

  it('is null for a slug nobody carries', async () => {
    expect(await lookUp('no-such-slug')).toBeNull();
  });
});
