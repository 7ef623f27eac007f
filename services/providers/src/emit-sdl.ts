import 'reflect-metadata';
import { emitSdlCli } from '@meshplane/service-kit';
import { providersService } from './providers.service-definition.js';

await emitSdlCli(providersService, new URL('../schema.graphql', import.meta.url));
