import { TypeMetadataStorage, type GqlTypeReference } from '@nestjs/graphql';

export interface FieldArgOptions {
  type: () => GqlTypeReference;
  nullable?: boolean;
  defaultValue?: unknown;
  description?: string;
}

/**
 * Declares a field resolver's arguments in the schema only, for hot fields whose method takes graphql-js's
 * own (parent, args, context). Nest's @Args also registers a parameter to inject, and any injected
 * parameter makes Nest run its per-call context machinery (param factories, pipes) around the method on
 * every resolved field: 20 times a page for an article's translation and its section's name. Without
 * one, Nest binds the method itself (canUseFastFieldResolver in @nestjs/graphql's resolvers explorer).
 * The schema is the same as with @Args (`npm run schema:check`, run by CI, compares it with schema.gql).
 */
export function FieldArgs(args: Record<string, FieldArgOptions>): MethodDecorator {
  return (target, methodName) => {
    // Stored in reverse: the storage prepends each one, and the schema keeps the declared order.
    for (const [name, { type, description, ...options }] of Object.entries(args).reverse()) {
      TypeMetadataStorage.addMethodParamMetadata({
        kind: 'arg',
        name,
        description,
        target: target.constructor,
        methodName: String(methodName),
        typeFn: type,
        index: 0, // the position of an injected parameter: there is none
        options,
      });
    }
  };
}
