import 'reflect-metadata';
import { rotateCredentialsCli } from '@meshplane/cluster-connections';
import { meshsyncIngestService } from './meshsync-ingest.service-definition.js';

await rotateCredentialsCli(meshsyncIngestService);
