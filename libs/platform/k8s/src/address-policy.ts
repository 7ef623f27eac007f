/**
 * The address policy and the HTTP agents that enforce it, without the Kubernetes client (~1 s of CPU to load): for a
 * service that fetches from addresses a tenant names (an OpenID Provider's) and never talks to a cluster.
 */
export { ADDRESS_NOT_ALLOWED } from './server-policy/policy-lookup.js';
export { PolicyHttpAgent, PolicyHttpsAgent } from './client/policy-agents.js';
export type { ServerUrlPolicy } from './server-policy/server-url.policy.js';
