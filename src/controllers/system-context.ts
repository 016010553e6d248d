import { setMaxListeners } from 'node:events';
import type { ClusterName, RequestContext } from '../machinery/context.js';

/** The identity in-process controllers act as: a superuser scoped to one logical cluster. */
export function systemContext(cluster: ClusterName, signal: AbortSignal, component: string): RequestContext {
  // Every informer's watch listens on this one signal.
  setMaxListeners(0, signal);
  return {
    cluster: { kind: 'one', name: cluster },
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
