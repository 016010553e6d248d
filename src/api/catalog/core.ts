import type { ResourceDefinition } from '../types.js';
import { all, groupVersion } from './define.js';

const v1 = groupVersion('', 'v1');

/** core/v1 as kube-apiserver serves it (pkg/registry/core/<kind>/storage/storage.go ShortNames/Categories). */
export const coreResources: readonly ResourceDefinition[] = [
  v1.namespaced('ConfigMap', 'configmaps', { shortNames: ['cm'] }),
  // Upstream's singular for Endpoints is the plural word.
  v1.namespaced('Endpoints', 'endpoints', { shortNames: ['ep'], singular: 'endpoints' }),
  v1.namespaced('Event', 'events', { shortNames: ['ev'] }),
  v1.namespaced('LimitRange', 'limitranges', { shortNames: ['limits'] }),
  // Namespaces have no deletecollection (the namespace REST storage does not implement it).
  v1.cluster('Namespace', 'namespaces', {
    shortNames: ['ns'],
    verbs: ['create', 'delete', 'get', 'list', 'patch', 'update', 'watch'],
    subresources: ['finalize', 'status'],
  }),
  v1.cluster('Node', 'nodes', { shortNames: ['no'], subresources: ['status'] }),
  v1.namespaced('PersistentVolumeClaim', 'persistentvolumeclaims', {
    shortNames: ['pvc'],
    subresources: ['status'],
  }),
  v1.cluster('PersistentVolume', 'persistentvolumes', { shortNames: ['pv'], subresources: ['status'] }),
  v1.namespaced('Pod', 'pods', { shortNames: ['po'], categories: all, subresources: ['status'] }),
  v1.namespaced('PodTemplate', 'podtemplates'),
  v1.namespaced('ReplicationController', 'replicationcontrollers', {
    shortNames: ['rc'],
    categories: all,
    subresources: ['scale', 'status'],
  }),
  v1.namespaced('ResourceQuota', 'resourcequotas', { shortNames: ['quota'], subresources: ['status'] }),
  v1.namespaced('Secret', 'secrets'),
  v1.namespaced('ServiceAccount', 'serviceaccounts', { shortNames: ['sa'], subresources: ['token'] }),
  v1.namespaced('Service', 'services', { shortNames: ['svc'], categories: all, subresources: ['status'] }),
];
