import { createAdapterServer, loadAdapterConfig } from '@meshplane/adapters-sdk';
import { ISTIO_ENV_PREFIX, ISTIO_SAMPLES, istioAdapter } from './istio-adapter.js';

const config = loadAdapterConfig(ISTIO_ENV_PREFIX, {
  port: 50071,
  name: 'istio-adapter',
  samples: ISTIO_SAMPLES,
});
const server = createAdapterServer(istioAdapter(config), config.server);
const port = await server.listen(config.address);
console.log(
  `istio-adapter listening on ${config.address.replace(/:\d+$/, '')}:${port}; state in ${config.stateDir}`,
);
const stop = () => void server.close().then(() => process.exit(0));
process.on('SIGTERM', stop);
process.on('SIGINT', stop);
