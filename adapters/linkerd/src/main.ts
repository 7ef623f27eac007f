import { createAdapterServer, loadAdapterConfig } from '@meshplane/adapters-sdk';
import { LINKERD_ENV_PREFIX, LINKERD_SAMPLES, linkerdAdapter } from './linkerd-adapter.js';

const config = loadAdapterConfig(LINKERD_ENV_PREFIX, {
  port: 50072,
  name: 'linkerd-adapter',
  samples: LINKERD_SAMPLES,
});
const server = createAdapterServer(linkerdAdapter(config), config.server);
const port = await server.listen(config.address);
console.log(
  `linkerd-adapter listening on ${config.address.replace(/:\d+$/, '')}:${port}; state in ${config.stateDir}`,
);
const stop = () => void server.close().then(() => process.exit(0));
process.on('SIGTERM', stop);
process.on('SIGINT', stop);
