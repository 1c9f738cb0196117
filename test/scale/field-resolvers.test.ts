import { GraphQLSchemaHost } from '@nestjs/graphql';
import type { GraphQLObjectType } from 'graphql';
import { addTranslation, makeArticle, makeSection } from '../support/factories';
import { TestApp } from '../support/test-app';

/**
 * The fields resolved once per article of a page are bound by Nest as plain methods, not wrapped in its
 * per-call context (param factories, pipes): that wrapper was a quarter of a list page's allocations.
 * Nest binds a method only when it injects no parameter (@FieldArgs declares arguments in the schema only).
 */
describe('hot field resolvers', () => {
  let t: TestApp;

  beforeAll(async () => {
    t = await TestApp.start();
  });
  afterAll(() => t.close());

  const resolverName = (type: string, field: string) =>
    (t.app.get(GraphQLSchemaHost).schema.getType(type) as GraphQLObjectType).getFields()[field].resolve?.name;

  it.each([
    ['Article', 'translation'],
    ['Article', 'section'],
    ['Article', 'missingLocales'],
    ['Section', 'name'],
  ])('%s.%s is the method itself', (type, field) => {
    expect(resolverName(type, field)).toMatch(new RegExp(`^(bound )+${field}$`));
  });

  it('Article.translation and Section.name take their arguments, and say when a locale is unknown', async () => {
    const admin = await t.key('ADMIN');
    const section = await makeSection(t, admin, { names: { en: 'Sweden', fr: 'Suède' } });
    const { id } = await makeArticle(t, admin, section.slug, { title: 'In English' });
    await addTranslation(t, id, 'fr', 'En français');
    const read = (args: string) =>
      t.gql(`query($id: ID!) { article(id: $id) { translation${args} { locale title isFallback } section { name(locale: "fr") } } }`, { variables: { id } });

    const fr = await read('(locale: "fr")');
    expect(fr.errors).toBeUndefined();
    expect(fr.data!.article).toEqual({ translation: { locale: 'fr', title: 'En français', isFallback: false }, section: { name: 'Suède' } });
    expect((await read('(locale: "es")')).data!.article.translation).toMatchObject({ locale: 'en', isFallback: true });
    expect((await read('(locale: "es", fallback: false)')).data!.article.translation).toBeNull();

    const bad = await read('(locale: "xx-nope")');
    expect(bad.errors?.[0]?.extensions.code).toBe('BAD_USER_INPUT');
    expect(bad.errors?.[0]?.message).toContain('xx-nope');
  });
});
