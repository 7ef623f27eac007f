import 'reflect-metadata';
import { Module } from '@nestjs/common';
import { Args, ArgsType, Field, ID, InputType, ObjectType, Query, Resolver } from '@nestjs/graphql';
import { parse, print } from 'graphql';
import { describe, expect, it } from 'vitest';
import { composeSupergraph } from '../../composition/compose-supergraph.js';
import { JSONScalar } from '../../scalars/json.scalar.js';
import { renderSubgraphSdl } from '../../sdl/emit-sdl.js';
import { connectionOf, type Connection, type Page } from '../connection.js';
import { PageArgs } from '../page-args.js';
import { SortDirection } from '../sort-direction.enum.js';

@ObjectType()
class Widget {
  @Field(() => ID)
  id!: string;

  @Field(() => JSONScalar)
  spec!: unknown;
}

@ObjectType('WidgetConnection')
class WidgetConnection extends connectionOf(Widget, 'Widget') {}

@InputType()
class WidgetSort {
  @Field(() => SortDirection, { defaultValue: SortDirection.ASC })
  direction!: SortDirection;
}

@ArgsType()
class WidgetsArgs extends PageArgs {
  @Field(() => WidgetSort, { nullable: true })
  sort?: WidgetSort | null;
}

@Resolver()
class WidgetsResolver {
  @Query(() => WidgetConnection)
  widgets(@Args() _args: WidgetsArgs): Connection<Widget> {
    throw new Error('not called');
  }
}

@ObjectType()
class Gizmo {
  @Field(() => ID)
  id!: string;
}

@ObjectType('GizmoLog')
class GizmoLog extends connectionOf(Gizmo, 'Gizmo', { totalCount: false }) {}

@InputType()
class GizmoSort {
  @Field(() => SortDirection, { defaultValue: SortDirection.DESC })
  direction!: SortDirection;
}

@Resolver()
class GizmosResolver {
  @Query(() => GizmoLog)
  gizmos(
    @Args() _page: PageArgs,
    @Args('sort', { type: () => GizmoSort, nullable: true }) _sort: GizmoSort | null,
    @Args('data', { type: () => JSONScalar, nullable: true }) _data: unknown,
  ): Page<Gizmo> {
    throw new Error('not called');
  }
}

@Module({ providers: [WidgetsResolver] })
class WidgetsModule {}

@Module({ providers: [GizmosResolver] })
class GizmosModule {}

describe('the shared list types', () => {
  it('give every list the same first/after arguments, PageInfo, SortDirection and JSON', async () => {
    const sdl = await renderSubgraphSdl({ modules: [WidgetsModule] });

    expect(sdl).toMatch(/widgets\(\s*"""Page size, 1 to 100\."""\s*first: Int! = 20/);
    expect(sdl).toMatch(/after: String\s+sort: WidgetSort\s*\): WidgetConnection!/);
    expect(sdl).toMatch(/type PageInfo\s+@shareable\s+\{/);
    expect(sdl).toMatch(/type WidgetConnection \{[^}]*pageInfo: PageInfo![^}]*totalCount: Int!/);
    expect(sdl).toMatch(/type WidgetEdge \{\s+cursor: String!\s+node: Widget!\s+\}/);
    expect(sdl).toMatch(/enum SortDirection \{\s+ASC\s+DESC\s+\}/);
    expect(sdl).toMatch(/scalar JSON\b/);
  });

  it('leave totalCount out of lists that cannot count', async () => {
    const sdl = await renderSubgraphSdl({ modules: [GizmosModule] });

    expect(sdl).toMatch(/type GizmoLog \{\s+edges: \[GizmoEdge!\]!\s+pageInfo: PageInfo!\s+\}/);
  });

  it('compose when several subgraphs declare them', async () => {
    // Nest puts every type loaded in this process in each schema it builds, so the second subgraph is made of
    // the shared definitions exactly as the first one prints them, plus a list of its own.
    const widgets = await renderSubgraphSdl({ modules: [WidgetsModule] });
    const shared = parse(widgets).definitions.filter(
      (definition) =>
        'name' in definition && ['PageInfo', 'SortDirection', 'JSON'].includes(definition.name?.value ?? ''),
    );
    expect(shared).toHaveLength(3);
    const others = [
      'extend schema @link(url: "https://specs.apollo.dev/federation/v2.3", import: ["@shareable"])',
      ...shared.map((definition) => print(definition)),
      'type OtherPage { pageInfo: PageInfo! data: JSON }',
      'type Query { others(direction: SortDirection = ASC): OtherPage! }',
    ].join('\n');
    const url = (port: number) => `http://127.0.0.1:${port}/graphql`;

    const supergraph = composeSupergraph([
      { name: 'widgets', url: url(4201), sdl: widgets },
      { name: 'others', url: url(4202), sdl: others },
    ]);

    expect(supergraph).toMatch(
      /type PageInfo\s+@join__type\(graph: OTHERS\)\s+@join__type\(graph: WIDGETS\)/,
    );
    expect(supergraph).toMatch(
      /enum SortDirection\s+@join__type\(graph: OTHERS\)\s+@join__type\(graph: WIDGETS\)/,
    );
    expect(supergraph).toMatch(/scalar JSON\s+@join__type\(graph: OTHERS\)\s+@join__type\(graph: WIDGETS\)/);
  });

  it('would not compose a PageInfo that is not shareable', async () => {
    const widgets = await renderSubgraphSdl({ modules: [WidgetsModule] });
    const others = [
      'extend schema @link(url: "https://specs.apollo.dev/federation/v2.3", import: ["@shareable"])',
      'type PageInfo { hasNextPage: Boolean! endCursor: String }',
      'type Query { others: PageInfo! }',
    ].join('\n');

    expect(() =>
      composeSupergraph([
        { name: 'widgets', url: 'http://127.0.0.1:4201/graphql', sdl: widgets },
        { name: 'others', url: 'http://127.0.0.1:4202/graphql', sdl: others },
      ]),
    ).toThrow(/PageInfo\.hasNextPage/);
  });
});
