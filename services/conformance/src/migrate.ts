import 'reflect-metadata';
import { migrateCli } from '@meshplane/service-kit';
import { conformanceService } from './conformance.service-definition.js';

await migrateCli(conformanceService);
