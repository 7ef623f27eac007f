import 'reflect-metadata';
import { emitSdlCli } from '@meshplane/service-kit';
import { conformanceService } from './conformance.service-definition.js';

await emitSdlCli(conformanceService, new URL('../schema.graphql', import.meta.url));
