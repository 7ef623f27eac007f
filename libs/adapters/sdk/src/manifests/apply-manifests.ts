import { createHash } from 'node:crypto';
import { type KubernetesObject } from '@kubernetes/client-node';
import { objectsToPrune, unionOfRefs, type InventoryStore } from './inventory.js';
import { errorMessage, ManifestClient, statusCode, statusOf, type ClusterAccess } from './manifest-client.js';
import {
  checkManifestObject,
  DEFAULT_MAX_MANIFEST_DOCUMENTS,
  ManifestError,
  parseManifests,
  type ManifestLimits,
} from './manifest-documents.js';
import {
  describeRef,
  groupOf,
  isCrd,
  isNamespace,
  refKey,
  refOf,
  type ManifestObject,
  type ObjectRef,
} from './manifest-object.js';
import { isBundleCustomResource, orderForApply, orderForDelete } from './manifest-order.js';
import { objectHeader, waitForReady } from './wait-for-ready.js';

/** On every applied object: who manages it and which operation applied it last (values made label-safe). */
export const MANAGED_BY_LABEL = 'meshplane.io/managed-by';
export const OPERATION_LABEL = 'meshplane.io/operation';
/** The inventory key the object is recorded under (an annotation: keys need not be label values). */
export const INVENTORY_KEY_ANNOTATION = 'meshplane.io/inventory-key';

export interface ApplyManifestsOptions {
  /** Server-side apply's field manager, e.g. the adapter's name. */
  fieldManager: string;
  /** The operation applying (ctx.operationId). */
  operationId: string;
  /** Where the objects applied under `key` are recorded; `deleteManifests` removes exactly those. */
  inventory: InventoryStore;
  /** The installation key (one installation in one cluster); applying another bundle under it is an upgrade. */
  key: string;
  /** For namespaced objects that name none; default: the kubeconfig context's namespace, else `default`. */
  namespace?: string;
  /** Server dry run (`dryRun=All`): every object is checked by the apiserver, nothing is stored or pruned. */
  dryRun?: boolean;
  /** Take over fields another field manager owns instead of failing with a conflict. */
  force?: boolean;
  /** Checked between objects (and while waiting for CRDs). */
  signal?: AbortSignal;
  limits?: ManifestLimits;
  /** How long the bundle's CRDs may take to be Established. Default 60,000. */
  crdTimeoutMs?: number;
}

export type ApplyAction = 'created' | 'configured' | 'unchanged' | 'pruned' | 'skipped' | 'failed';

export interface FieldConflict {
  manager: string;
  field: string;
}

export interface ObjectResult {
  object: ObjectRef;
  action: ApplyAction;
  /** Why it failed or was skipped. */
  message?: string;
  /** On a 409 from server-side apply: who owns which field. */
  conflicts?: FieldConflict[];
}

export interface ApplyManifestsResult {
  /** Every object applied (and, on success, every pruned object) without error. */
  ok: boolean;
  dryRun: boolean;
  results: ObjectResult[];
}

/**
 * Applies a bundle with server-side apply: CRDs first (waiting until they are Established before their custom
 * resources), then namespaces, then the rest. Records every object under `key` in the inventory BEFORE creating
 * it; when everything applied, deletes what the previous record under `key` had and this bundle no longer has
 * (an upgrade prunes) and records exactly this bundle. Stops at the first failed object: the record then keeps
 * both versions' objects so that `deleteManifests` can still remove all of them.
 */
export async function applyManifests(
  cluster: ClusterAccess,
  manifests: string | readonly unknown[],
  options: ApplyManifestsOptions,
): Promise<ApplyManifestsResult> {
  const dryRun = options.dryRun ?? false;
  const maxDocuments = options.limits?.maxDocuments ?? DEFAULT_MAX_MANIFEST_DOCUMENTS;
  if (typeof manifests !== 'string' && manifests.length > maxDocuments) {
    throw new ManifestError(`more than ${maxDocuments} objects`);
  }
  const parsed =
    typeof manifests === 'string'
      ? parseManifests(manifests, options.limits)
      : manifests.map((obj, index) => checkManifestObject(obj, index + 1));
  const client = ManifestClient.forCluster(cluster);
  const objects = orderForApply(
    await scoped(client, parsed, options.namespace ?? client.namespaceByDefault),
    refOf,
  );
  const planned = objects.map(refOf);
  for (const obj of objects) label(obj, options);

  const previousRecord = await options.inventory.get(options.key);
  const previous = previousRecord?.objects ?? [];
  const previousDigests = previousRecord?.digests ?? {};
  if (!dryRun) await record(options, unionOfRefs(previous, planned), previousDigests);
  const digests: Record<string, string> = {};

  const results: ObjectResult[] = [];
  const crds = planned.filter(isCrd);
  const groups = new Set(objects.filter((o) => isCrd(refOf(o))).map(crdGroup));
  let crdsEstablished = crds.length === 0 || dryRun;
  // A dry run creates no namespace: what the bundle would put in a new one cannot be checked by the server.
  const dryRunNamespaces = new Set<string>();
  for (const obj of objects) {
    options.signal?.throwIfAborted();
    const ref = refOf(obj);
    if (isBundleCustomResource(ref, groups)) {
      if (!crdsEstablished) {
        await waitForReady(client, crds, {
          timeoutMs: options.crdTimeoutMs ?? 60_000,
          signal: options.signal,
        });
        crdsEstablished = true;
      }
      if (dryRun && !(await client.resourceOf(obj.apiVersion, obj.kind))) {
        results.push({ object: ref, action: 'skipped', message: 'its CRD is not installed (dry run)' });
        continue;
      }
    }
    if (dryRun && ref.namespace && dryRunNamespaces.has(ref.namespace)) {
      results.push({ object: ref, action: 'skipped', message: 'its namespace does not exist yet (dry run)' });
      continue;
    }
    const { result, digest } = await applyOne(client, obj, options, dryRun, previousDigests);
    if (digest !== undefined) digests[refKey(ref)] = digest;
    results.push(result);
    if (dryRun && isNamespace(ref) && result.action === 'created') dryRunNamespaces.add(ref.name);
    if (result.action === 'failed') return { ok: false, dryRun, results };
  }

  let ok = true;
  for (const ref of orderForDelete(objectsToPrune(previous, planned))) {
    options.signal?.throwIfAborted();
    if (dryRun) {
      results.push({ object: ref, action: 'pruned' });
      continue;
    }
    const outcome = await deleteObject(client, ref);
    if (outcome.failed) ok = false;
    results.push({ object: ref, action: outcome.failed ? 'failed' : 'pruned', ...outcome.message });
  }
  if (!dryRun && ok) await record(options, planned, digests);
  return { ok, dryRun, results };
}

/**
 * One server-side apply call per object (no read before it: the apiserver's 201 says created, and the digest of
 * what it answered, against the one the inventory kept from the last apply, says unchanged or configured).
 */
async function applyOne(
  client: ManifestClient,
  obj: ManifestObject,
  options: ApplyManifestsOptions,
  dryRun: boolean,
  previousDigests: Readonly<Record<string, string>>,
): Promise<{ result: ObjectResult; digest?: string }> {
  const ref = refOf(obj);
  try {
    const { object: after, created } = await client.serverSideApply(structuredClone(obj), {
      fieldManager: options.fieldManager,
      force: options.force ?? false,
      dryRun,
    });
    const digest = contentDigest(after);
    const action: ApplyAction = created
      ? 'created'
      : previousDigests[refKey(ref)] === digest
        ? 'unchanged'
        : 'configured';
    return { result: { object: ref, action }, digest };
  } catch (error) {
    return { result: failure(ref, error) };
  }
}

function failure(ref: ObjectRef, error: unknown): ObjectResult {
  const causes = statusOf(error)?.details?.causes ?? [];
  const conflicts = causes
    .filter((c) => c.reason === 'FieldManagerConflict')
    .map((c) => ({
      manager: /conflict with "([^"]*)"/.exec(c.message ?? '')?.[1] ?? '',
      field: c.field ?? '',
    }));
  if (statusCode(error) === 409 && conflicts.length > 0) {
    const owners = conflicts.map((c) => `${c.field} (field manager "${c.manager}")`).join(', ');
    return {
      object: ref,
      action: 'failed',
      conflicts,
      message: `${describeRef(ref)}: conflict with another field manager on ${owners}; apply with force to take the fields over`,
    };
  }
  return { object: ref, action: 'failed', message: `${describeRef(ref)}: ${errorMessage(error)}` };
}

/** Deletes one object; 404 (or its kind no longer served) means already gone. */
export async function deleteObject(
  client: ManifestClient,
  ref: ObjectRef,
): Promise<{ failed: boolean; gone: boolean; message?: { message: string } }> {
  try {
    if (!(await client.resourceOf(ref.apiVersion, ref.kind))) return { failed: false, gone: true };
    await client.delete(objectHeader(ref), undefined, undefined, undefined, undefined, 'Background');
    return { failed: false, gone: false };
  } catch (error) {
    if (statusCode(error) === 404) return { failed: false, gone: true };
    return { failed: true, gone: false, message: { message: `${describeRef(ref)}: ${errorMessage(error)}` } };
  }
}

/** Fills in the namespace of namespaced objects, removes it from cluster-scoped ones; refuses duplicates. */
async function scoped(
  client: ManifestClient,
  objects: readonly ManifestObject[],
  namespace: string,
): Promise<ManifestObject[]> {
  const bundleCrds = new Map<string, boolean>();
  for (const obj of objects) {
    if (!isCrd(refOf(obj))) continue;
    const spec = (obj as { spec?: { group?: unknown; names?: { kind?: unknown }; scope?: unknown } }).spec;
    bundleCrds.set(`${String(spec?.group)}/${String(spec?.names?.kind)}`, spec?.scope !== 'Cluster');
  }
  const seen = new Set<string>();
  const out: ManifestObject[] = [];
  for (const obj of objects) {
    let namespaced = bundleCrds.get(`${groupOf(obj.apiVersion)}/${obj.kind}`);
    if (namespaced === undefined) {
      const resource = await client.resourceOf(obj.apiVersion, obj.kind);
      if (!resource) {
        throw new ManifestError(
          `${obj.kind} ${obj.metadata.name}: the cluster does not serve ${obj.kind} in ${obj.apiVersion}`,
        );
      }
      namespaced = resource.namespaced;
    }
    if (namespaced) obj.metadata.namespace ||= namespace;
    else delete obj.metadata.namespace;
    const key = refKey(refOf(obj));
    if (seen.has(key)) throw new ManifestError(`${describeRef(refOf(obj))} appears twice in the bundle`);
    seen.add(key);
    out.push(obj);
  }
  return out;
}

function label(obj: ManifestObject, options: ApplyManifestsOptions): void {
  obj.metadata.labels = {
    ...obj.metadata.labels,
    [MANAGED_BY_LABEL]: labelValue(options.fieldManager),
    [OPERATION_LABEL]: labelValue(options.operationId),
  };
  obj.metadata.annotations = { ...obj.metadata.annotations, [INVENTORY_KEY_ANNOTATION]: options.key };
}

/** The value itself when it is a valid label value, else `h-` and 40 hex digits of its SHA-256. */
export function labelValue(value: string): string {
  if (/^(?:[A-Za-z0-9](?:[A-Za-z0-9._-]{0,61}[A-Za-z0-9])?)?$/.test(value)) return value;
  return `h-${createHash('sha256').update(value).digest('hex').slice(0, 40)}`;
}

function crdGroup(obj: ManifestObject): string {
  const spec = (obj as { spec?: { group?: unknown } }).spec;
  return typeof spec?.group === 'string'
    ? spec.group
    : obj.metadata.name.slice(obj.metadata.name.indexOf('.') + 1);
}

async function record(
  options: ApplyManifestsOptions,
  objects: ObjectRef[],
  digests: Readonly<Record<string, string>>,
): Promise<void> {
  const kept = new Set(objects.map(refKey));
  await options.inventory.put(options.key, {
    objects,
    operationId: options.operationId,
    updatedAt: new Date().toISOString(),
    digests: Object.fromEntries(Object.entries(digests).filter(([key]) => kept.has(key))),
  });
}

/** A digest of what the user wrote in an object (server bookkeeping left out): equal digests, same content. */
export function contentDigest(obj: KubernetesObject | Record<string, unknown>): string {
  return createHash('sha256')
    .update(canonical(content(obj)))
    .digest('base64url');
}

/** Whether apply changed nothing the user wrote: server bookkeeping (RV, managedFields, status) is ignored. */
export function sameContent(
  before: KubernetesObject | Record<string, unknown>,
  after: KubernetesObject | Record<string, unknown>,
): boolean {
  return canonical(content(before)) === canonical(content(after));
}

function content(obj: KubernetesObject | Record<string, unknown>): unknown {
  const { status: _status, metadata, ...rest } = obj as KubernetesObject & { status?: unknown };
  const {
    resourceVersion: _rv,
    managedFields: _mf,
    generation: _g,
    creationTimestamp: _ct,
    uid: _uid,
    ...meta
  } = metadata ?? {};
  return { ...rest, metadata: meta };
}

function canonical(value: unknown): string {
  return JSON.stringify(value, (_key, v: unknown) =>
    v && typeof v === 'object' && !Array.isArray(v)
      ? Object.fromEntries(
          Object.entries(v as Record<string, unknown>).sort(([a], [b]) => a.localeCompare(b)),
        )
      : v,
  );
}
