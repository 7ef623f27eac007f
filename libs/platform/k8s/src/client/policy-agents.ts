import { Agent as HttpAgent, type AgentOptions, type ClientRequestArgs } from 'node:http';
import { Agent as HttpsAgent, type AgentOptions as HttpsAgentOptions } from 'node:https';
import { isIP, type LookupFunction } from 'node:net';
import { type Duplex } from 'node:stream';
import { addressNotAllowed, policyLookup } from '../server-policy/policy-lookup.js';
import { addressPolicyOf, type ServerUrlPolicy } from '../server-policy/server-url.policy.js';

type ConnectCallback = (error: Error | null, socket: Duplex) => void;

/** An agent that applies the server URL policy to the address of every connection it opens. */
export interface PolicyAgent {
  readonly policy: ServerUrlPolicy;
}

/**
 * Checks the target of one new connection before any socket exists: an IP-literal host here (Node connects to a
 * literal without calling `lookup`), a name through `policyLookup` (the resolved addresses, as connected to).
 */
function connectGuarded(
  policy: ServerUrlPolicy,
  lookup: LookupFunction,
  options: ClientRequestArgs,
  callback: ConnectCallback | undefined,
  connect: (options: ClientRequestArgs, callback?: ConnectCallback) => Duplex | undefined,
): Duplex | undefined {
  const host = (options.host ?? options.hostname ?? 'localhost').replace(/^\[(.*)\]$/, '$1');
  if (isIP(host) !== 0) {
    const reason = addressPolicyOf(policy).refusal(host);
    if (reason !== undefined) {
      // Agent#createSocket accepts the failure through the callback: the request errors, nothing is dialled.
      callback?.(addressNotAllowed(host, `is ${reason}`), undefined as unknown as Duplex);
      return undefined;
    }
  }
  return connect({ ...options, lookup }, callback);
}

export class PolicyHttpsAgent extends HttpsAgent implements PolicyAgent {
  private readonly lookup: LookupFunction;

  constructor(
    options: HttpsAgentOptions,
    readonly policy: ServerUrlPolicy,
  ) {
    super(options);
    this.lookup = policyLookup(policy);
  }

  override createConnection(options: ClientRequestArgs, callback?: ConnectCallback): Duplex {
    return connectGuarded(this.policy, this.lookup, options, callback, (opts, cb) =>
      super.createConnection(opts, cb),
    ) as Duplex;
  }
}

export class PolicyHttpAgent extends HttpAgent implements PolicyAgent {
  private readonly lookup: LookupFunction;

  constructor(
    options: AgentOptions,
    readonly policy: ServerUrlPolicy,
  ) {
    super(options);
    this.lookup = policyLookup(policy);
  }

  override createConnection(options: ClientRequestArgs, callback?: ConnectCallback): Duplex {
    return connectGuarded(this.policy, this.lookup, options, callback, (opts, cb) =>
      super.createConnection(opts, cb),
    ) as Duplex;
  }
}

export function isPolicyAgent(agent: unknown): agent is PolicyAgent {
  return agent instanceof PolicyHttpsAgent || agent instanceof PolicyHttpAgent;
}

/**
 * The same agent as the one client-node built (same TLS material and options), but vetting every connection.
 * client-node builds a fresh agent per request or client, so this costs no pooled connections.
 */
export function policyAgentLike(agent: unknown, policy: ServerUrlPolicy): PolicyHttpsAgent | PolicyHttpAgent {
  const options = (agent as { options?: HttpsAgentOptions }).options ?? {};
  if (agent instanceof HttpsAgent) return new PolicyHttpsAgent({ ...options }, policy);
  if (agent instanceof HttpAgent) return new PolicyHttpAgent({ ...options }, policy);
  throw new Error('client-node built no HTTP agent for this cluster');
}
