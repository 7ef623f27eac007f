import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ManualClock } from '@meshplane/runtime';
import { defineBackendService } from '@meshplane/service-kit';
import { startTestNats, type NatsServer } from '@meshplane/testing';
import {
  startTestService,
  type GraphqlResult,
  type TestCaller,
  type TestService,
} from '@meshplane/service-testing';
import { profilesFeature, profileToSmp } from '../index.js';
import { validProfile } from './fixtures.js';

const ORG_A = randomUUID();
const ORG_B = randomUUID();
const MEMBER_A = { orgId: ORG_A, userId: randomUUID(), roles: ['member' as const] };
const VIEWER_A = { orgId: ORG_A, userId: randomUUID(), roles: ['viewer' as const] };
const MEMBER_B = { orgId: ORG_B, userId: randomUUID(), roles: ['member' as const] };

const FIELDS = `id name endpoints durationMs loadModel concurrency rate connections generator protocol method headers
  body workers labels version createdBy createdAt updatedAt`;
const CREATE = `mutation($input: PerformanceProfileInput!) { createPerformanceProfile(input: $input) { ${FIELDS} } }`;
const UPDATE = `mutation($id: ID!, $v: Int!, $input: PerformanceProfileInput!) {
  updatePerformanceProfile(id: $id, expectedVersion: $v, input: $input) { ${FIELDS} } }`;
const DELETE = `mutation($id: ID!, $v: Int) { deletePerformanceProfile(id: $id, expectedVersion: $v) }`;
const GET = `query($id: ID!) { performanceProfile(id: $id) { ${FIELDS} } }`;
const LIST = `query($first: Int, $after: String, $filter: PerformanceProfileFilter) {
  performanceProfiles(first: $first, after: $after, filter: $filter) {
    totalCount edges { cursor node { name generator } } pageInfo { hasNextPage endCursor } } }`;
const IMPORT = `mutation($document: String!, $format: SmpDocumentFormat) {
  importPerformanceProfile(document: $document, format: $format) { ${FIELDS} } }`;
const EXPORT = `query($id: ID!, $format: SmpDocumentFormat!) { exportPerformanceProfile(id: $id, format: $format) }`;

interface Profile {
  id: string;
  name: string;
  version: number;
  loadModel: string;
  rate: number | null;
  connections: number | null;
  concurrency: number | null;
  generator: string;
  method: string;
  headers: Record<string, string>;
  labels: Record<string, string>;
  [field: string]: unknown;
}
interface ListPage {
  totalCount: number;
  edges: { cursor: string; node: { name: string; generator: string } }[];
  pageInfo: { hasNextPage: boolean; endCursor: string | null };
}

const input = (overrides: Record<string, unknown> = {}) => ({
  name: 'checkout p99',
  endpoints: ['http://127.0.0.1:8080/checkout'],
  durationMs: 30_000,
  loadModel: 'OPEN',
  rate: 200,
  connections: 8,
  generator: 'MESHPLANE',
  protocol: 'HTTP1',
  method: 'post',
  headers: { 'x-tenant': 'acme' },
  body: '{"cart":1}',
  workers: 2,
  labels: { team: 'payments' },
  ...overrides,
});

const clock = new ManualClock();
let nats: NatsServer;
let svc: TestService;

async function ok<T>(
  query: string,
  variables: Record<string, unknown>,
  caller: TestCaller = MEMBER_A,
): Promise<T> {
  const result = await svc.graphql<T>(query, variables, caller);
  if (!result.data || result.errors) throw new Error(`unexpected errors: ${JSON.stringify(result)}`);
  return result.data;
}

async function failure(query: string, variables: Record<string, unknown>, caller: TestCaller = MEMBER_A) {
  const result: GraphqlResult = await svc.graphql(query, variables, caller);
  const error = result.errors?.[0];
  if (!error) throw new Error(`expected an error: ${JSON.stringify(result)}`);
  return { code: error.extensions?.['code'], message: error.message, extensions: error.extensions ?? {} };
}

async function create(
  overrides: Record<string, unknown> = {},
  caller: TestCaller = MEMBER_A,
): Promise<Profile> {
  clock.advance(1000);
  return (await ok<{ createPerformanceProfile: Profile }>(CREATE, { input: input(overrides) }, caller))
    .createPerformanceProfile;
}

beforeAll(async () => {
  nats = await startTestNats();
  const definition = defineBackendService({
    name: 'perf',
    version: '0.0.0',
    defaultPort: 0,
    features: [profilesFeature],
  });
  svc = await startTestService(definition, { natsUrl: nats.url, label: 'perf-profiles', clock });
});

afterAll(async () => {
  await svc?.close();
  await nats?.stop();
});

describe('performance profiles over GraphQL', () => {
  it('creates, reads, updates with the version it read, and deletes', async () => {
    const created = await create({ name: 'crud' });
    expect(created).toMatchObject({
      name: 'crud',
      loadModel: 'OPEN',
      rate: 200,
      connections: 8,
      concurrency: null,
      method: 'POST',
      headers: { 'x-tenant': 'acme' },
      labels: { team: 'payments' },
      version: 1,
      createdBy: MEMBER_A.userId,
    });
    const read = (await ok<{ performanceProfile: Profile }>(GET, { id: created.id }, VIEWER_A))
      .performanceProfile;
    expect(read).toEqual(created);

    clock.advance(5000);
    const updated = (
      await ok<{ updatePerformanceProfile: Profile }>(UPDATE, {
        id: created.id,
        v: 1,
        input: input({ name: 'crud', loadModel: 'CLOSED', concurrency: 16, rate: null, connections: null }),
      })
    ).updatePerformanceProfile;
    expect(updated).toMatchObject({ version: 2, loadModel: 'CLOSED', concurrency: 16, rate: null });
    expect(Date.parse(updated['updatedAt'] as string)).toBe(clock.nowMs());

    const stale = await failure(UPDATE, { id: created.id, v: 1, input: input({ name: 'crud' }) });
    expect(stale).toMatchObject({
      code: 'CONFLICT',
      extensions: { field: 'expectedVersion', currentVersion: 2 },
    });
    expect(await failure(DELETE, { id: created.id, v: 1 })).toMatchObject({ code: 'CONFLICT' });

    expect(await ok(DELETE, { id: created.id, v: 2 })).toEqual({ deletePerformanceProfile: created.id });
    expect(await failure(GET, { id: created.id })).toMatchObject({ code: 'NOT_FOUND' });
    expect(await failure(DELETE, { id: created.id })).toMatchObject({ code: 'NOT_FOUND' });
  });

  it('refuses a second profile of the same name in the org, not in another org', async () => {
    await create({ name: 'unique' });
    const taken = await failure(CREATE, { input: input({ name: 'unique' }) });
    expect(taken).toMatchObject({ code: 'NAME_TAKEN', extensions: { field: 'input.name' } });
    expect(taken.message).toContain('"unique"');
    await expect(create({ name: 'unique' }, MEMBER_B)).resolves.toMatchObject({ name: 'unique' });
  });

  it('names every bad field of an input', async () => {
    const bad = await failure(CREATE, {
      input: input({ name: 'bad', endpoints: ['ftp://x'], rate: 201, headers: { 'x-a': 1 } }),
    });
    expect(bad).toMatchObject({ code: 'BAD_USER_INPUT', extensions: { field: 'input.headers.x-a' } });
    const invalid = await failure(CREATE, {
      input: input({ name: 'bad', endpoints: ['ftp://x'], rate: 201 }),
    });
    expect(invalid.code).toBe('BAD_USER_INPUT');
    expect(invalid.message).toContain('input.endpoints[0]');
    expect(invalid.message).toContain('input.rate');
  });

  it('pages oldest first with cursors, filtered by name part and generator, within the org only', async () => {
    const tag = `page-${randomUUID().slice(0, 8)}`;
    for (const [index, generator] of ['MESHPLANE', 'WRK2', 'MESHPLANE', 'FORTIO', 'MESHPLANE'].entries())
      await create({ name: `${tag} ${index}`, generator });
    await create({ name: `${tag} other org` }, MEMBER_B);

    const names: string[] = [];
    let after: string | null = null;
    for (let pages = 0; pages < 10; pages++) {
      const page: ListPage = (
        await ok<{ performanceProfiles: ListPage }>(
          LIST,
          { first: 2, after, filter: { nameContains: tag.toUpperCase() } },
          VIEWER_A,
        )
      ).performanceProfiles;
      expect(page.totalCount).toBe(5);
      names.push(...page.edges.map((edge) => edge.node.name));
      if (!page.pageInfo.hasNextPage) break;
      after = page.pageInfo.endCursor;
    }
    expect(names).toEqual([0, 1, 2, 3, 4].map((i) => `${tag} ${i}`));

    const meshplane = (
      await ok<{ performanceProfiles: ListPage }>(LIST, {
        first: 10,
        filter: { nameContains: tag, generator: 'MESHPLANE' },
      })
    ).performanceProfiles;
    expect(meshplane.edges.map((edge) => edge.node.name)).toEqual([0, 2, 4].map((i) => `${tag} ${i}`));
    expect(await failure(LIST, { first: 101 })).toMatchObject({
      code: 'BAD_USER_INPUT',
      extensions: { field: 'first' },
    });
    expect(await failure(LIST, { after: 'garbage' })).toMatchObject({ code: 'BAD_USER_INPUT' });
  });

  it('exports SMP that imports back equal, in YAML and JSON', async () => {
    const original = await create({ name: 'smp round trip', workers: 4, rate: 400 });
    for (const format of ['YAML', 'JSON'] as const) {
      const document = (
        await ok<{ exportPerformanceProfile: string }>(EXPORT, { id: original.id, format }, VIEWER_A)
      ).exportPerformanceProfile;
      if (format === 'JSON') expect(JSON.parse(document)).toMatchObject({ name: 'smp round trip' });
      else expect(document).toContain('name: smp round trip');
      // The name is unique: import it as a new profile under another name.
      const renamed =
        format === 'JSON'
          ? JSON.stringify({ ...(JSON.parse(document) as object), name: `copy ${format}` })
          : document.replace('name: smp round trip', `name: copy ${format}`);
      const imported = (
        await ok<{ importPerformanceProfile: Profile }>(IMPORT, { document: renamed, format })
      ).importPerformanceProfile;
      const identity = ['id', 'name', 'version', 'createdAt', 'updatedAt'];
      const strip = (profile: Profile) =>
        Object.fromEntries(Object.entries(profile).filter(([key]) => !identity.includes(key)));
      expect(strip(imported)).toEqual(strip(original));
      expect(imported.id).not.toBe(original.id);
      expect(imported.name).toBe(`copy ${format}`);
    }
  });

  it('refuses a bad SMP document naming the SMP field', async () => {
    // Written by our own exporter, then one fault planted: an endpoint that is not http(s).
    const document = profileToSmp({ ...validProfile(), name: 'bad smp' }, 'json').replaceAll(
      'http://127.0.0.1:8080/checkout',
      'ftp://127.0.0.1/x',
    );
    const bad = await failure(IMPORT, { document, format: 'JSON' });
    expect(bad.code).toBe('BAD_USER_INPUT');
    expect(bad.message).toContain('document.clients[0].endpoint_urls[0]');
    expect(await failure(IMPORT, { document: 'name: [', format: 'JSON' })).toMatchObject({
      code: 'BAD_USER_INPUT',
      extensions: { field: 'document' },
    });
  });

  it("answers NOT_FOUND for another org's profile, and changes nothing of it", async () => {
    const theirs = await create({ name: 'theirs' }, MEMBER_B);
    expect(await failure(GET, { id: theirs.id })).toMatchObject({ code: 'NOT_FOUND' });
    expect(await failure(EXPORT, { id: theirs.id, format: 'YAML' })).toMatchObject({ code: 'NOT_FOUND' });
    expect(await failure(UPDATE, { id: theirs.id, v: 1, input: input({ name: 'mine' }) })).toMatchObject({
      code: 'NOT_FOUND',
    });
    expect(await failure(DELETE, { id: theirs.id })).toMatchObject({ code: 'NOT_FOUND' });
    expect(await failure(GET, { id: 'not-a-uuid' })).toMatchObject({ code: 'NOT_FOUND' });
    const still = (await ok<{ performanceProfile: Profile }>(GET, { id: theirs.id }, MEMBER_B))
      .performanceProfile;
    expect(still).toEqual(theirs);
  });

  it('lets a viewer read but not write', async () => {
    const mine = await create({ name: 'viewer target' });
    expect(await failure(CREATE, { input: input({ name: 'by viewer' }) }, VIEWER_A)).toMatchObject({
      code: 'FORBIDDEN',
    });
    expect(await failure(UPDATE, { id: mine.id, v: 1, input: input({ name: 'x' }) }, VIEWER_A)).toMatchObject(
      {
        code: 'FORBIDDEN',
      },
    );
    expect(await failure(DELETE, { id: mine.id }, VIEWER_A)).toMatchObject({ code: 'FORBIDDEN' });
    expect(await failure(IMPORT, { document: '{}' }, VIEWER_A)).toMatchObject({ code: 'FORBIDDEN' });
    expect(await ok(GET, { id: mine.id }, VIEWER_A)).toMatchObject({ performanceProfile: { version: 1 } });
  });
});
