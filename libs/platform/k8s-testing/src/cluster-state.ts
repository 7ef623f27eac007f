import { randomUUID } from 'node:crypto';
import { alreadyExists, badRequest, conflict, invalid, KubeApiError, notFound } from './api-error.js';
import { resourceTypeFromCrd } from './catalogue/crd-resource-type.js';
import { ResourceRegistry } from './catalogue/resource-registry.js';
import { apiVersionOf, splitApiVersion, type ResourceType } from './catalogue/resource-type.js';
import { isPlainRecord, type KubeObject, type KubeObjectMeta } from './kube-object.js';
import { managedFieldsOf, recordUpdate, serverSideApply } from './apply/server-side-apply.js';
import { applyJsonPatch } from './patch/json-patch.js';
import { applyMergePatch } from './patch/merge-patch.js';
import { type ChangeEvent } from './store/event-log.js';
import { ObjectStore } from './store/object-store.js';
import { OwnerIndex } from './store/owner-index.js';
import { parseStored, type StoredObject } from './store/stored-object.js';

/** merge = RFC 7386; strategic is served as merge; apply (server-side apply) creates or merges. */
export type PatchType = 'merge' | 'json' | 'strategic' | 'apply';

const CRD_ID = 'apiextensions.k8s.io/customresourcedefinitions';
const POD_ID = '/pods';
const NAMESPACE_ID = '/namespaces';
const UNDELETABLE_NAMESPACES = new Set(['default', 'kube-system', 'kube-public']);
const INITIAL_NAMESPACES = ['default', 'kube-system', 'kube-public', 'kube-node-lease'];

/**
 * How a write arrived. Requests (`viaApi`) follow the apiserver's rules: `.status` only through the status
 * subresource for kinds that have one, managedFields kept by the server. The programmatic API (`PROGRAMMATIC`)
 * seeds objects as given, status included.
 */
export interface WriteContext {
  viaApi: boolean;
  subresource?: 'status';
  fieldManager?: string;
  force?: boolean;
  /** The manager of an Update without `fieldManager` (the apiserver uses the user agent's product). */
  userAgent?: string;
  /** `dryRun=All`: everything is checked and the result answered, nothing is stored or announced. */
  dryRun?: boolean;
}

export const PROGRAMMATIC: WriteContext = { viaApi: false };

/** `Background` and `Foreground` both delete dependents at once, inside the owner's delete. */
export type PropagationPolicy = 'Background' | 'Foreground' | 'Orphan';

export interface ClusterStateOptions {
  compactionWindow: number;
  clusterUid: string;
  onChange: (event: ChangeEvent) => void;
}

/** The apiserver's semantics (validation, metadata, preconditions, cascades, CRDs) over the object store. */
export class ClusterState {
  readonly registry = new ResourceRegistry();
  readonly store: ObjectStore;
  private readonly namespaceType: ResourceType;
  private readonly owners = new OwnerIndex();

  constructor(options: ClusterStateOptions) {
    this.store = new ObjectStore(options.compactionWindow, (event) => {
      this.owners.track(event);
      options.onChange(event);
    });
    this.namespaceType = this.registry.byIdentity(NAMESPACE_ID) as ResourceType;
    for (const name of INITIAL_NAMESPACES) {
      const uid = name === 'kube-system' ? options.clusterUid : randomUUID();
      this.create(
        this.namespaceType,
        '',
        { apiVersion: 'v1', kind: 'Namespace', metadata: { name, uid } },
        PROGRAMMATIC,
        true,
      );
    }
  }

  /** Resolves apiVersion + kind to a served resource, or a 404 like an unknown REST mapping. */
  typeOf(apiVersion: string | undefined, kind: string | undefined): ResourceType {
    const { group, version } = splitApiVersion(apiVersion ?? '');
    const type = this.registry.byKind(group, version, kind ?? '');
    if (!type) {
      throw new KubeApiError(
        404,
        'NotFound',
        `the server could not find the requested resource (${apiVersion} ${kind})`,
      );
    }
    return type;
  }

  get(type: ResourceType, namespace: string, name: string): StoredObject {
    const stored = this.store.get(type, type.namespaced ? namespace : '', name);
    if (!stored) throw notFound(type.plural, name, type.group);
    return stored;
  }

  /** `keepUid` lets the initial namespaces carry stable UIDs; requests never choose their UID. */
  create(
    type: ResourceType,
    namespace: string,
    input: unknown,
    context: WriteContext = PROGRAMMATIC,
    keepUid = false,
  ): StoredObject {
    let obj = this.normalize(type, namespace, input);
    if (context.viaApi) {
      delete obj.metadata.managedFields;
      obj = this.shapeStatus(type, undefined, obj, context);
      if (context.fieldManager) {
        obj = recordUpdate(undefined, obj, context.fieldManager, obj.apiVersion, now(), context.subresource);
      }
    }
    return this.insert(type, obj, keepUid, context.dryRun);
  }

  private insert(type: ResourceType, obj: KubeObject, keepUid = false, dryRun = false): StoredObject {
    const meta = obj.metadata;
    if (!meta.name && meta.generateName) meta.name = meta.generateName + randomSuffix();
    const name = meta.name ?? '';
    if (!name)
      throw invalid(
        type.kind,
        '',
        'metadata.name: Required value: name or generateName is required',
        type.group,
      );
    validateName(type, name);
    if (this.store.get(type, meta.namespace ?? '', name)) throw alreadyExists(type.plural, name, type.group);
    if (type.namespaced) this.requireNamespace(meta.namespace ?? '');
    const crdType = type.id === CRD_ID ? resourceTypeFromCrd(obj) : undefined;
    const uid = keepUid && meta.uid ? meta.uid : randomUUID();
    const build = (rv: number) =>
      withServerFields(decorate(type, obj), { uid, rv, generation: 1, creationTimestamp: now() });
    if (dryRun) return this.store.preview(type, build);
    const stored = this.store.put(type, build);
    if (crdType) this.registry.register(crdType);
    return stored;
  }

  replace(
    type: ResourceType,
    namespace: string,
    name: string,
    input: unknown,
    context: WriteContext = PROGRAMMATIC,
  ): StoredObject {
    const obj = this.normalize(type, namespace, input);
    if (obj.metadata.name !== name) {
      throw badRequest(
        `the name of the object (${obj.metadata.name ?? ''}) does not match the name on the URL (${name})`,
      );
    }
    const current = this.get(type, namespace, name);
    const requested = obj.metadata.resourceVersion;
    if (requested && requested !== String(current.rv)) throw conflict(type.plural, name, type.group);
    return this.update(type, current, this.asRequested(type, current, obj, context), context.dryRun);
  }

  /** Create when absent, otherwise replace without a resourceVersion precondition. */
  apply(type: ResourceType, namespace: string, input: unknown): StoredObject {
    const obj = this.normalize(type, namespace, input);
    const current = this.store.get(type, obj.metadata.namespace ?? '', obj.metadata.name ?? '');
    if (!current) return this.insert(type, obj);
    delete obj.metadata.resourceVersion;
    return this.update(type, current, obj);
  }

  patch(
    type: ResourceType,
    namespace: string,
    name: string,
    patchType: PatchType,
    patch: unknown,
    context: WriteContext = PROGRAMMATIC,
  ): StoredObject {
    if (patchType === 'apply') return this.serverSideApply(type, namespace, name, patch, context);
    const current = this.get(type, namespace, name);
    const before = parseStored(current);
    const after = patchType === 'json' ? applyJsonPatch(before, patch) : applyMergePatch(before, patch);
    if (!isPlainRecord(after) || !isPlainRecord(after['metadata']))
      throw badRequest('the patch removed metadata');
    const patched = after as KubeObject;
    if (patched.metadata.resourceVersion !== String(current.rv))
      throw conflict(type.plural, name, type.group);
    patched.metadata.name = name;
    const next = this.normalize(type, namespace, patched);
    return this.update(type, current, this.asRequested(type, current, next, context), context.dryRun);
  }

  /** Server-side apply (see `serverSideApply`); creates the object when it does not exist. */
  private serverSideApply(
    type: ResourceType,
    namespace: string,
    name: string,
    patch: unknown,
    context: WriteContext,
  ): StoredObject {
    if (!context.fieldManager) {
      throw new KubeApiError(
        422,
        'Invalid',
        'PatchOptions.meta.k8s.io "" is invalid: fieldManager: Required value: is required for apply patch',
      );
    }
    const applied = this.normalize(type, namespace, patch);
    if (applied.metadata.name !== name)
      throw badRequest('the name of the object does not match the name on the URL');
    if (applied.metadata.managedFields !== undefined) {
      throw badRequest('metadata.managedFields must be nil');
    }
    const current = this.store.get(type, applied.metadata.namespace ?? '', name);
    if (!current && context.subresource) throw notFound(type.plural, name, type.group);
    const requested = applied.metadata.resourceVersion;
    if (current && requested && requested !== String(current.rv)) {
      throw conflict(type.plural, name, type.group);
    }
    const before = current ? parseStored(current) : undefined;
    let intent: KubeObject = applied;
    if (context.subresource === 'status') {
      intent = {
        apiVersion: applied.apiVersion,
        kind: applied.kind,
        metadata: {},
        status: applied['status'],
      };
    } else if (context.viaApi && type.statusSubresource) {
      const { status: _status, ...rest } = applied;
      intent = rest as KubeObject;
    }
    const merged = serverSideApply(before, intent, {
      manager: context.fieldManager,
      force: context.force ?? false,
      apiVersion: applied.apiVersion,
      subresource: context.subresource,
      time: now(),
    });
    merged.metadata = { ...merged.metadata, name, namespace: applied.metadata.namespace };
    if (!type.namespaced) delete merged.metadata.namespace;
    if (!current || !before) {
      return this.insert(type, this.shapeStatus(type, undefined, merged, context), false, context.dryRun);
    }
    delete merged.metadata.resourceVersion;
    return this.update(type, current, merged, context.dryRun);
  }

  /**
   * What a request may change: `.status` through the status subresource only (for kinds that have one); the
   * server keeps managedFields, recording the change as an Update once the object has managers or the request
   * names its `fieldManager`.
   */
  private asRequested(
    type: ResourceType,
    current: StoredObject,
    next: KubeObject,
    context: WriteContext,
  ): KubeObject {
    if (!context.viaApi) return next;
    const before = parseStored(current);
    let shaped = this.shapeStatus(type, before, next, context);
    shaped = { ...shaped, metadata: { ...shaped.metadata } };
    delete shaped.metadata.managedFields;
    if (before.metadata.managedFields !== undefined) {
      shaped.metadata.managedFields = before.metadata.managedFields;
    }
    const manager = context.fieldManager ?? (managedFieldsOf(before).length > 0 ? managerOf(context) : '');
    if (!manager) return shaped;
    return recordUpdate(before, shaped, manager, next.apiVersion, now(), context.subresource);
  }

  private shapeStatus(
    type: ResourceType,
    before: KubeObject | undefined,
    next: KubeObject,
    context: WriteContext,
  ): KubeObject {
    if (!context.viaApi || !type.statusSubresource) return next;
    if (context.subresource === 'status') {
      if (!before) return next;
      return { ...before, metadata: { ...before.metadata }, status: next['status'] };
    }
    const { status: _status, ...rest } = next;
    if (before?.['status'] !== undefined) return { ...rest, status: before['status'] } as KubeObject;
    // The apiserver's pod strategy starts every pod Pending.
    return (type.id === POD_ID ? { ...rest, status: { phase: 'Pending' } } : rest) as KubeObject;
  }

  delete(
    type: ResourceType,
    namespace: string,
    name: string,
    propagation: PropagationPolicy = 'Background',
  ): StoredObject {
    if (type.id === NAMESPACE_ID && UNDELETABLE_NAMESPACES.has(name)) {
      throw new KubeApiError(
        403,
        'Forbidden',
        `namespaces "${name}" is forbidden: this namespace may not be deleted`,
        {
          name,
          kind: 'namespaces',
        },
      );
    }
    const owner = this.get(type, namespace, name);
    if (type.id === NAMESPACE_ID) this.deleteNamespaceContents(name);
    if (type.id === CRD_ID) this.uninstallCrd(name);
    const removed = this.store.remove(type, type.namespaced ? namespace : '', name) as StoredObject;
    this.collectDependents(owner.uid, propagation);
    return removed;
  }

  /** The garbage collector: dependents of a deleted owner are deleted (recursively) or, for Orphan, released. */
  private collectDependents(ownerUid: string, propagation: PropagationPolicy): void {
    for (const dependent of this.owners.dependentsOf(ownerUid)) {
      const type = this.registry.byIdentity(dependent.resourceId);
      const current = type && this.store.get(type, dependent.namespace, dependent.name);
      if (!type || !current) continue;
      if (propagation !== 'Orphan') {
        this.delete(type, dependent.namespace, dependent.name, propagation);
        continue;
      }
      const obj = parseStored(current);
      const refs = obj.metadata['ownerReferences'];
      const kept = Array.isArray(refs) ? refs.filter((r) => !isPlainRecord(r) || r['uid'] !== ownerUid) : [];
      if (kept.length > 0) obj.metadata['ownerReferences'] = kept;
      else delete obj.metadata['ownerReferences'];
      this.update(type, current, obj);
    }
  }

  /** Seeds objects without per-request overhead; existing objects are replaced, missing namespaces created. */
  bulkLoad(objects: readonly unknown[]): number {
    const types = new Map<string, ResourceType>();
    const typed = objects.map((input) => {
      const obj = isPlainRecord(input) ? (input as KubeObject) : undefined;
      const gvk = `${obj?.apiVersion}|${obj?.kind}`;
      let type = types.get(gvk);
      if (!type) types.set(gvk, (type = this.typeOf(obj?.apiVersion, obj?.kind)));
      return { obj, type };
    });
    const first = (t: ResourceType) => t.id === NAMESPACE_ID || t.id === CRD_ID;
    for (const { obj, type } of typed) if (first(type)) this.apply(type, '', obj);
    for (const { obj, type } of typed) {
      const ns = obj?.metadata?.namespace;
      if (type.namespaced && ns && !this.store.get(this.namespaceType, '', ns)) {
        this.insert(this.namespaceType, { apiVersion: 'v1', kind: 'Namespace', metadata: { name: ns } });
      }
    }
    const creationTimestamp = now();
    for (const { obj, type } of typed) {
      if (first(type)) continue;
      const normalized = this.normalize(type, obj?.metadata?.namespace ?? 'default', obj);
      const current = this.store.get(
        type,
        normalized.metadata.namespace ?? '',
        normalized.metadata.name ?? '',
      );
      if (current) {
        this.update(type, current, normalized);
        continue;
      }
      validateName(type, normalized.metadata.name ?? '');
      const uid = randomUUID();
      this.store.put(type, (rv) =>
        withServerFields(normalized, { uid, rv, generation: 1, creationTimestamp }),
      );
    }
    return typed.length;
  }

  private update(type: ResourceType, current: StoredObject, next: KubeObject, dryRun = false): StoredObject {
    const before = parseStored(current);
    const generation = specOf(before) === specOf(next) ? current.generation : current.generation + 1;
    const crdType = type.id === CRD_ID ? resourceTypeFromCrd(next) : undefined;
    const build = (rv: number) =>
      withServerFields(decorate(type, next), {
        uid: current.uid,
        rv,
        generation,
        creationTimestamp: before.metadata.creationTimestamp ?? now(),
      });
    if (dryRun) return this.store.preview(type, build);
    const stored = this.store.put(type, build);
    if (crdType) this.registry.register(crdType);
    return stored;
  }

  private normalize(type: ResourceType, namespace: string, input: unknown): KubeObject {
    if (!isPlainRecord(input) || typeof input['kind'] !== 'string' || input['kind'] === '') {
      throw badRequest("Object 'Kind' is missing in the request body");
    }
    const { group, version } = splitApiVersion(
      typeof input['apiVersion'] === 'string' ? input['apiVersion'] : '',
    );
    if (group !== type.group || !type.versions.includes(version) || input['kind'] !== type.kind) {
      throw badRequest(
        `the API version in the data (${String(input['apiVersion'])}) does not match the expected API version (${apiVersionOf(type.group, type.versions[0] ?? '')}) or kind ${type.kind}`,
      );
    }
    const meta: KubeObjectMeta = isPlainRecord(input['metadata']) ? { ...input['metadata'] } : {};
    if (type.namespaced) {
      const ns = meta.namespace || namespace || 'default';
      if (namespace && meta.namespace && meta.namespace !== namespace) {
        throw badRequest(
          'the namespace of the provided object does not match the namespace sent on the request',
        );
      }
      meta.namespace = ns;
    } else delete meta.namespace;
    return { ...(input as KubeObject), metadata: meta };
  }

  private requireNamespace(namespace: string): void {
    if (!this.store.get(this.namespaceType, '', namespace)) throw notFound('namespaces', namespace);
  }

  private deleteNamespaceContents(namespace: string): void {
    for (const type of this.registry.all()) {
      if (!type.namespaced) continue;
      for (const key of this.store.keys(type, namespace)) {
        this.store.remove(type, namespace, key.slice(namespace.length + 1));
      }
    }
  }

  private uninstallCrd(crdName: string): void {
    const current = this.store.get(
      this.typeOf('apiextensions.k8s.io/v1', 'CustomResourceDefinition'),
      '',
      crdName,
    );
    if (!current) return;
    const type = resourceTypeFromCrd(parseStored(current));
    for (const key of this.store.keys(type)) {
      const slash = key.indexOf('/');
      this.store.remove(type, slash < 0 ? '' : key.slice(0, slash), slash < 0 ? key : key.slice(slash + 1));
    }
    this.store.dropCollection(type);
    this.registry.unregister(type.id);
  }
}

function withServerFields(
  obj: KubeObject,
  fields: { uid: string; rv: number; generation: number; creationTimestamp: string },
): KubeObject {
  return {
    ...obj,
    metadata: {
      ...obj.metadata,
      uid: fields.uid,
      resourceVersion: String(fields.rv),
      generation: fields.generation,
      creationTimestamp: fields.creationTimestamp,
    },
  };
}

/** What the real apiserver adds on its own: the namespace name label and phase, a CRD's established status. */
function decorate(type: ResourceType, obj: KubeObject): KubeObject {
  if (type.id === NAMESPACE_ID) {
    const name = obj.metadata.name ?? '';
    return {
      ...obj,
      metadata: { ...obj.metadata, labels: { ...obj.metadata.labels, 'kubernetes.io/metadata.name': name } },
      spec: isPlainRecord(obj['spec']) ? obj['spec'] : { finalizers: ['kubernetes'] },
      status: { phase: 'Active' },
    };
  }
  if (type.id === CRD_ID) {
    const spec = isPlainRecord(obj['spec']) ? obj['spec'] : {};
    const condition = (t: string, reason: string) => ({
      type: t,
      status: 'True',
      reason,
      lastTransitionTime: now(),
    });
    return {
      ...obj,
      status: {
        conditions: [
          condition('NamesAccepted', 'NoConflicts'),
          condition('Established', 'InitialNamesAccepted'),
        ],
        acceptedNames: spec['names'],
        storedVersions: (Array.isArray(spec['versions']) ? spec['versions'] : [])
          .filter(isPlainRecord)
          .filter((v) => v['storage'] === true)
          .map((v) => v['name']),
      },
    };
  }
  return obj;
}

function specOf(obj: KubeObject): string {
  const { metadata: _metadata, status: _status, ...rest } = obj;
  return JSON.stringify(rest);
}

function managerOf(context: WriteContext): string {
  const product = context.userAgent?.split('/')[0]?.trim();
  return product || 'unknown';
}

function validateName(type: ResourceType, name: string): void {
  if (name === '.' || name === '..' || /[/%]/.test(name) || name.length > 253) {
    throw invalid(
      type.kind,
      name,
      `metadata.name: Invalid value: "${name}": may not contain '/' or '%'`,
      type.group,
    );
  }
}

function now(): string {
  return new Date().toISOString().replace(/\.\d{3}Z$/, 'Z');
}

function randomSuffix(): string {
  const alphabet = 'bcdfghjklmnpqrstvwxz2456789';
  let suffix = '';
  for (let i = 0; i < 5; i++) suffix += alphabet[Math.floor(Math.random() * alphabet.length)];
  return suffix;
}
