import 'reflect-metadata';
import { runBackendService } from '@meshplane/service-kit';
import { providersService } from './providers.service-definition.js';

await runBackendService(providersService);
