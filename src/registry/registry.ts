import { builtinResources } from '../api/catalog/index.js';
import type { ResourceDefinition } from '../api/types.js';
import { rootCluster, type ClusterScope, type RequestContext } from '../machinery/context.js';
import type { KubeObject } from '../machinery/object.js';
import { strategyFor } from './strategies.js';
import { ResourceStore, type StoreDeps } from './resource-store.js';

/**
 * A subresource that is an action rather than stored state (like upstream's TokenRequest): the handler
 * receives the decoded body and returns the response object.
 */
export interface SubresourceAction {
  /** Runs for POST on `<resource>/<name>/<subresource>`; throws StatusError to refuse. */
  create(ctx: RequestContext, namespace: string, name: string, body: KubeObject): Promise<KubeObject>;
}

/** Every served resource's generic store, looked up by group, version and plural. */
export class Registry {
  private readonly byGroupVersionResource = new Map<string, ResourceStore>();
  private readonly actions = new Map<string, SubresourceAction>();
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

  /** Installs the action behind a subresource the catalogue declares (e.g. tenants/kubeconfig). */
  registerAction(group: string, plural: string, subresource: string, action: SubresourceAction): void {
    this.actions.set(`${group}/${plural}/${subresource}`, action);
  }

  action(group: string, plural: string, subresource: string): SubresourceAction | undefined {
    return this.actions.get(`${group}/${plural}/${subresource}`);
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

  /** The resources a logical cluster serves: root-only ones (tenants) appear in the root cluster alone. */
  servedIn(cluster: ClusterScope): readonly ResourceStore[] {
    const isRoot = cluster.kind === 'one' && cluster.name === rootCluster;
    return isRoot ? this.ordered : this.ordered.filter((rs) => rs.def.rootOnly !== true);
  }

  /** A resource as served in `cluster`, or undefined when the cluster does not serve it. */
  findIn(cluster: ClusterScope, group: string, version: string, plural: string): ResourceStore | undefined {
    const rs = this.find(group, version, plural);
    const isRoot = cluster.kind === 'one' && cluster.name === rootCluster;
    return rs !== undefined && (rs.def.rootOnly !== true || isRoot) ? rs : undefined;
  }
}

function lookupKey(group: string, version: string, plural: string): string {
  return `${group}/${version}/${plural}`;
}
