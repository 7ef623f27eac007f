import { Injectable, Logger, type OnApplicationShutdown } from '@nestjs/common';
import { discoveryStream, resourceChangesEvent, type ResourceChanges } from '@meshplane/contracts';
import { liveEvents, MessagingClient } from '@meshplane/messaging';
import type { ResourceChangedFilter } from '../graphql/dto/resources.args.js';
import { ResourceChangeType } from '../graphql/models/resource-history.model.js';
import type { ResourceChangeEvent } from '../graphql/models/resource-change.model.js';
import { LiveQueue } from './live-queue.js';

const SUBSCRIBER_CAPACITY = 10_000;
const RESUME_DELAY_MS = 1_000;

interface Subscriber {
  filter: ResourceChangedFilter;
  queue: LiveQueue<ResourceChangeEvent>;
}

interface OrgFeed {
  subscribers: Set<Subscriber>;
  abort: AbortController;
  ready: Promise<void>;
}

/**
 * Live resource changes per organization. While an organization has subscribers on this replica, one
 * ordered consumer reads only that organization's subjects (`discovery.v1.<org>.*.*.changes`), so no
 * other tenant's event ever reaches this code path for it; it stops with the last subscriber.
 */
@Injectable()
export class ResourceChangeFeed implements OnApplicationShutdown {
  private readonly logger = new Logger(ResourceChangeFeed.name);
  private readonly feeds = new Map<string, OrgFeed>();

  constructor(private readonly client: MessagingClient) {}

  /** Changes of `orgId` matching the filter, from the moment the returned promise resolves. */
  async subscribe(
    orgId: string,
    filter: ResourceChangedFilter,
  ): Promise<AsyncIterableIterator<ResourceChangeEvent>> {
    const feed = this.feedOf(orgId);
    const subscriber: Subscriber = {
      filter,
      queue: new LiveQueue(SUBSCRIBER_CAPACITY, () => this.unsubscribe(orgId, subscriber)),
    };
    feed.subscribers.add(subscriber);
    await feed.ready;
    return subscriber.queue;
  }

  onApplicationShutdown(): void {
    for (const feed of this.feeds.values()) {
      feed.abort.abort();
      for (const subscriber of feed.subscribers) subscriber.queue.close();
    }
  }

  private feedOf(orgId: string): OrgFeed {
    const existing = this.feeds.get(orgId);
    if (existing) return existing;
    let markReady!: () => void;
    const feed: OrgFeed = {
      subscribers: new Set(),
      abort: new AbortController(),
      ready: new Promise((resolve) => (markReady = resolve)),
    };
    this.feeds.set(orgId, feed);
    void this.run(orgId, feed, markReady);
    return feed;
  }

  private unsubscribe(orgId: string, subscriber: Subscriber): void {
    const feed = this.feeds.get(orgId);
    if (!feed) return;
    feed.subscribers.delete(subscriber);
    if (feed.subscribers.size > 0) return;
    feed.abort.abort();
    this.feeds.delete(orgId);
  }

  private async run(orgId: string, feed: OrgFeed, markReady: () => void): Promise<void> {
    const { signal } = feed.abort;
    const subject = `discovery.v1.${orgId}.*.*.changes`;
    while (!signal.aborted) {
      try {
        const events = liveEvents(this.client, discoveryStream, subject, resourceChangesEvent, { signal });
        await events.ready;
        markReady();
        for await (const msg of events) this.fanOut(feed, msg.data);
      } catch (error) {
        if (signal.aborted) break;
        this.logger.warn(`live resource changes interrupted, resuming: ${(error as Error).message}`);
        await new Promise((resolve) => setTimeout(resolve, RESUME_DELAY_MS));
      }
    }
    markReady();
  }

  private fanOut(feed: OrgFeed, batch: ResourceChanges): void {
    for (const subscriber of feed.subscribers) {
      if (!batchMatches(batch, subscriber.filter)) continue;
      for (const change of batch.changes) {
        const namespace = change.namespace ?? '';
        if (subscriber.filter.namespace != null && subscriber.filter.namespace !== namespace) continue;
        subscriber.queue.push({
          clusterId: batch.clusterId,
          apiGroup: batch.kind.group,
          apiVersion: batch.kind.version,
          kind: batch.kind.kind,
          changeType: change.type === 'delete' ? ResourceChangeType.DELETE : ResourceChangeType.UPSERT,
          uid: change.uid,
          namespace: namespace === '' ? null : namespace,
          name: change.name,
          resourceVersion: change.resourceVersion,
          observedAt: new Date(batch.observedAt),
        });
      }
    }
  }
}

function batchMatches(batch: ResourceChanges, filter: ResourceChangedFilter): boolean {
  if (filter.clusterId && filter.clusterId.toLowerCase() !== batch.clusterId.toLowerCase()) return false;
  if (filter.kinds?.length && !filter.kinds.includes(batch.kind.kind)) return false;
  return true;
}
