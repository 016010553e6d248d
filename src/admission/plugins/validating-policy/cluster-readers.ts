/**
 * Reads of the request's logical cluster that policies and webhooks need (namespaces for selectors and
 * namespaceObject, params), done as the system through the registry, like upstream's loopback informers.
 */
import { apiVersionOf } from '../../../api/types.js';
import type { ClusterName } from '../../../machinery/context.js';
import { isStatusError } from '../../../machinery/errors.js';
import type { KubeObject } from '../../../machinery/object.js';
import {
  clusterContext,
  listObjects,
  parseListQuery,
  type Registry,
  type ResourceStore,
} from '../../../registry/index.js';
import type { ParamStore } from './dispatcher.js';
import type { NamespaceReader } from './matching.js';
import type { ParamKind } from './policy.js';

async function getOrUndefined(
  rs: ResourceStore,
  cluster: ClusterName,
  signal: AbortSignal,
  namespace: string,
  name: string,
): Promise<KubeObject | undefined> {
  try {
    return await rs.get(clusterContext(cluster, signal, 'admission-policies'), namespace, name);
  } catch (error) {
    if (isStatusError(error, 'NotFound')) return undefined;
    throw error;
  }
}

/** Namespaces of `cluster`. */
export function clusterNamespaces(
  registry: Registry,
  cluster: ClusterName,
  signal: AbortSignal,
): NamespaceReader {
  const namespaces = registry.preferred('', 'namespaces');
  if (namespaces === undefined) throw new Error('namespaces must be registered');
  return { get: (name) => getOrUndefined(namespaces, cluster, signal, '', name) };
}

/** The objects of a paramKind as `cluster` serves it (built-in or its own custom resources). */
export function clusterParamStore(
  registry: Registry,
  cluster: ClusterName,
  signal: AbortSignal,
  kind: ParamKind,
): ParamStore | undefined {
  const rs = registry
    .servedIn({ kind: 'one', name: cluster })
    .find((candidate) => apiVersionOf(candidate.def) === kind.apiVersion && candidate.def.kind === kind.kind);
  if (rs === undefined) return undefined;
  return {
    namespaced: rs.def.namespaced,
    get: (namespace, name) => getOrUndefined(rs, cluster, signal, namespace, name),
    list: async (namespace) => {
      const ctx = clusterContext(cluster, signal, 'admission-policies');
      return (await listObjects(rs, ctx, namespace, parseListQuery(new URLSearchParams(), 'list'))).items;
    },
  };
}
