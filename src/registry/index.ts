export type { Admission, AdmissionOperation, AdmissionRequest } from './admission.js';
export { admitAll } from './admission.js';
export {
  deleteCollection,
  deleteObject,
  foregroundFinalizer,
  orphanFinalizer,
  type DeleteOptions,
  type DeleteResult,
  type PropagationPolicy,
} from './deletion.js';
export { parseListQuery, type ListQuery } from './list-options.js';
export { runInformer, type InformerHandlers, type ObjectEventType } from './informer.js';
export {
  clusterAnnotation,
  initialEventsEndAnnotation,
  listObjects,
  watchObjects,
  type ActiveWatch,
  type ApiWatchEvent,
  type ObjectList,
  type WatchSink,
} from './list-watch.js';
export { applyObject } from './apply.js';
export {
  applyPatchType,
  applyPatch,
  parsePatchType,
  patchedTypeName,
  patchObject,
  type PatchType,
} from './patch.js';
export { getScale, scaleOf, updateScale } from './scale.js';
export { Registry, type CustomResource, type SubresourceAction } from './registry.js';
export { purgeCluster } from './cluster-ops.js';
export { ClusterUsageTracker, type ClusterUsage } from './cluster-usage.js';
export { ResourceStore, type StoreDeps, type WriteOptions } from './resource-store.js';
export { collectionPrefix } from './keys.js';
export { columnsOf, parseIncludeObject, toTable, type IncludeObject, type Table } from './table.js';
export { clusterContext, clusterOfObject, wildcardContext } from './system-context.js';
export { crdCleanupFinalizer } from './apiextensions/crd.js';
export { tenantClusterFinalizer } from './tenancy/tenant.js';
export { crdOf, type Crd } from './custom-resources/crd.js';
export { customResourcesOf } from './custom-resources/resources.js';
export { ClusterConfigCache, type BuildConfig } from './cluster-cache.js';
