import 'reflect-metadata';
import { runBackendService } from '@meshplane/service-kit';
import { patternsService } from './patterns.service-definition.js';

await runBackendService(patternsService);
