import 'reflect-metadata';
import { migrateCli } from '@meshplane/service-kit';
import { meshsyncIngestService } from './meshsync-ingest.service-definition.js';

await migrateCli(meshsyncIngestService);
