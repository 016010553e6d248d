import type { ApiPackage } from './build.js';
import {
  admissionregistration,
  apiextensions,
  apps,
  authentication,
  authorization,
  autoscaling,
  autoscalingV1,
  batch,
  coordination,
  core,
  discovery,
  events,
  flowcontrol,
  meta,
  networking,
  node,
  policy,
  rbac,
  scheduling,
  storage,
} from './packages.js';
import type { KindSchema } from './types.js';

function served(group: string, version: string, pkg: ApiPackage, kinds: readonly string[]): KindSchema[] {
  return kinds.map((kind) => ({
    group,
    version,
    kind,
    type: pkg.name(kind),
    listType: pkg.name(`${kind}List`),
  }));
}

/** Kinds sent as request bodies only (reviews, subresources, options): they have no list. */
function bodies(group: string, version: string, pkg: ApiPackage, kinds: readonly string[]): KindSchema[] {
  return kinds.map((kind) => ({ group, version, kind, type: pkg.name(kind) }));
}

/** Every top-level kind of the registry; the served ones match `src/api/catalog`. */
export const builtinKinds: readonly KindSchema[] = [
  ...served('', 'v1', core, [
    'ConfigMap',
    'Endpoints',
    'Event',
    'LimitRange',
    'Namespace',
    'Node',
    'PersistentVolume',
    'PersistentVolumeClaim',
    'Pod',
    'PodTemplate',
    'ReplicationController',
    'ResourceQuota',
    'Secret',
    'Service',
    'ServiceAccount',
  ]),
  ...bodies('', 'v1', core, ['Binding']),
  ...served('apps', 'v1', apps, [
    'ControllerRevision',
    'DaemonSet',
    'Deployment',
    'ReplicaSet',
    'StatefulSet',
  ]),
  ...served('batch', 'v1', batch, ['CronJob', 'Job']),
  ...served('rbac.authorization.k8s.io', 'v1', rbac, [
    'ClusterRole',
    'ClusterRoleBinding',
    'Role',
    'RoleBinding',
  ]),
  ...served('networking.k8s.io', 'v1', networking, [
    'IPAddress',
    'Ingress',
    'IngressClass',
    'NetworkPolicy',
    'ServiceCIDR',
  ]),
  ...served('storage.k8s.io', 'v1', storage, [
    'CSIDriver',
    'CSINode',
    'CSIStorageCapacity',
    'StorageClass',
    'VolumeAttachment',
    'VolumeAttributesClass',
  ]),
  ...served('scheduling.k8s.io', 'v1', scheduling, ['PriorityClass']),
  ...served('node.k8s.io', 'v1', node, ['RuntimeClass']),
  ...served('policy', 'v1', policy, ['PodDisruptionBudget']),
  ...bodies('policy', 'v1', policy, ['Eviction']),
  ...served('coordination.k8s.io', 'v1', coordination, ['Lease']),
  ...served('events.k8s.io', 'v1', events, ['Event']),
  ...served('discovery.k8s.io', 'v1', discovery, ['EndpointSlice']),
  ...served('autoscaling', 'v2', autoscaling, ['HorizontalPodAutoscaler']),
  ...bodies('autoscaling', 'v1', autoscalingV1, ['Scale']),
  ...served('admissionregistration.k8s.io', 'v1', admissionregistration, [
    'MutatingWebhookConfiguration',
    'ValidatingAdmissionPolicy',
    'ValidatingAdmissionPolicyBinding',
    'ValidatingWebhookConfiguration',
  ]),
  ...served('flowcontrol.apiserver.k8s.io', 'v1', flowcontrol, ['FlowSchema', 'PriorityLevelConfiguration']),
  ...served('apiextensions.k8s.io', 'v1', apiextensions, ['CustomResourceDefinition']),
  ...bodies('authorization.k8s.io', 'v1', authorization, [
    'LocalSubjectAccessReview',
    'SelfSubjectAccessReview',
    'SelfSubjectRulesReview',
    'SubjectAccessReview',
  ]),
  ...bodies('authentication.k8s.io', 'v1', authentication, [
    'SelfSubjectReview',
    'TokenRequest',
    'TokenReview',
  ]),
  // Status is "unversioned": clients see it as apiVersion v1.
  ...bodies('', 'v1', meta, ['Status']),
  ...bodies('meta.k8s.io', 'v1', meta, ['DeleteOptions', 'Status', 'WatchEvent']),
];

/**
 * Kinds upstream registers into every group version (apimachinery `metav1.AddToGroupVersion`), so a client may
 * send e.g. `apps/v1, Kind=DeleteOptions`; they resolve to their meta.k8s.io/v1 type.
 */
export const everyGroupVersionKinds: ReadonlyMap<string, KindSchema> = new Map(
  ['DeleteOptions', 'Status', 'WatchEvent'].map((kind) => [
    kind,
    { group: 'meta.k8s.io', version: 'v1', kind, type: meta.name(kind) },
  ]),
);
