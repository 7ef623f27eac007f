import { GraphQLError } from 'graphql';

export interface SubscriptionCaps {
  perSocket: number;
  perCaller: number;
  /** Upstream graphql-ws connections to one subgraph (each relayed subscription has its own). */
  perSubgraph: number;
}

/** Who holds a slot: the caller (user id, else client address), its socket if any, the subgraph. */
export interface SlotOwner {
  caller: string;
  socket?: object;
  subgraph: string;
}

/**
 * Counts open subscriptions per WebSocket, per caller (over WebSocket and SSE together) and per subgraph,
 * so one client cannot hold an unbounded number of upstream connections. A refused subscription gets a
 * clear error naming the cap; an accepted one holds its slots until `release` (once, however it ends).
 */
export class SubscriptionSlots {
  private readonly bySocket = new WeakMap<object, number>();
  private readonly byCaller = new Map<string, number>();
  private readonly bySubgraph = new Map<string, number>();

  constructor(private readonly caps: SubscriptionCaps) {}

  acquire(owner: SlotOwner): { release: () => void } | { error: GraphQLError } {
    const socketCount = owner.socket ? (this.bySocket.get(owner.socket) ?? 0) : 0;
    if (owner.socket && socketCount >= this.caps.perSocket) {
      return refuse(
        `Too many subscriptions on this connection: at most ${this.caps.perSocket} may be open at once.`,
      );
    }
    const callerCount = this.byCaller.get(owner.caller) ?? 0;
    if (callerCount >= this.caps.perCaller) {
      return refuse(
        `Too many open subscriptions: at most ${this.caps.perCaller} per caller may be open at once.`,
      );
    }
    const subgraphCount = this.bySubgraph.get(owner.subgraph) ?? 0;
    if (subgraphCount >= this.caps.perSubgraph) {
      return refuse(
        `The ${owner.subgraph} service has too many open subscriptions (${this.caps.perSubgraph}); try again later.`,
        'SERVICE_UNAVAILABLE',
      );
    }
    if (owner.socket) this.bySocket.set(owner.socket, socketCount + 1);
    this.byCaller.set(owner.caller, callerCount + 1);
    this.bySubgraph.set(owner.subgraph, subgraphCount + 1);
    let held = true;
    return {
      release: () => {
        if (!held) return;
        held = false;
        if (owner.socket) this.bySocket.set(owner.socket, (this.bySocket.get(owner.socket) ?? 1) - 1);
        decrement(this.byCaller, owner.caller);
        decrement(this.bySubgraph, owner.subgraph);
      },
    };
  }
}

function decrement(counts: Map<string, number>, key: string): void {
  const next = (counts.get(key) ?? 1) - 1;
  if (next <= 0) counts.delete(key);
  else counts.set(key, next);
}

function refuse(message: string, code = 'TOO_MANY_SUBSCRIPTIONS'): { error: GraphQLError } {
  return { error: new GraphQLError(message, { extensions: { code } }) };
}
