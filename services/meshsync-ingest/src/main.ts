import 'reflect-metadata';
import { runBackendService } from '@meshplane/service-kit';
import { meshsyncIngestService } from './meshsync-ingest.service-definition.js';

await runBackendService(meshsyncIngestService);
