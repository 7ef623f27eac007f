import 'reflect-metadata';
import { migrateCli } from '@meshplane/service-kit';
import { perfService } from './perf.service-definition.js';

await migrateCli(perfService);
