import 'reflect-metadata';
import { runBackendService } from '@meshplane/service-kit';
import { perfService } from './perf.service-definition.js';

await runBackendService(perfService);
