export { startGateway, GRAPHQL_PATH, type GatewayOptions, type RunningGateway } from './gateway.server.js';
export {
  loadGatewayConfig,
  gatewayEnvSchema,
  subgraphUrlVariable,
  type GatewayConfig,
} from './config/gateway.config.js';
