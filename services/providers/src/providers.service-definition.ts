import { providersSystemLogConsumer, systemStream } from '@meshplane/contracts';
import { defineBackendService, packageVersion } from '@meshplane/service-kit';
import { TENANCY_ENTITIES, TENANCY_MIGRATIONS, TenancyModule } from '@meshplane/tenancy';
import {
  IDENTITY_CONFIG_SHAPE,
  IDENTITY_ENTITIES,
  IDENTITY_MIGRATIONS,
  IdentityModule,
} from '@meshplane/identity';
import { SystemEventEntity } from './system-events/entities/system-event.entity.js';
import { SystemEventsModule } from './system-events/system-events.module.js';
import { MIGRATIONS } from './migrations/index.js';

/** providers: identity, organizations, workspaces, environments and the platform event log. */
export const providersService = defineBackendService({
  name: 'providers',
  version: packageVersion(import.meta.url),
  defaultPort: 4101,
  configShape: { ...IDENTITY_CONFIG_SHAPE },
  entities: [SystemEventEntity, ...TENANCY_ENTITIES, ...IDENTITY_ENTITIES],
  migrations: [...MIGRATIONS, ...TENANCY_MIGRATIONS, ...IDENTITY_MIGRATIONS],
  streams: [],
  consumers: [providersSystemLogConsumer],
  /** The systemEvents subscription follows SYSTEM live. */
  liveStreams: [systemStream],
  features: [SystemEventsModule, TenancyModule, IdentityModule.forRoot()],
});
