import { Clock } from '@meshplane/runtime';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createClient } from 'graphql-ws';
import WebSocket from 'ws';
import { resourceChangesEvent } from '@meshplane/contracts';
import { encodeCursor } from '@meshplane/graphql';
import { Publisher } from '@meshplane/messaging';
import { startTestNats, type NatsServer } from '@meshplane/testing';
import {
  callerHeaders,
  startTestService,
  type GraphqlResult,
  type TestService,
} from '@meshplane/service-testing';
import { DataSource } from 'typeorm';
import { InventoryWriter } from '../ingest/inventory-writer.js';
import { InventoryQuery } from '../query/inventory-query.js';
import { changes, CONFIG_MAP, DEPLOYMENT, newId, remove, upsert } from './fixtures/discovery-events.js';
import { inventoryTestService } from './fixtures/inventory-test.service.js';

const RESOURCES = `query($first: Int, $after: String, $filter: ResourceFilter, $sort: ResourceSortInput) {
  resources(first: $first, after: $after, filter: $filter, sort: $sort) {
    totalCount pageInfo { hasNextPage endCursor } edges { node { id name namespace kind deleted labels } }
  }
}`;

interface Page {
  resources: {
    totalCount: number;
    pageInfo: { hasNextPage: boolean; endCursor: string | null };
    edges: { node: { id: string; name: string; namespace: string | null; kind: string; deleted: boolean } }[];
  };
}

describe('inventory GraphQL', () => {
  let nats: NatsServer;
  let svc: TestService;
  const orgA = newId();
  const orgB = newId();
  const clusterA = newId();
  const clusterB = newId();
  const viewerA = { orgId: orgA, userId: newId(), roles: ['viewer' as const] };
  const viewerB = { orgId: orgB, userId: newId(), roles: ['viewer' as const] };

  beforeAll(async () => {
    nats = await startTestNats();
    svc = await startTestService(inventoryTestService, { natsUrl: nats.url, label: 'inventory-graphql' });
    const writer = new InventoryWriter(svc.app.get(DataSource), svc.app.get(Clock));
    const apps = ['web', 'api', 'db', 'cache', 'queue'];
    await writer.storeChanges(orgA, [
      changes(
        orgA,
        clusterA,
        DEPLOYMENT,
        apps.map((name, i) =>
          upsert(DEPLOYMENT, {
            uid: `d-${name}`,
            name,
            namespace: i % 2 === 0 ? 'shop' : 'ops',
            rv: 100 + i,
            labels: { app: name, tier: i < 2 ? 'front' : 'back' },
          }),
        ),
      ),
      changes(orgA, clusterA, CONFIG_MAP, [
        upsert(CONFIG_MAP, { uid: 'cm-1', name: 'settings', namespace: 'shop', rv: 200 }),
      ]),
    ]);
    await writer.storeChanges(orgA, [
      changes(orgA, clusterA, DEPLOYMENT, [
        remove({ uid: 'd-queue', name: 'queue', namespace: 'shop', rv: 300 }),
      ]),
    ]);
    await writer.storeChanges(orgB, [
      changes(orgB, clusterB, DEPLOYMENT, [
        upsert(DEPLOYMENT, { uid: 'b-1', name: 'secret-app', namespace: 'x', rv: 1 }),
      ]),
    ]);
  });

  afterAll(async () => {
    await svc?.close();
    await nats?.stop();
  });

  const dataOf = <T>(result: GraphqlResult<T>): T => {
    if (!result.data) throw new Error(`no data: ${JSON.stringify(result.errors)}`);
    return result.data;
  };
  const names = (page: Page) => page.resources.edges.map((e) => e.node.name);

  it('pages through live resources by name with cursors and a total', async () => {
    const first = await svc.graphql<Page>(RESOURCES, { first: 2 }, viewerA);
    expect(first.errors).toBeUndefined();
    expect(names(dataOf(first))).toEqual(['api', 'cache']);
    expect(dataOf(first).resources.totalCount).toBe(5);
    const second = await svc.graphql<Page>(
      RESOURCES,
      { first: 2, after: dataOf(first).resources.pageInfo.endCursor },
      viewerA,
    );
    const third = await svc.graphql<Page>(
      RESOURCES,
      { first: 2, after: dataOf(second).resources.pageInfo.endCursor },
      viewerA,
    );
    expect(names(dataOf(second))).toEqual(['db', 'settings']);
    expect(names(dataOf(third))).toEqual(['web']);
    expect(dataOf(third).resources.pageInfo.hasNextPage).toBe(false);
  });

  it('sorts by kind and namespace in either direction', async () => {
    const byKind = await svc.graphql<Page>(
      RESOURCES,
      { first: 10, sort: { field: 'KIND', direction: 'ASC' } },
      viewerA,
    );
    expect(dataOf(byKind).resources.edges.map((e) => e.node.kind)).toEqual([
      'ConfigMap',
      'Deployment',
      'Deployment',
      'Deployment',
      'Deployment',
    ]);
    const byNs = await svc.graphql<Page>(
      RESOURCES,
      { first: 10, sort: { field: 'NAMESPACE', direction: 'DESC' } },
      viewerA,
    );
    expect(dataOf(byNs).resources.edges.map((e) => e.node.namespace)).toEqual([
      'shop',
      'shop',
      'shop',
      'ops',
      'ops',
    ]);
  });

  it.each([
    [{ labelSelector: 'tier=front' }, ['api', 'web']],
    [{ labelSelector: 'tier!=front' }, ['cache', 'db', 'settings']],
    [{ labelSelector: 'app in (db,web),tier' }, ['db', 'web']],
    [{ labelSelector: '!app' }, ['settings']],
    [{ kinds: ['ConfigMap'] }, ['settings']],
    [{ namespace: 'ops' }, ['api', 'cache']],
    [{ nameContains: 'EB' }, ['web']],
    [{ includeDeleted: true, labelSelector: 'app=queue' }, ['queue']],
    [{ nameContains: "%' OR 1=1 --" }, []],
    [{ namespace: "shop' OR '1'='1" }, []],
  ])('filters with %j', async (filter, expected) => {
    const result = await svc.graphql<Page>(RESOURCES, { first: 50, filter }, viewerA);
    expect(result.errors).toBeUndefined();
    expect(names(dataOf(result))).toEqual(expected);
  });

  it('refuses a malformed label selector naming the field', async () => {
    const result = await svc.graphql<Page>(
      RESOURCES,
      { filter: { labelSelector: "a=b'; DROP TABLE x" } },
      viewerA,
    );
    expect(result.errors?.[0]?.message).toMatch(/^filter\.labelSelector: /);
  });

  it('reads any position a valid cursor can hold, and refuses out-of-range ones as BAD_USER_INPUT', async () => {
    const zeroId = '00000000-0000-0000-0000-000000000000';
    const history = { order: 'resourceHistory', keys: ['integer', 'text', 'text'] } as const;
    const HISTORY = `query($after: String) {
      resourceHistory(clusterId: "${clusterA}", uid: "d-queue", after: $after) { edges { cursor } } }`;
    const byUpdate = { order: 'resources:updatedAt:DESC', keys: ['timestamp', 'uuid'] } as const;
    const extremes: [string, Record<string, unknown>][] = [
      [HISTORY, { after: encodeCursor(history, ['9223372036854775807', '', 'upsert']) }],
      [
        RESOURCES,
        {
          sort: { field: 'UPDATED_AT', direction: 'DESC' },
          after: encodeCursor(byUpdate, ['0001-01-01T00:00:00.000Z', zeroId]),
        },
      ],
    ];
    for (const [query, variables] of extremes) {
      expect((await svc.graphql(query, variables, viewerA)).errors).toBeUndefined();
    }

    // A sequence beyond bigint and a day that does not exist: each would have failed inside Postgres.
    const forged = (payload: unknown) => Buffer.from(JSON.stringify(payload)).toString('base64url');
    const refusals: [string, Record<string, unknown>][] = [
      [HISTORY, { after: forged([1, 'resourceHistory', '9999999999999999999', '1', 'upsert']) }],
      [
        RESOURCES,
        {
          sort: { field: 'UPDATED_AT', direction: 'DESC' },
          after: forged([1, 'resources:updatedAt:DESC', '2024-02-30T00:00:00.000Z', zeroId]),
        },
      ],
    ];
    for (const [query, variables] of refusals) {
      const refused = await svc.graphql(query, variables, viewerA);
      expect(refused.errors?.[0]?.extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'after' });
    }
  });

  it("shows another organization's cluster as empty", async () => {
    const asA = await svc.graphql<Page>(RESOURCES, { filter: { clusterId: clusterB } }, viewerA);
    expect(dataOf(asA).resources.totalCount).toBe(0);
    const asB = await svc.graphql<Page>(RESOURCES, {}, viewerB);
    expect(names(dataOf(asB))).toEqual(['secret-app']);
    const byUid = await svc.graphql(`{ resource(clusterId: "${clusterB}", uid: "b-1") { id } }`, {}, viewerA);
    expect(byUid.errors?.[0]?.extensions?.['code']).toBe('NOT_FOUND');
  });

  it('refuses callers without resources:read', async () => {
    const result = await svc.graphql(RESOURCES, {}, { orgId: orgA, userId: newId(), roles: [] });
    expect(result.errors?.[0]?.extensions?.['code']).toBe('FORBIDDEN');
  });

  it('returns one resource with its full object, YAML, history and a summary', async () => {
    const result = await svc.graphql<{
      resource: { id: string; object: { metadata: { name: string } }; yaml: string };
    }>(`{ resource(clusterId: "${clusterA}", uid: "d-web") { id object yaml } }`, {}, viewerA);
    expect(dataOf(result).resource.object.metadata.name).toBe('web');
    expect(dataOf(result).resource.yaml).toContain('name: web');
    const byId = await svc.graphql<{ resource: { name: string } }>(
      `query($id: ID) { resource(id: $id) { name } }`,
      { id: dataOf(result).resource.id },
      viewerA,
    );
    expect(dataOf(byId).resource.name).toBe('web');

    const history = await svc.graphql<{
      resourceHistory: { edges: { node: { resourceVersion: string; changeType: string } }[] };
    }>(
      `{ resourceHistory(clusterId: "${clusterA}", uid: "d-queue") { edges { node { resourceVersion changeType } } } }`,
      {},
      viewerA,
    );
    expect(dataOf(history).resourceHistory.edges.map((e) => e.node)).toEqual([
      { resourceVersion: '300', changeType: 'DELETE' },
      { resourceVersion: '104', changeType: 'UPSERT' },
    ]);

    const summary = await svc.graphql<{
      inventorySummary: { total: number; deleted: number; byKind: { key: string; live: number }[] };
    }>(`{ inventorySummary(clusterId: "${clusterA}") { total deleted byKind { key live } } }`, {}, viewerA);
    expect(dataOf(summary).inventorySummary).toEqual({
      total: 5,
      deleted: 1,
      byKind: [
        { key: 'Deployment', live: 4 },
        { key: 'ConfigMap', live: 1 },
      ],
    });
  });

  it('lists live objects for fingerprints in batches, within the organization only', async () => {
    const query = svc.app.get(InventoryQuery);
    const batches: number[] = [];
    for await (const batch of query.list(orgA, clusterA, { kinds: ['Deployment'], batchSize: 3 }))
      batches.push(batch.length);
    expect(batches).toEqual([3, 1]);
    expect(await query.listAll(orgA, clusterB, { kinds: ['Deployment'] })).toEqual([]);
  });

  it("streams only the caller's organization's changes to subscribers", async () => {
    const wsUrl = svc.url.replace('http', 'ws');
    const received: { name: string; changeType: string }[] = [];
    const client = createClient({
      url: wsUrl,
      webSocketImpl: class extends WebSocket {
        constructor(url: string, protocols?: string | string[]) {
          super(url, protocols, { headers: callerHeaders(inventoryTestService.name, viewerA) });
        }
      },
    });
    const done = new Promise<void>((resolve, reject) => {
      client.subscribe<{ resourceChanged: { name: string; changeType: string } }>(
        { query: `subscription { resourceChanged(filter: { kinds: ["Deployment"] }) { name changeType } }` },
        {
          next: (msg) => {
            if (msg.data) received.push(msg.data.resourceChanged);
            if (received.length === 2) resolve();
          },
          error: reject,
          complete: () => undefined,
        },
      );
    });
    const publisher = svc.app.get(Publisher);
    // The subscription becomes live asynchronously: keep publishing until it sees the first event.
    const cluster = newId();
    let rv = 1;
    const publishUntilSeen = async () => {
      while (received.length === 0) {
        await publisher.publish(
          resourceChangesEvent,
          changes(orgB, newId(), DEPLOYMENT, [
            upsert(DEPLOYMENT, { uid: `b-${rv}`, name: 'other-org', rv: rv++ }),
          ]),
          { tenant: orgB },
        );
        await publisher.publish(
          resourceChangesEvent,
          changes(orgA, cluster, CONFIG_MAP, [
            upsert(CONFIG_MAP, { uid: `c-${rv}`, name: 'wrong-kind', rv: rv++ }),
          ]),
          { tenant: orgA },
        );
        await publisher.publish(
          resourceChangesEvent,
          changes(orgA, cluster, DEPLOYMENT, [upsert(DEPLOYMENT, { uid: 'mine', name: 'mine', rv: rv++ })]),
          { tenant: orgA },
        );
        await new Promise((resolve) => setTimeout(resolve, 100));
      }
      await publisher.publish(
        resourceChangesEvent,
        changes(orgA, cluster, DEPLOYMENT, [remove({ uid: 'mine', name: 'mine', rv: rv++ })]),
        { tenant: orgA },
      );
    };
    await Promise.all([done, publishUntilSeen()]);
    await client.dispose();
    expect(received.every((e) => e.name === 'mine')).toBe(true);
    expect(received.at(-1)).toEqual({ name: 'mine', changeType: 'DELETE' });
  });
});
