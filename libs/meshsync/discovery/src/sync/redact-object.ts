import type { ResourceKind } from '@meshplane/contracts';

const LAST_APPLIED = 'kubectl.kubernetes.io/last-applied-configuration';

export interface RedactionOptions {
  redactSecrets: boolean;
}

/**
 * What of an object leaves the cluster: never `metadata.managedFields` (bulky bookkeeping), and for Secrets
 * (unless disabled) the keys of `data`/`stringData` without their values, and no last-applied annotation
 * since `kubectl apply` copies the whole Secret, values included, into it.
 */
export function redactObject(
  kind: Pick<ResourceKind, 'group' | 'kind'>,
  object: Record<string, unknown>,
  options: RedactionOptions,
): Record<string, unknown> {
  const out: Record<string, unknown> = { ...object };
  const metadata = asRecord(object.metadata);
  if (metadata) {
    const { managedFields: _dropped, ...rest } = metadata;
    out.metadata = rest;
  }
  if (!options.redactSecrets || kind.group !== '' || kind.kind !== 'Secret') return out;
  for (const field of ['data', 'stringData'] as const) {
    const values = asRecord(object[field]);
    if (values) out[field] = Object.fromEntries(Object.keys(values).map((key) => [key, null]));
  }
  const meta = asRecord(out.metadata);
  const annotations = asRecord(meta?.annotations);
  if (meta && annotations && LAST_APPLIED in annotations) {
    const { [LAST_APPLIED]: _secret, ...kept } = annotations;
    out.metadata = { ...meta, annotations: kept };
  }
  return out;
}

function asRecord(value: unknown): Record<string, unknown> | undefined {
  return typeof value === 'object' && value !== null && !Array.isArray(value)
    ? (value as Record<string, unknown>)
    : undefined;
}
