import { Args, ID, Mutation, Query, Resolver } from '@nestjs/graphql';
import {
  type Caller,
  checkOptionalText,
  CurrentCaller,
  decodeCursor,
  encodeCursor,
  isUuid,
  NotFoundError,
  pageOf,
  pageSize,
  requirePermission,
  requireUser,
  type CursorShape,
} from '@meshplane/graphql';
import { AdaptersRepository } from '../persistence/adapters.repository.js';
import { AdapterRegistryService } from '../registry/adapter-registry.service.js';
import { toAdapterModel } from './adapter.mapper.js';
import { AdaptersArgs, RegisterAdapterInput } from './dto/adapters.args.js';
import { Adapter, AdapterPage } from './models/adapter.model.js';

const CURSOR = { order: 'adapters:created:asc', keys: ['timestamp', 'uuid'] } as const satisfies CursorShape;

/** Viewers read (their organization's adapters and the operator's); admins register and remove. */
@Resolver(() => Adapter)
export class AdaptersResolver {
  constructor(
    private readonly registry: AdapterRegistryService,
    private readonly rows: AdaptersRepository,
  ) {}

  @Query(() => AdapterPage, { description: "This organization's adapters and the operator's, oldest first." })
  async adapters(@CurrentCaller() caller: Caller, @Args() args: AdaptersArgs): Promise<AdapterPage> {
    const orgId = requirePermission(caller, 'resources:read');
    const first = pageSize(args.first);
    const mesh = checkOptionalText(args.filter?.mesh, 'filter.mesh', 100);
    const { rows, totalCount } = await this.rows.page(
      orgId,
      { ...(args.filter?.health && { healths: args.filter.health }), ...(mesh !== undefined && { mesh }) },
      { direction: 'ASC', after: decodeCursor(args.after, CURSOR) },
      first + 1,
    );
    const cursorOf = (row: (typeof rows)[number]) =>
      encodeCursor(CURSOR, [row.createdAt.toISOString(), row.id]);
    return { ...pageOf(rows, first, cursorOf, (row) => toAdapterModel(row, caller)), totalCount };
  }

  @Query(() => Adapter, {
    description: 'One adapter with its catalogue; NOT_FOUND when this organization cannot see it.',
  })
  async adapter(
    @CurrentCaller() caller: Caller,
    @Args('id', { type: () => ID }) id: string,
  ): Promise<Adapter> {
    const orgId = requirePermission(caller, 'resources:read');
    const row = isUuid(id) ? await this.rows.find(orgId, id) : null;
    if (!row) throw new NotFoundError('Adapter');
    return toAdapterModel(row, caller);
  }

  @Mutation(() => Adapter, {
    description:
      'Registers an adapter for this organization (admins); its first health check starts at once.',
  })
  async registerAdapter(
    @CurrentCaller() caller: Caller,
    @Args('input') input: RegisterAdapterInput,
  ): Promise<Adapter> {
    const orgId = requirePermission(caller, 'org:manage');
    const row = await this.registry.register({
      orgId,
      userId: requireUser(caller),
      address: input.address,
      tls: input.tls ?? null,
    });
    return toAdapterModel(row, caller);
  }

  @Mutation(() => Boolean, { description: "Removes one of this organization's adapters (admins)." })
  async unregisterAdapter(
    @CurrentCaller() caller: Caller,
    @Args('id', { type: () => ID }) id: string,
  ): Promise<boolean> {
    const orgId = requirePermission(caller, 'org:manage');
    if (!isUuid(id)) throw new NotFoundError('Adapter');
    return this.registry.unregister(orgId, id);
  }
}
