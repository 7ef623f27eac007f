import { builtinResourceTypes } from './builtin-catalogue.js';
import { type ResourceType } from './resource-type.js';

export interface ServedGroup {
  group: string;
  versions: string[];
}

/** Which resources the server serves: the built-in catalogue plus whatever CRDs installed. */
export class ResourceRegistry {
  private readonly byId = new Map<string, ResourceType>();
  private readonly byVersionPlural = new Map<string, ResourceType>();
  private readonly byVersionKind = new Map<string, ResourceType>();

  constructor() {
    for (const type of builtinResourceTypes()) this.register(type);
  }

  register(type: ResourceType): void {
    this.unregister(type.id);
    this.byId.set(type.id, type);
    for (const version of type.versions) {
      this.byVersionPlural.set(`${type.group}/${version}/${type.plural}`, type);
      this.byVersionKind.set(`${type.group}/${version}/${type.kind}`, type);
    }
  }

  unregister(id: string): ResourceType | undefined {
    const type = this.byId.get(id);
    if (!type) return undefined;
    this.byId.delete(id);
    for (const version of type.versions) {
      this.byVersionPlural.delete(`${type.group}/${version}/${type.plural}`);
      this.byVersionKind.delete(`${type.group}/${version}/${type.kind}`);
    }
    return type;
  }

  byPlural(group: string, version: string, plural: string): ResourceType | undefined {
    return this.byVersionPlural.get(`${group}/${version}/${plural}`);
  }

  byKind(group: string, version: string, kind: string): ResourceType | undefined {
    return this.byVersionKind.get(`${group}/${version}/${kind}`);
  }

  byIdentity(id: string): ResourceType | undefined {
    return this.byId.get(id);
  }

  all(): ResourceType[] {
    return [...this.byId.values()];
  }

  servesVersion(group: string, version: string): boolean {
    return this.resourcesIn(group, version).length > 0;
  }

  resourcesIn(group: string, version: string): ResourceType[] {
    return [...this.byId.values()].filter((t) => t.group === group && t.versions.includes(version));
  }

  /** Served groups in registration order, versions most preferred first. */
  groups(): ServedGroup[] {
    const groups = new Map<string, string[]>();
    for (const type of this.byId.values()) {
      const versions = groups.get(type.group) ?? [];
      for (const v of type.versions) if (!versions.includes(v)) versions.push(v);
      groups.set(type.group, versions);
    }
    return [...groups].map(([group, versions]) => ({ group, versions }));
  }
}
