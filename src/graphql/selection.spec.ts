import { Kind, parse, type FieldNode, type FragmentDefinitionNode, type OperationDefinitionNode } from 'graphql';
import { operationSelects, selectsNodeFields } from './selection';

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

/** The operation and fragments of a document, as graphql-js hands them to every resolver. */
const operationInfo = (query: string) => {
  const definitions = parse(query).definitions;
  const fragments = definitions.filter((d): d is FragmentDefinitionNode => d.kind === Kind.FRAGMENT_DEFINITION);
  return {
    operation: definitions.find((d): d is OperationDefinitionNode => d.kind === Kind.OPERATION_DEFINITION)!,
    fragments: Object.fromEntries(fragments.map((f) => [f.name.value, f])),
  };
};

describe('operationSelects', () => {
  const BODY = ['bodyHtml'];

  it('finds a field at any depth, under an alias, in an inline fragment', () => {
    expect(operationSelects(operationInfo('{ articles { edges { node { translation { bodyHtml } } } } }'), BODY)).toBe(true);
    expect(operationSelects(operationInfo('{ article(id: "1") { translations { b: bodyHtml } } }'), BODY)).toBe(true);
    expect(operationSelects(operationInfo('{ articles { edges { node { ... on Article { translation { bodyHtml } } } } } }'), BODY)).toBe(true);
  });

  it('finds a field in a named fragment, used or not', () => {
    expect(operationSelects(operationInfo('{ articles { edges { node { ...A } } } } fragment A on Article { translation { bodyHtml } }'), BODY)).toBe(true);
    expect(operationSelects(operationInfo('{ articles { totalCount } } fragment Unused on Translation { bodyHtml }'), BODY)).toBe(true);
  });

  it('is false when no field has the name (an alias named like it does not count)', () => {
    expect(operationSelects(operationInfo('{ articles { edges { node { translation { title summary } } } } }'), BODY)).toBe(false);
    expect(operationSelects(operationInfo('{ articles { edges { node { bodyHtml: id } } } }'), BODY)).toBe(false);
  });

  it('answers again from what it collected for the same parsed operation', () => {
    const info = operationInfo('{ articles { edges { node { translation { bodyHtml } } } } }');
    expect(operationSelects(info, BODY)).toBe(true);
    expect(operationSelects(info, ['title'])).toBe(false);
    expect(operationSelects(info, ['translation'])).toBe(true);
  });
});
