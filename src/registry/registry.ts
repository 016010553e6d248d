import { builtinResources } from '../api/catalog/index.js';
import type { ResourceDefinition } from '../api/types.js';
import { strategyFor } from './strategies.js';
import { ResourceStore, type StoreDeps } from './resource-store.js';

/** Every served resource's generic store, looked up by group, version and plural. */
export class Registry {
  private readonly byGroupVersionResource = new Map<string, ResourceStore>();
  private readonly ordered: ResourceStore[] = [];

  constructor(readonly deps: StoreDeps) {
    for (const def of builtinResources) this.register(def);
  }

  register(def: ResourceDefinition): ResourceStore {
    const rs = new ResourceStore(def, strategyFor(def.group, def.plural), this.deps);
    this.byGroupVersionResource.set(lookupKey(def.group, def.version, def.plural), rs);
    this.ordered.push(rs);
    return rs;
  }

  find(group: string, version: string, plural: string): ResourceStore | undefined {
    return this.byGroupVersionResource.get(lookupKey(group, version, plural));
  }

  /** The store of a resource by group and plural at its preferred (first registered) version. */
  preferred(group: string, plural: string): ResourceStore | undefined {
    return this.ordered.find((rs) => rs.def.group === group && rs.def.plural === plural);
  }

  /** All resources, in discovery priority order. */
  resources(): readonly ResourceStore[] {
    return this.ordered;
  }
}

function lookupKey(group: string, version: string, plural: string): string {
  return `${group}/${version}/${plural}`;
}
