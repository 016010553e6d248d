import type { ResourceDefinition } from '../api/types.js';
import type { ClusterName } from '../machinery/context.js';

/**
 * The one place storage keys are built: `/<cluster>/<group>/<resource>/[<namespace>/]<name>`, with "core"
 * standing for the empty group. The cluster lives only in the key, never in stored JSON.
 */
function groupSegment(group: string): string {
  return group === '' ? 'core' : group;
}

export function resourcePrefix(cluster: ClusterName, def: ResourceDefinition): string {
  return `/${cluster}/${groupSegment(def.group)}/${def.plural}/`;
}

/** Prefix of a collection: all namespaces when `namespace` is empty. */
export function collectionPrefix(cluster: ClusterName, def: ResourceDefinition, namespace: string): string {
  const base = resourcePrefix(cluster, def);
  return def.namespaced && namespace !== '' ? `${base}${namespace}/` : base;
}

export function storageKey(
  cluster: ClusterName,
  def: ResourceDefinition,
  namespace: string,
  name: string,
): string {
  return def.namespaced
    ? `${resourcePrefix(cluster, def)}${namespace}/${name}`
    : `${resourcePrefix(cluster, def)}${name}`;
}

export interface ParsedKey {
  readonly cluster: string;
  readonly group: string;
  readonly resource: string;
  readonly namespace: string;
  readonly name: string;
}

/** Reverses storageKey; undefined for keys this layout did not make. */
export function parseStorageKey(key: string): ParsedKey | undefined {
  const parts = key.split('/');
  if (parts[0] !== '' || parts.length < 5 || parts.length > 6) return undefined;
  const [, cluster = '', group = '', resource = ''] = parts;
  const namespaced = parts.length === 6;
  return {
    cluster,
    group: group === 'core' ? '' : group,
    resource,
    namespace: namespaced ? (parts[4] ?? '') : '',
    name: (namespaced ? parts[5] : parts[4]) ?? '',
  };
}
