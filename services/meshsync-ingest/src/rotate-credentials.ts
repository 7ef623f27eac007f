import 'reflect-metadata';
import { rotateCredentials, rotateCredentialsConfigShape } from '@meshplane/meshsync-connections';
import { runCommand } from '@meshplane/service-kit';
import { meshsyncIngestService } from './meshsync-ingest.service-definition.js';

await runCommand('rotate-credentials', rotateCredentialsConfigShape, (config) =>
  rotateCredentials(meshsyncIngestService, config),
);
