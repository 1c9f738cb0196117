import { Kind, type FieldNode, type GraphQLResolveInfo, type OperationDefinitionNode, type SelectionSetNode } from 'graphql';

/**
 * Whether a connection's query selects any of `fields` on its nodes (`edges { node { ... } }`), so that a
 * resolver can load what they need together with the page, and skip it when nobody asked. Fragments are
 * not followed: a selection with one answers true (loading unasked costs a statement, never a wrong answer).
 */
export function selectsNodeFields(info: Pick<GraphQLResolveInfo, 'fieldNodes'>, fields: ReadonlySet<string>): boolean {
  return info.fieldNodes.some((connection) => {
    const edges = fieldsNamed(connection.selectionSet, 'edges');
    if (edges === 'unknown') return true;
    return edges.some((edge) => {
      const nodes = fieldsNamed(edge.selectionSet, 'node');
      if (nodes === 'unknown') return true;
      return nodes.some((node) => {
        const selections = node.selectionSet?.selections ?? [];
        return selections.some((s) => s.kind !== Kind.FIELD || fields.has(s.name.value));
      });
    });
  });
}

/** The fields of a selection named `name`, or 'unknown' when fragments may hold more of them. */
function fieldsNamed(set: SelectionSetNode | undefined, name: string): FieldNode[] | 'unknown' {
  const selections = set?.selections ?? [];
  if (selections.some((s) => s.kind !== Kind.FIELD)) return 'unknown';
  return selections.filter((s): s is FieldNode => s.kind === Kind.FIELD && s.name.value === name);
}

const fieldNamesOf = new WeakMap<OperationDefinitionNode, ReadonlySet<string>>();

/**
 * Whether the request's operation selects a field named one of `names` anywhere: under an alias, at any
 * depth, in any fragment of its document (used or not). When false, a resolver may leave what only those
 * fields show unread. The names are collected once per parsed operation: Apollo keeps parsed documents, so
 * a repeated query pays a lookup.
 */
export function operationSelects(info: Pick<GraphQLResolveInfo, 'operation' | 'fragments'>, names: readonly string[]): boolean {
  let selected = fieldNamesOf.get(info.operation);
  if (!selected) {
    const found = new Set<string>();
    const walk = (set: SelectionSetNode | undefined): void => {
      for (const s of set?.selections ?? []) {
        if (s.kind === Kind.FIELD) found.add(s.name.value);
        if (s.kind !== Kind.FRAGMENT_SPREAD) walk(s.selectionSet);
      }
    };
    walk(info.operation.selectionSet);
    for (const fragment of Object.values(info.fragments)) walk(fragment.selectionSet);
    selected = found;
    fieldNamesOf.set(info.operation, selected);
  }
  return names.some((name) => selected.has(name));
}
