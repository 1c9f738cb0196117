import { buildSchema, type GraphQLObjectType } from 'graphql';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { TRANSLATION_DETAIL_FIELDS } from './translation.repository';

/** Translation fields answered from a lean row (TranslationLean) and the request; bodyHtml has its own column. */
const FROM_LEAN_ROW = ['locale', 'direction', 'title', 'summary', 'slug', 'status', 'isOriginal', 'isFallback'];
const FROM_BODY = ['bodyHtml'];
/** Article fields that read translations' detail columns (alternates: their URLs). */
const ARTICLE_FIELDS = ['alternates'];

describe('TRANSLATION_DETAIL_FIELDS', () => {
  const schema = buildSchema(readFileSync(join(__dirname, '..', '..', 'schema.gql'), 'utf8'));

  it('with the fields a lean row answers and the body, names every field of Translation (a new field must be placed in one)', () => {
    const fields = Object.keys((schema.getType('Translation') as GraphQLObjectType).getFields());
    const detail = TRANSLATION_DETAIL_FIELDS.filter((f) => !ARTICLE_FIELDS.includes(f));
    expect(fields.sort()).toEqual([...FROM_LEAN_ROW, ...FROM_BODY, ...detail].sort());
  });

  it('names the Article fields that read a translation column a lean row lacks', () => {
    const article = Object.keys((schema.getType('Article') as GraphQLObjectType).getFields());
    expect(ARTICLE_FIELDS.every((f) => article.includes(f) && TRANSLATION_DETAIL_FIELDS.includes(f))).toBe(true);
  });
});
