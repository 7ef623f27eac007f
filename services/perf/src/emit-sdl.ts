import 'reflect-metadata';
import { emitSdlCli } from '@meshplane/service-kit';
import { perfService } from './perf.service-definition.js';

await emitSdlCli(perfService, new URL('../schema.graphql', import.meta.url));
