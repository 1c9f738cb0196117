import { Type } from '@nestjs/common';
import { Field, FieldMiddleware, Int, ObjectType } from '@nestjs/graphql';

@ObjectType()
export class PageInfo {
  @Field()
  hasNextPage: boolean;

  @Field(() => String, { nullable: true })
  endCursor: string | null;
}

export interface Edge<T> {
  cursor: string;
  node: T;
}

/** A count, or how to compute it: a connection pays for its count only when `totalCount` is selected. */
export type TotalCount = number | (() => Promise<number>);

/** Resolves a function-valued totalCount (NestJS's field resolver returns the property as it is). */
const countWhenSelected: FieldMiddleware = async (_ctx, next) => {
  const value = (await next()) as TotalCount;
  return typeof value === 'function' ? value() : value;
};

export interface ConnectionShape<T> {
  edges: Edge<T>[];
  pageInfo: PageInfo;
  totalCount: TotalCount;
}

/** A Relay connection type named `${name}Connection` with `${name}Edge` edges. */
export function Connection<T>(node: Type<T>, name: string) {
  @ObjectType(`${name}Edge`)
  class EdgeType {
    @Field()
    cursor: string;

    @Field(() => node)
    node: T;
  }

  @ObjectType({ isAbstract: true })
  abstract class ConnectionType {
    @Field(() => [EdgeType])
    edges: EdgeType[];

    @Field(() => PageInfo)
    pageInfo: PageInfo;

    @Field(() => Int, { description: 'Counted only when selected', middleware: [countWhenSelected] })
    totalCount: TotalCount;
  }
  return ConnectionType;
}

/** Builds a connection from one page fetched with `size + 1` rows (the extra row says there is a next page). */
export function toConnection<T>(rows: T[], size: number, totalCount: TotalCount, cursorOf: (row: T) => string): ConnectionShape<T> {
  const page = rows.slice(0, size);
  const edges = page.map((node) => ({ cursor: cursorOf(node), node }));
  return {
    edges,
    pageInfo: { hasNextPage: rows.length > size, endCursor: edges.length ? edges[edges.length - 1].cursor : null },
    totalCount,
  };
}
