import { credentials, type ChannelCredentials, type ChannelOptions } from '@grpc/grpc-js';
import { type CheckedAdapterAddress } from '../address/adapter-address.policy.js';
import type { ClientIdentity } from '../config/registry.config.js';
import type { AdapterTls } from '../entities/adapter-catalogue.js';

/**
 * How every channel to an adapter is opened (checks and operations): to the address the policy checked, TLS with
 * the adapter's CA when registered with one (presenting the broker's client certificate when it has one: mTLS), and
 * no channel-level retries (callers decide what is retried).
 */
export function adapterChannel(
  target: CheckedAdapterAddress,
  tls: AdapterTls | null,
  reconnectBackoffMs: number,
  identity?: ClientIdentity,
): { credentials: ChannelCredentials; options: ChannelOptions } {
  return {
    credentials: tls
      ? credentials.createSsl(
          Buffer.from(tls.caPem),
          identity?.privateKey ?? null,
          identity?.certChain ?? null,
        )
      : credentials.createInsecure(),
    options: {
      'grpc.default_authority': tls?.serverName ?? target.authority.replace(/:\d+$/, ''),
      ...(tls && { 'grpc.ssl_target_name_override': tls.serverName ?? hostOf(target.authority) }),
      'grpc.enable_retries': 0,
      'grpc.initial_reconnect_backoff_ms': reconnectBackoffMs,
    },
  };
}

function hostOf(authority: string): string {
  const host = authority.replace(/:\d+$/, '');
  return host.startsWith('[') ? host.slice(1, -1) : host;
}
