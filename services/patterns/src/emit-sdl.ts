import 'reflect-metadata';
import { emitSdlCli } from '@meshplane/service-kit';
import { patternsService } from './patterns.service-definition.js';

await emitSdlCli(patternsService, new URL('../schema.graphql', import.meta.url));
