/** Where a request under /api or /apis points. */
export type ApiTarget =
  | { kind: 'root-discovery'; legacy: boolean }
  | { kind: 'group'; group: string }
  | { kind: 'version'; group: string; version: string }
  | ({ kind: 'resource' } & ResourcePath);

export interface ResourcePath {
  group: string;
  version: string;
  /** '' when the request is not namespace-qualified. */
  namespace: string;
  plural: string;
  name?: string;
  subresource?: string;
  /** The legacy `/watch/` path prefix. */
  watch: boolean;
}

export function parseApiPath(pathname: string): ApiTarget | undefined {
  const segments = pathname.split('/').filter(Boolean).map(decodeURIComponent);
  const [root, ...rest] = segments;
  if (root === 'api') {
    if (rest.length === 0) return { kind: 'root-discovery', legacy: true };
    return resourceOrVersion('', rest);
  }
  if (root === 'apis') {
    const [group, ...tail] = rest;
    if (group === undefined) return { kind: 'root-discovery', legacy: false };
    if (tail.length === 0) return { kind: 'group', group };
    return resourceOrVersion(group, tail);
  }
  return undefined;
}

function resourceOrVersion(group: string, segments: string[]): ApiTarget | undefined {
  const [version = '', ...rest] = segments;
  if (rest.length === 0) return { kind: 'version', group, version };
  const watch = rest[0] === 'watch';
  const path = watch ? rest.slice(1) : rest;
  if (path[0] === 'namespaces' && path.length >= 3) {
    const [, namespace = '', plural = '', name, subresource, ...extra] = path;
    if (extra.length > 0) return undefined;
    return { kind: 'resource', group, version, namespace, plural, name, subresource, watch };
  }
  const [plural = '', name, subresource, ...extra] = path;
  if (extra.length > 0 || plural === '') return undefined;
  return { kind: 'resource', group, version, namespace: '', plural, name, subresource, watch };
}
