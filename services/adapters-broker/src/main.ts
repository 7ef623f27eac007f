import 'reflect-metadata';
import { runBackendService } from '@meshplane/service-kit';
import { adaptersBrokerService } from './adapters-broker.service-definition.js';

await runBackendService(adaptersBrokerService);
