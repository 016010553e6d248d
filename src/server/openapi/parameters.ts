/**
 * The query parameters, media types and shared meta types that kube-apiserver's installer attaches to each
 * kind of operation (k8s.io/apiserver pkg/endpoints/installer.go); descriptions are ours.
 */
export type QueryParam =
  | 'allowWatchBookmarks'
  | 'continue'
  | 'dryRun'
  | 'fieldManager'
  | 'fieldSelector'
  | 'fieldValidation'
  | 'force'
  | 'gracePeriodSeconds'
  | 'labelSelector'
  | 'limit'
  | 'orphanDependents'
  | 'propagationPolicy'
  | 'resourceVersion'
  | 'resourceVersionMatch'
  | 'sendInitialEvents'
  | 'timeoutSeconds'
  | 'watch';

/** Our own short descriptions and the types of the query parameters kube-apiserver documents. */
export const queryParams: Readonly<
  Record<QueryParam, { readonly type: string; readonly description: string }>
> = {
  allowWatchBookmarks: { type: 'boolean', description: 'Ask for BOOKMARK events in a watch.' },
  continue: { type: 'string', description: 'Token from a previous paged list: fetch the next page.' },
  dryRun: { type: 'string', description: 'If "All", run every stage of the request but persist nothing.' },
  fieldManager: { type: 'string', description: 'Name of the actor making the change, for managedFields.' },
  fieldSelector: { type: 'string', description: 'Restrict the result to objects whose fields match.' },
  fieldValidation: {
    type: 'string',
    description:
      'How to treat unknown or duplicate fields in the body: Ignore, Warn (the default: answer with a warning per field) or Strict (fail the request).',
  },
  force: { type: 'boolean', description: 'Apply requests only: take ownership of conflicting fields.' },
  gracePeriodSeconds: {
    type: 'integer',
    description: 'Seconds before the object is deleted; 0 is immediately.',
  },
  labelSelector: { type: 'string', description: 'Restrict the result to objects whose labels match.' },
  limit: { type: 'integer', description: 'Largest number of items to return; page with continue.' },
  orphanDependents: { type: 'boolean', description: 'Deprecated: use propagationPolicy.' },
  propagationPolicy: {
    type: 'string',
    description: 'Whether and how dependents are garbage-collected: Orphan, Background or Foreground.',
  },
  resourceVersion: {
    type: 'string',
    description: 'The resource version the result must be at least as new as.',
  },
  resourceVersionMatch: {
    type: 'string',
    description: 'How resourceVersion applies: Exact or NotOlderThan.',
  },
  sendInitialEvents: {
    type: 'boolean',
    description: 'Start a watch with the current objects, then a bookmark.',
  },
  timeoutSeconds: { type: 'integer', description: 'Time limit for the list or watch call.' },
  watch: { type: 'boolean', description: 'Stream changes instead of returning a list.' },
};

export const listParams: readonly QueryParam[] = [
  'allowWatchBookmarks',
  'continue',
  'fieldSelector',
  'labelSelector',
  'limit',
  'resourceVersion',
  'resourceVersionMatch',
  'sendInitialEvents',
  'timeoutSeconds',
  'watch',
];
export const writeParams: readonly QueryParam[] = ['dryRun', 'fieldManager', 'fieldValidation'];
export const patchParams: readonly QueryParam[] = ['dryRun', 'fieldManager', 'fieldValidation', 'force'];
export const deleteParams: readonly QueryParam[] = [
  'dryRun',
  'gracePeriodSeconds',
  'orphanDependents',
  'propagationPolicy',
];
export const deleteCollectionParams: readonly QueryParam[] = [
  'continue',
  'dryRun',
  'fieldSelector',
  'gracePeriodSeconds',
  'labelSelector',
  'limit',
  'orphanDependents',
  'propagationPolicy',
  'resourceVersion',
  'resourceVersionMatch',
  'sendInitialEvents',
  'timeoutSeconds',
];

export const statusType = 'io.k8s.apimachinery.pkg.apis.meta.v1.Status';
export const deleteOptionsType = 'io.k8s.apimachinery.pkg.apis.meta.v1.DeleteOptions';
export const watchEventType = 'io.k8s.apimachinery.pkg.apis.meta.v1.WatchEvent';

export const jsonPatch = 'application/json-patch+json';
export const mergePatch = 'application/merge-patch+json';
export const strategicMergePatch = 'application/strategic-merge-patch+json';
export const applyPatch = 'application/apply-patch+yaml';

/** What we answer in; watch streams add their framings. */
export const objectMediaTypes = [
  'application/json',
  'application/vnd.kubernetes.protobuf',
  'application/yaml',
];
export const streamMediaTypes = [
  'application/json',
  'application/json;stream=watch',
  'application/vnd.kubernetes.protobuf',
  'application/vnd.kubernetes.protobuf;stream=watch',
  'application/yaml',
];
