import 'reflect-metadata';
import { emitSdlCli } from '@meshplane/service-kit';
import { meshsyncIngestService } from './meshsync-ingest.service-definition.js';

await emitSdlCli(meshsyncIngestService, new URL('../schema.graphql', import.meta.url));
