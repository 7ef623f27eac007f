import {
  type Cluster,
  type Context,
  KubeConfig,
  type RequestContext,
  type User,
} from '@kubernetes/client-node';
import { type RequestOptions } from 'node:https';
import { type SanitizedContext } from '../kubeconfig/sanitized-context.js';
import { type ServerUrlPolicy } from '../server-policy/server-url.policy.js';
import { policyAgentLike } from './policy-agents.js';

/**
 * A KubeConfig whose every HTTP agent vets the address of each connection against the server URL policy: the
 * probe (client-node API calls) and discovery (`applyToHTTPSOptions` + node:http) both get their agents here.
 */
export class GuardedKubeConfig extends KubeConfig {
  constructor(readonly policy: ServerUrlPolicy) {
    super();
  }

  override async applyToHTTPSOptions(opts: Parameters<KubeConfig['applyToHTTPSOptions']>[0]): Promise<void> {
    await super.applyToHTTPSOptions(opts);
    const options = opts as RequestOptions;
    options.agent = policyAgentLike(options.agent, this.policy);
  }

  override async applySecurityAuthentication(context: RequestContext): Promise<void> {
    await super.applySecurityAuthentication(context);
    context.setAgent(policyAgentLike(context.getAgent(), this.policy));
  }
}

/**
 * A client-node KubeConfig holding exactly one context, built field by field from a sanitized context:
 * no `exec`, `authProvider`, file paths, proxy or impersonation can be present because none is copied.
 * Never `loadFromString` user text: client-node would honour every one of those. Its connections follow `policy`.
 */
export function buildKubeConfig(ctx: SanitizedContext, policy: ServerUrlPolicy): GuardedKubeConfig {
  const { cluster, user } = ctx;
  const clusters: Cluster[] = [
    {
      name: cluster.name,
      server: cluster.server,
      skipTLSVerify: cluster.insecureSkipTlsVerify,
      ...(cluster.certificateAuthorityData !== undefined && { caData: cluster.certificateAuthorityData }),
      ...(cluster.tlsServerName !== undefined && { tlsServerName: cluster.tlsServerName }),
    },
  ];
  const users: User[] = [
    {
      name: user.name,
      ...(user.token !== undefined && { token: user.token }),
      ...(user.clientCertificateData !== undefined && { certData: user.clientCertificateData }),
      ...(user.clientKeyData !== undefined && { keyData: user.clientKeyData }),
      ...(user.username !== undefined && { username: user.username, password: user.password }),
    },
  ];
  const contexts: Context[] = [
    {
      name: ctx.name,
      cluster: cluster.name,
      user: user.name,
      ...(ctx.namespace !== undefined && { namespace: ctx.namespace }),
    },
  ];
  const kc = new GuardedKubeConfig(policy);
  kc.loadFromOptions({ clusters, users, contexts, currentContext: ctx.name });
  return kc;
}
