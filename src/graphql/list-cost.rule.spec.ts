import { buildSchema, parse, specifiedRules, validate } from 'graphql';
import { listCostRule } from './list-cost.rule';

const schema = buildSchema(`
  type Query { articles(first: Int = 20, after: String): ArticleConnection!, tags: [String!]!, section: Section }
  type Section { slug: String!, articles(first: Int = 20): ArticleConnection! }
  type ArticleConnection { totalCount: Int!, pageInfo: PageInfo!, edges: [ArticleEdge!]! }
  type PageInfo { hasNextPage: Boolean! }
  type ArticleEdge { cursor: String!, node: Article! }
  type Article { id: ID!, title: String!, mentions(first: Int = 20): MentionConnection!, translations: [Translation!]! }
  type Translation { locale: String!, title: String! }
  type MentionConnection { edges: [MentionEdge!]! }
  type MentionEdge { node: Mention! }
  type Mention { url: String! }
`);

/** The cost the rule computes, read back from its message (the limit 0 makes it report every query). */
function costOf(query: string): number {
  const errors = validate(schema, parse(query), [...specifiedRules, listCostRule(0)]);
  const match = /^Query cost (\d+) /.exec(errors[0]?.message ?? '');
  if (!match) throw new Error(`no cost reported: ${errors.map((e) => e.message).join('; ')}`);
  return Number(match[1]);
}

describe('listCostRule', () => {
  it('multiplies what a list contains by first:', () => {
    // articles 1 + totalCount 1 + edges (1 + n x (node 1 + id 1 + title 1))
    expect(costOf('{ articles(first: 10) { totalCount edges { node { id title } } } }')).toBe(1 + 1 + 1 + 10 * 3);
    expect(costOf('{ articles(first: 100) { totalCount edges { node { id title } } } }')).toBe(1 + 1 + 1 + 100 * 3);
  });

  it('uses the argument default when first: is not given, and the largest page for a variable', () => {
    expect(costOf('{ articles { edges { node { id } } } }')).toBe(1 + 1 + 20 * 2);
    expect(costOf('query ($n: Int) { articles(first: $n) { edges { node { id } } } }')).toBe(1 + 1 + 100 * 2);
  });

  it('multiplies nested pages, so a page of pages costs their product', () => {
    const nested = '{ articles(first: 100) { edges { node { mentions(first: 100) { edges { node { url } } } } } } }';
    // articles 1 + edges 1 + 100 x (node 1 + mentions 1 + edges 1 + 100 x (node 1 + url 1))
    expect(costOf(nested)).toBe(2 + 100 * (3 + 100 * 2));
  });

  it('counts a plain list once and fragments like inline fields', () => {
    expect(costOf('{ tags }')).toBe(1);
    expect(costOf('{ articles(first: 2) { edges { node { translations { locale } } } } }')).toBe(2 + 2 * (1 + 1 + 1));
    const viaFragment = 'query { articles(first: 5) { edges { ...E } } } fragment E on ArticleEdge { cursor node { id } }';
    expect(costOf(viaFragment)).toBe(costOf('{ articles(first: 5) { edges { cursor node { id } } } }'));
  });

  it('lets a query under the limit through and refuses one over it', () => {
    const page = parse('{ articles(first: 100) { edges { node { id title } } } }');
    expect(validate(schema, page, [listCostRule(1000)])).toEqual([]);
    const errors = validate(schema, page, [listCostRule(200)]);
    expect(errors.map((e) => e.message)).toEqual(['Query cost 302 is over the limit of 200: ask for smaller pages.']);
  });
});
