import { buildSchema, type GraphQLObjectType } from 'graphql';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { ARTICLE_DETAIL_FIELDS } from './article.repository';

/** Article fields answered from a brief row (ArticleBrief) and the request's loaders. */
const FROM_BRIEF_ROW = ['id', 'originalLocale', 'publishedAt', 'section', 'translation', 'translations', 'availableLocales', 'missingLocales'];

describe('ARTICLE_DETAIL_FIELDS', () => {
  it('with the fields a brief row answers, names every field of Article (a new field must be placed in one)', () => {
    const schema = buildSchema(readFileSync(join(__dirname, '..', '..', 'schema.gql'), 'utf8'));
    const fields = Object.keys((schema.getType('Article') as GraphQLObjectType).getFields());
    expect(fields.sort()).toEqual([...FROM_BRIEF_ROW, ...ARTICLE_DETAIL_FIELDS].sort());
  });
});
