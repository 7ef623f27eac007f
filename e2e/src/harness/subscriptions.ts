import type {
  LiveSubscription,
  MeshplaneClient,
  SubscriptionTransport,
  TypedDocumentNode,
} from '@meshplane/client';

/** Collects what one subscription of the typed client delivers, over graphql-ws or SSE, until closed. */
export class CollectedSubscription<T> {
  readonly received: T[] = [];
  readonly errors: unknown[] = [];
  private readonly live: LiveSubscription<T>;
  private readonly drained: Promise<void>;

  constructor(
    client: MeshplaneClient,
    document: TypedDocumentNode<T, Record<string, unknown>>,
    variables: Record<string, unknown>,
    transport: SubscriptionTransport,
  ) {
    const live = client.subscribe(document, variables, { transport });
    this.live = live;
    this.drained = (async () => {
      try {
        for await (const event of live) this.received.push(event);
      } catch (error) {
        this.errors.push(error);
      }
    })();
  }

  /** graphql-ws acknowledged the connection, or the SSE stream opened. */
  connected(): Promise<void> {
    return this.live.connected;
  }

  async close(): Promise<void> {
    await this.live.close();
    await this.drained;
  }
}

export function collect<T, V>(
  client: MeshplaneClient,
  document: TypedDocumentNode<T, V>,
  variables: V,
  transport: SubscriptionTransport = 'ws',
): CollectedSubscription<T> {
  return new CollectedSubscription(
    client,
    document as unknown as TypedDocumentNode<T, Record<string, unknown>>,
    variables as Record<string, unknown>,
    transport,
  );
}
