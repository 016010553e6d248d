/**
 * Small builders for the objects integration tests feed to `kubectl create -f -`. Each document is written
 * as JSON (valid YAML), so names such as "y" or "no" are never read as booleans.
 */
export type Manifest = Record<string, unknown>;

/** Joins objects into one multi-document YAML stream. */
export function documents(...objects: readonly Manifest[]): string {
  return objects.map((object) => JSON.stringify(object, null, 2)).join('\n---\n') + '\n';
}

export function namespace(name: string, metadata: Manifest = {}): Manifest {
  return { apiVersion: 'v1', kind: 'Namespace', metadata: { name, ...metadata } };
}

export interface ConfigMapOptions {
  readonly labels?: Record<string, string>;
  readonly annotations?: Record<string, string>;
  readonly finalizers?: readonly string[];
  readonly ownerReferences?: readonly Manifest[];
  readonly resourceVersion?: string;
  readonly data?: Record<string, string>;
}

export function configMap(namespace: string, name: string, options: ConfigMapOptions = {}): Manifest {
  const { data, ...metadata } = options;
  return {
    apiVersion: 'v1',
    kind: 'ConfigMap',
    metadata: { name, namespace, ...metadata },
    ...(data === undefined ? {} : { data }),
  };
}

/** An ownerReference to a ConfigMap, as the garbage collector matches it (by uid). */
export function ownedByConfigMap(name: string, uid: string, extra: Manifest = {}): Manifest {
  return { apiVersion: 'v1', kind: 'ConfigMap', name, uid, ...extra };
}
