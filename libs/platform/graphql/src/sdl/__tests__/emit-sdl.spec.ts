import 'reflect-metadata';
import { Injectable, Module, type DynamicModule } from '@nestjs/common';
import { Args, Field, ID, ObjectType, Query, Resolver } from '@nestjs/graphql';
import { describe, expect, it } from 'vitest';
import { createStatusResolver } from '../../subgraph/status.resolver.js';
import { collectResolvers, renderSubgraphSdl } from '../emit-sdl.js';

@ObjectType()
class Gadget {
  @Field(() => ID)
  id!: string;

  @Field()
  label!: string;
}

/** Deliberately provided by no module below: rendering must not need it. */
@Injectable()
class GadgetStore {
  find(id: string): Gadget {
    return { id, label: 'real' };
  }
}

@Resolver(() => Gadget)
class GadgetResolver {
  constructor(private readonly store: GadgetStore) {}

  @Query(() => Gadget, { nullable: true })
  gadget(@Args('id', { type: () => ID }) id: string): Gadget {
    return this.store.find(id);
  }
}

@Resolver()
class PingResolver {
  @Query(() => String)
  ping(): string {
    return 'pong';
  }
}

@Resolver()
class DynamicResolver {
  @Query(() => Boolean)
  dynamicFlag(): boolean {
    return true;
  }
}

@Injectable()
class NotAResolver {}

@Module({ providers: [PingResolver, NotAResolver] })
class PingModule {}

@Module({ imports: [PingModule], providers: [GadgetResolver, NotAResolver] })
class GadgetModule {}

@Module({})
class ConfigurableModule {
  static forFeature(): DynamicModule {
    return { module: ConfigurableModule, imports: [PingModule], providers: [DynamicResolver] };
  }
}

describe('collectResolvers', () => {
  it('finds resolvers in the modules and the modules they import, ignoring other providers', () => {
    expect(collectResolvers([GadgetModule])).toEqual([GadgetResolver, PingResolver]);
  });

  it("finds the resolvers of a dynamic module's own providers and imports", () => {
    expect(collectResolvers([ConfigurableModule.forFeature()])).toEqual([DynamicResolver, PingResolver]);
  });

  it('lists a resolver once when its module is imported from several places', () => {
    expect(collectResolvers([GadgetModule, PingModule, ConfigurableModule.forFeature()])).toEqual([
      GadgetResolver,
      PingResolver,
      DynamicResolver,
    ]);
  });

  it('finds nothing in a module without resolvers', () => {
    @Module({ providers: [NotAResolver] })
    class PlainModule {}

    expect(collectResolvers([PlainModule])).toEqual([]);
  });
});

describe('renderSubgraphSdl', () => {
  it('prints a federation v2 SDL even though a resolver dependency is provided nowhere', async () => {
    const sdl = await renderSubgraphSdl({ modules: [GadgetModule] });

    expect(sdl).toContain('@link(url: "https://specs.apollo.dev/federation/v2');
    expect(sdl).toMatch(/type Query \{[^}]*gadget\(id: ID!\): Gadget\n[^}]*ping: String!/);
    expect(sdl).toMatch(/type Gadget \{\s+id: ID!\s+label: String!\s+\}/);
    expect(sdl.endsWith('}\n')).toBe(true);
  });

  it('adds resolvers given outside the modules, such as the status resolver', async () => {
    const sdl = await renderSubgraphSdl({
      modules: [PingModule],
      resolvers: [createStatusResolver('gadget-shop')],
    });

    expect(sdl).toMatch(/gadgetShopStatus: ServiceStatus!/);
    expect(sdl).toMatch(/type ServiceStatus\s+@shareable\s+\{/);
  });
});
