import 'reflect-metadata';
import { runBackendService } from '@meshplane/service-kit';
import { conformanceService } from './conformance.service-definition.js';

await runBackendService(conformanceService);
