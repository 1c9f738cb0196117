import { parse, type FieldNode, type OperationDefinitionNode } from 'graphql';
import { selectsNodeFields } from './selection';

const NEEDS = new Set(['translation', 'section']);
/** The root field of a query, as graphql-js hands it to the resolver. */
const info = (query: string) => ({
  fieldNodes: [(parse(query).definitions[0] as OperationDefinitionNode).selectionSet.selections[0] as FieldNode],
});

describe('selectsNodeFields', () => {
  it('is true when a node selects one of the fields, under an alias too', () => {
    expect(selectsNodeFields(info('{ articles { edges { node { id translation { title } } } } }'), NEEDS)).toBe(true);
    expect(selectsNodeFields(info('{ articles { edges { cursor n: node { s: section { slug } } } } }'), NEEDS)).toBe(true);
  });

  it('is false when nodes select none of them, or no node is selected', () => {
    expect(selectsNodeFields(info('{ articles { edges { node { id publishedAt } } } }'), NEEDS)).toBe(false);
    expect(selectsNodeFields(info('{ articles { totalCount pageInfo { hasNextPage } } }'), NEEDS)).toBe(false);
    expect(selectsNodeFields(info('{ articles { edges { cursor } } }'), NEEDS)).toBe(false);
  });

  it('is true when a fragment could select them, at any level', () => {
    expect(selectsNodeFields(info('{ articles { ...F } } fragment F on ArticleConnection { totalCount }'), NEEDS)).toBe(true);
    expect(selectsNodeFields(info('{ articles { edges { ... on ArticleEdge { cursor } } } }'), NEEDS)).toBe(true);
    expect(selectsNodeFields(info('{ articles { edges { node { id ...A } } } } fragment A on Article { id }'), NEEDS)).toBe(true);
  });
});
