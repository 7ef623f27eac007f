import 'reflect-metadata';
import { migrateCli } from '@meshplane/service-kit';
import { patternsService } from './patterns.service-definition.js';

await migrateCli(patternsService);
