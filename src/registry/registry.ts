import { builtinResources } from '../api/catalog/index.js';
import type { ResourceDefinition } from '../api/types.js';
import {
  rootCluster,
  type ClusterName,
  type ClusterScope,
  type RequestContext,
} from '../machinery/context.js';
import type { KubeObject } from '../machinery/object.js';
import { strategyFor } from './strategies.js';
import { ResourceStore, type StoreDeps } from './resource-store.js';
import type { Strategy } from './strategy.js';

/**
 * A subresource that is an action rather than stored state (like upstream's TokenRequest): the handler
 * receives the decoded body and returns the response object.
 */
export interface SubresourceAction {
  /** Runs for POST on `<resource>/<name>/<subresource>`; throws StatusError to refuse. */
  create(ctx: RequestContext, namespace: string, name: string, body: KubeObject): Promise<KubeObject>;
}

/** A resource defined by a CustomResourceDefinition in one logical cluster. */
export interface CustomResource {
  readonly def: ResourceDefinition;
  readonly strategy: Strategy;
}

/** The custom resources of one logical cluster, in discovery order. */
interface ClusterResources {
  readonly byGroupVersionResource: ReadonlyMap<string, ResourceStore>;
  readonly ordered: readonly ResourceStore[];
}

/**
 * Every served resource's generic store, looked up by group, version and plural: the built-in ones, shared
 * by every logical cluster, and each cluster's own custom resources (its CRDs), kept only for clusters that
 * have any.
 */
export class Registry {
  private readonly byGroupVersionResource = new Map<string, ResourceStore>();
  private readonly actions = new Map<string, SubresourceAction>();
  private readonly ordered: ResourceStore[] = [];
  private readonly custom = new Map<ClusterName, ClusterResources>();
  private readonly customListeners: ((stores: readonly ResourceStore[]) => void)[] = [];

  constructor(readonly deps: StoreDeps) {
    for (const def of builtinResources) this.register(def);
  }

  register(def: ResourceDefinition): ResourceStore {
    const rs = new ResourceStore(def, strategyFor(def.group, def.plural), this.deps);
    this.byGroupVersionResource.set(lookupKey(def.group, def.version, def.plural), rs);
    this.ordered.push(rs);
    return rs;
  }

  /** Replaces the custom resources a cluster serves (called by the CRD controller); empty releases it. */
  setCustomResources(cluster: ClusterName, resources: readonly CustomResource[]): void {
    if (resources.length === 0) {
      this.custom.delete(cluster);
      return;
    }
    const ordered = resources.map(({ def, strategy }) => new ResourceStore(def, strategy, this.deps));
    this.custom.set(cluster, {
      ordered,
      byGroupVersionResource: new Map(
        ordered.map((rs) => [lookupKey(rs.def.group, rs.def.version, rs.def.plural), rs]),
      ),
    });
    for (const listener of this.customListeners) listener(ordered);
  }

  /** Calls `listener` with a cluster's custom resources whenever they are (re)published. */
  onCustomResources(listener: (stores: readonly ResourceStore[]) => void): void {
    this.customListeners.push(listener);
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

  /**
   * The resources a logical cluster serves: the built-ins (root-only ones such as tenants in the root
   * cluster alone), then the cluster's custom resources.
   */
  servedIn(cluster: ClusterScope): readonly ResourceStore[] {
    if (cluster.kind !== 'one') return this.ordered.filter((rs) => rs.def.rootOnly !== true);
    const builtin =
      cluster.name === rootCluster ? this.ordered : this.ordered.filter((rs) => rs.def.rootOnly !== true);
    const custom = this.custom.get(cluster.name)?.ordered ?? [];
    return custom.length === 0 ? builtin : [...builtin, ...custom];
  }

  /** A resource as served in `cluster`, or undefined when the cluster does not serve it. */
  findIn(cluster: ClusterScope, group: string, version: string, plural: string): ResourceStore | undefined {
    const key = lookupKey(group, version, plural);
    const builtin = this.byGroupVersionResource.get(key);
    const isRoot = cluster.kind === 'one' && cluster.name === rootCluster;
    if (builtin !== undefined) return builtin.def.rootOnly !== true || isRoot ? builtin : undefined;
    return cluster.kind === 'one'
      ? this.custom.get(cluster.name)?.byGroupVersionResource.get(key)
      : undefined;
  }
}

function lookupKey(group: string, version: string, plural: string): string {
  return `${group}/${version}/${plural}`;
}
