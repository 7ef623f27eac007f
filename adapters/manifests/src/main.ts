import { createAdapterServer, loadAdapterConfig } from '@meshplane/adapters-sdk';
import { manifestsAdapter } from './manifests-adapter.js';

const config = loadAdapterConfig('MANIFESTS', { port: 50070, name: 'manifests-adapter' });
const server = createAdapterServer(manifestsAdapter(config), config.server);
const port = await server.listen(config.address);
console.log(
  `manifests-adapter listening on ${config.address.replace(/:\d+$/, '')}:${port}; state in ${config.stateDir}`,
);
const stop = () => void server.close().then(() => process.exit(0));
process.on('SIGTERM', stop);
process.on('SIGINT', stop);
