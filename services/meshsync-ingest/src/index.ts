export { meshsyncIngestService } from './meshsync-ingest.service-definition.js';
