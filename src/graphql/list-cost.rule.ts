import {
  FieldNode,
  getNamedType,
  getNullableType,
  GraphQLError,
  GraphQLField,
  GraphQLNamedType,
  isInterfaceType,
  isListType,
  isObjectType,
  Kind,
  SelectionSetNode,
  ValidationContext,
  ValidationRule,
} from 'graphql';

/** A `first:` given by a variable is not known while validating: count it as the largest page. */
export const LARGEST_PAGE = 100;

/**
 * Query cost where lists multiply: every field costs 1, and the contents of a list cost as many times as
 * the page asked for (`first:`/`last:`, else the argument's default; a plain list without either counts
 * once). So `articles(first: 100) { edges { node { mentions(first: 100) { ... } } } }` costs about
 * 100 x 100 x its fields and is refused, while one full page is not. Reported as a validation error,
 * before any resolver runs.
 */
export function listCostRule(maxCost: number): ValidationRule {
  return (context: ValidationContext) => ({
    OperationDefinition(node) {
      const root = context.getSchema().getRootType(node.operation);
      if (!root) return;
      const cost = new CostCounter(context).selection(root, node.selectionSet, undefined);
      if (cost > maxCost) {
        context.reportError(new GraphQLError(`Query cost ${cost} is over the limit of ${maxCost}: ask for smaller pages.`, { nodes: [node] }));
      }
    },
  });
}

class CostCounter {
  /** A fragment's cost does not depend on where it is spread (pages multiply outside it): count each once. */
  private readonly fragments = new Map<string, number>();
  private readonly visiting = new Set<string>();

  constructor(private readonly context: ValidationContext) {}

  selection(type: GraphQLNamedType, set: SelectionSetNode, page: number | undefined): number {
    let total = 0;
    for (const selection of set.selections) {
      if (selection.kind === Kind.FIELD) total += this.field(type, selection, page);
      else if (selection.kind === Kind.INLINE_FRAGMENT) {
        const condition = selection.typeCondition && this.context.getSchema().getType(selection.typeCondition.name.value);
        total += this.selection(condition ?? type, selection.selectionSet, page);
      } else total += this.fragment(selection.name.value, page);
    }
    return total;
  }

  private field(parent: GraphQLNamedType, node: FieldNode, page: number | undefined): number {
    if (node.name.value.startsWith('__')) return 0;
    const definition = isObjectType(parent) || isInterfaceType(parent) ? parent.getFields()[node.name.value] : undefined;
    if (!definition || !node.selectionSet) return 1; // unknown fields are another rule's business
    const child = getNamedType(definition.type);
    const asked = pageSize(definition, node);
    if (isListType(getNullableType(definition.type))) {
      // The list itself: its contents count once per item of the page that led here (or that it asks for).
      return 1 + (asked ?? page ?? 1) * this.selection(child, node.selectionSet, undefined);
    }
    // A connection: the page size applies to the list inside it (edges, nodes).
    return 1 + this.selection(child, node.selectionSet, asked ?? page);
  }

  private fragment(name: string, page: number | undefined): number {
    if (this.visiting.has(name)) return 0; // cycles are reported by NoFragmentCycles
    const fragment = this.context.getFragment(name);
    if (!fragment) return 0;
    const key = `${name}:${page ?? ''}`;
    const known = this.fragments.get(key);
    if (known !== undefined) return known;
    this.visiting.add(name);
    const type = this.context.getSchema().getType(fragment.typeCondition.name.value);
    const cost = type ? this.selection(type, fragment.selectionSet, page) : 0;
    this.visiting.delete(name);
    this.fragments.set(key, cost);
    return cost;
  }
}

/** The page a field asks for: its first/last argument (a literal, else the largest page), else its default. */
function pageSize(definition: GraphQLField<unknown, unknown>, node: FieldNode): number | undefined {
  for (const name of ['first', 'last']) {
    const argument = definition.args.find((a) => a.name === name);
    if (!argument) continue;
    const given = node.arguments?.find((a) => a.name.value === name);
    if (given?.value.kind === Kind.INT) return Math.max(0, Number(given.value.value));
    if (given?.value.kind === Kind.VARIABLE) return LARGEST_PAGE;
    if (typeof argument.defaultValue === 'number') return argument.defaultValue;
  }
  return undefined;
}
