import { setMaxListeners } from 'node:events';
import {
  parseClusterName,
  type ClusterName,
  type ClusterScope,
  type RequestContext,
} from '../machinery/context.js';
import type { KubeObject } from '../machinery/object.js';
import { clusterAnnotation } from './list-watch.js';

/** The identity in-process controllers act as: a superuser, scoped to one logical cluster or watching all. */
function systemContext(cluster: ClusterScope, signal: AbortSignal, component: string): RequestContext {
  // Every informer's watch listens on this one signal.
  setMaxListeners(0, signal);
  return {
    cluster,
    user: {
      name: `system:kubetenant:${component}`,
      uid: '',
      groups: ['system:masters', 'system:authenticated'],
      extra: {},
    },
    info: {
      isResourceRequest: true,
      path: '',
      verb: 'internal',
      apiPrefix: '',
      apiGroup: '',
      apiVersion: '',
      namespace: '',
      resource: '',
      subresource: '',
      name: '',
      parts: [],
    },
    signal,
    warnings: [],
  };
}

/** Context for writes and reads inside one logical cluster. */
export function clusterContext(cluster: ClusterName, signal: AbortSignal, component: string): RequestContext {
  return systemContext({ kind: 'one', name: cluster }, signal, component);
}

/** Context for cross-cluster informers: every object read through it names its cluster in an annotation. */
export function wildcardContext(signal: AbortSignal, component: string): RequestContext {
  return systemContext({ kind: 'all' }, signal, component);
}

/** The logical cluster of an object read through a wildcard context. */
export function clusterOfObject(obj: KubeObject): ClusterName {
  const name = parseClusterName(obj.metadata.annotations?.[clusterAnnotation] ?? '');
  if (name === undefined) throw new Error('object read without its cluster annotation');
  return name;
}
