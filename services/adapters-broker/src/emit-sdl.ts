import 'reflect-metadata';
import { emitSdlCli } from '@meshplane/service-kit';
import { adaptersBrokerService } from './adapters-broker.service-definition.js';

await emitSdlCli(adaptersBrokerService, new URL('../schema.graphql', import.meta.url));
