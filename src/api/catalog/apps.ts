import type { ResourceDefinition } from '../types.js';
import { all, groupVersion } from './define.js';

const v1 = groupVersion('apps', 'v1');

export const appsResources: readonly ResourceDefinition[] = [
  v1.namespaced('ControllerRevision', 'controllerrevisions'),
  v1.namespaced('DaemonSet', 'daemonsets', { shortNames: ['ds'], categories: all, subresources: ['status'] }),
  v1.namespaced('Deployment', 'deployments', {
    shortNames: ['deploy'],
    categories: all,
    subresources: ['scale', 'status'],
  }),
  v1.namespaced('ReplicaSet', 'replicasets', {
    shortNames: ['rs'],
    categories: all,
    subresources: ['scale', 'status'],
  }),
  v1.namespaced('StatefulSet', 'statefulsets', {
    shortNames: ['sts'],
    categories: all,
    subresources: ['scale', 'status'],
  }),
];
