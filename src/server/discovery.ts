import { createHash } from 'node:crypto';
import { apiVersionOf, type ResourceDefinition } from '../api/types.js';
import type { ClusterScope } from '../machinery/context.js';
import type { Registry } from '../registry/index.js';
import { parseAccept } from './negotiation.js';

/** Discovery documents, legacy and aggregated (apidiscovery.k8s.io/v2), derived from the registry. */
export const aggregatedDiscoveryType = 'application/json;g=apidiscovery.k8s.io;v=v2;as=APIGroupDiscoveryList';

interface GroupVersions {
  readonly group: string;
  readonly versions: string[];
}

function groupsOf(registry: Registry, cluster: ClusterScope): GroupVersions[] {
  const groups: GroupVersions[] = [];
  for (const { def } of registry.servedIn(cluster)) {
    let entry = groups.find((g) => g.group === def.group);
    if (entry === undefined) groups.push((entry = { group: def.group, versions: [] }));
    if (!entry.versions.includes(def.version)) entry.versions.push(def.version);
  }
  return groups;
}

function resourcesIn(
  registry: Registry,
  cluster: ClusterScope,
  group: string,
  version: string,
): ResourceDefinition[] {
  return registry
    .servedIn(cluster)
    .map((rs) => rs.def)
    .filter((d) => d.group === group && d.version === version);
}

/** Upstream storageVersionHash: the first 8 bytes of sha256("<group>/<version>/<kind>"), base64. */
function storageVersionHash(def: ResourceDefinition): string {
  return createHash('sha256')
    .update(`${def.group}/${def.version}/${def.kind}`)
    .digest()
    .subarray(0, 8)
    .toString('base64');
}

function groupVersionDoc(group: string, version: string) {
  return { groupVersion: group === '' ? version : `${group}/${version}`, version };
}

function apiGroupDoc(entry: GroupVersions) {
  const versions = entry.versions.map((v) => groupVersionDoc(entry.group, v));
  return { name: entry.group, versions, preferredVersion: versions[0] };
}

export function apiVersionsDoc(serverAddress: string) {
  return {
    kind: 'APIVersions',
    versions: ['v1'],
    serverAddressByClientCIDRs: [{ clientCIDR: '0.0.0.0/0', serverAddress }],
  };
}

export function apiGroupListDoc(registry: Registry, cluster: ClusterScope) {
  return {
    kind: 'APIGroupList',
    apiVersion: 'v1',
    groups: groupsOf(registry, cluster)
      .filter((g) => g.group !== '')
      .map(apiGroupDoc),
  };
}

export function apiGroupDocFor(registry: Registry, cluster: ClusterScope, group: string) {
  const entry = groupsOf(registry, cluster).find((g) => g.group === group);
  return entry === undefined ? undefined : { kind: 'APIGroup', apiVersion: 'v1', ...apiGroupDoc(entry) };
}

export function apiResourceListDoc(
  registry: Registry,
  cluster: ClusterScope,
  group: string,
  version: string,
) {
  const defs = resourcesIn(registry, cluster, group, version);
  if (defs.length === 0) return undefined;
  const resources = defs.flatMap((def) => [
    {
      name: def.plural,
      singularName: def.singular,
      namespaced: def.namespaced,
      kind: def.kind,
      verbs: [...def.verbs],
      ...(def.shortNames.length > 0 ? { shortNames: [...def.shortNames] } : {}),
      ...(def.categories.length > 0 ? { categories: [...def.categories] } : {}),
      storageVersionHash: storageVersionHash(def),
    },
    ...def.subresources.map((sub) => ({
      name: `${def.plural}/${sub.name}`,
      singularName: '',
      namespaced: def.namespaced,
      ...(sub.responseKind.group !== def.group || sub.responseKind.version !== def.version
        ? { group: sub.responseKind.group, version: sub.responseKind.version }
        : {}),
      kind: sub.responseKind.kind,
      verbs: [...sub.verbs],
    })),
  ]);
  return {
    kind: 'APIResourceList',
    apiVersion: 'v1',
    groupVersion: apiVersionOf({ group, version }),
    resources,
  };
}

function discoveryResource(def: ResourceDefinition) {
  return {
    resource: def.plural,
    responseKind: { group: def.group, version: def.version, kind: def.kind },
    scope: def.namespaced ? 'Namespaced' : 'Cluster',
    singularResource: def.singular,
    verbs: [...def.verbs],
    ...(def.shortNames.length > 0 ? { shortNames: [...def.shortNames] } : {}),
    ...(def.categories.length > 0 ? { categories: [...def.categories] } : {}),
    ...(def.subresources.length > 0
      ? {
          subresources: def.subresources.map((sub) => ({
            subresource: sub.name,
            responseKind: sub.responseKind,
            verbs: [...sub.verbs],
          })),
        }
      : {}),
  };
}

/** APIGroupDiscoveryList for `/api` (core only) or `/apis` (every named group). */
export function aggregatedDiscoveryDoc(registry: Registry, cluster: ClusterScope, core: boolean) {
  const groups = groupsOf(registry, cluster).filter((g) => (g.group === '') === core);
  return {
    kind: 'APIGroupDiscoveryList',
    apiVersion: 'apidiscovery.k8s.io/v2',
    metadata: {},
    items: groups.map((g) => ({
      metadata: { name: g.group },
      versions: g.versions.map((version) => ({
        version,
        resources: resourcesIn(registry, cluster, g.group, version).map(discoveryResource),
        freshness: 'Current',
      })),
    })),
  };
}

/** The client asked for aggregated discovery v2 ahead of plain JSON. */
export function wantsAggregatedDiscovery(accept: string | undefined): boolean {
  for (const range of parseAccept(accept)) {
    const aggregated =
      range.type === 'application/json' &&
      range.params.get('g') === 'apidiscovery.k8s.io' &&
      range.params.get('v') === 'v2' &&
      range.params.get('as') === 'APIGroupDiscoveryList';
    if (aggregated) return true;
    if (range.type === 'application/json' && !range.params.has('as')) return false;
  }
  return false;
}
