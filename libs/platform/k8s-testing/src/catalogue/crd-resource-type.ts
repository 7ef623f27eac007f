import { invalid } from '../api-error.js';
import { isPlainRecord, type KubeObject } from '../kube-object.js';
import { STANDARD_VERBS, type ResourceType } from './resource-type.js';

/** Reads the served resource out of a CustomResourceDefinition, rejecting what the real apiserver rejects. */
export function resourceTypeFromCrd(crd: KubeObject): ResourceType {
  const name = crd.metadata.name ?? '';
  const spec = isPlainRecord(crd['spec']) ? crd['spec'] : {};
  const names = isPlainRecord(spec['names']) ? spec['names'] : {};
  const group = stringField(spec['group']);
  const plural = stringField(names['plural']);
  const kind = stringField(names['kind']);
  const fail = (message: string) =>
    invalid('CustomResourceDefinition', name, message, 'apiextensions.k8s.io');
  if (!group || !plural || !kind)
    throw fail('spec.group, spec.names.plural and spec.names.kind are required');
  if (name !== `${plural}.${group}`)
    throw fail(`metadata.name: Invalid value: "${name}": must be spec.names.plural+"."+spec.group`);
  const scope = stringField(spec['scope']);
  if (scope !== 'Namespaced' && scope !== 'Cluster')
    throw fail('spec.scope: Unsupported value: must be Namespaced or Cluster');
  const served = (Array.isArray(spec['versions']) ? spec['versions'] : [])
    .filter(isPlainRecord)
    .filter((v) => v['served'] !== false);
  const versions = served.map((v) => stringField(v['name'])).filter((v) => v !== '');
  if (versions.length === 0)
    throw fail('spec.versions: Required value: must have at least one served version');
  return {
    id: `${group}/${plural}`,
    group,
    versions,
    kind,
    plural,
    singular: stringField(names['singular']) || kind.toLowerCase(),
    namespaced: scope === 'Namespaced',
    shortNames: Array.isArray(names['shortNames']) ? names['shortNames'].map(String) : [],
    verbs: STANDARD_VERBS,
    selectableFields: [],
    statusSubresource: served.some(
      (v) => isPlainRecord(v['subresources']) && v['subresources']['status'] !== undefined,
    ),
    crdName: name,
  };
}

function stringField(value: unknown): string {
  return typeof value === 'string' ? value : '';
}
