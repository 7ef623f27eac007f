export {
  DEFAULT_CLIENT,
  startRemoteProvider,
  type RemoteProviderHandle,
  type RemoteProviderOptions,
} from './remote-provider.server.js';
export { DEMO_USERS, type SeedUser } from './users/user.store.js';
export type { OAuthClient } from './oauth/token.service.js';
export type { ResourceServerCredentials } from './oauth/oauth.routes.js';
export type { ExtensionPoint } from './capabilities.js';
export { runContractSuite, type ContractResult } from './contract/contract-suite.js';
export { CONTRACT_CHECKS, type ContractCheck } from './contract/contract-checks.js';
export type { ContractTarget } from './contract/contract-client.js';
