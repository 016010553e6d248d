import {
  string,
  int32,
  int64,
  enumOf,
  mapOf,
  arrayOf,
  atomic,
  keyedBy,
  merge,
  opt,
  ptr,
  req,
} from './build.js';
import { meta, core, time, quantity } from './packages.js';
import type { TypeSchema } from './types.js';

export const coreV1NamespaceTypes: readonly TypeSchema[] = [
  core.kind('Namespace', 'A named scope that isolates a set of namespaced objects.', [
    opt('metadata', 1, meta.ref('ObjectMeta'), 'Standard object metadata.'),
    opt('spec', 2, core.ref('NamespaceSpec'), 'The desired state.'),
    opt('status', 3, core.ref('NamespaceStatus'), 'The observed state, written by the system.'),
  ]),
  core.type('NamespaceSpec', 'The desired behaviour of a namespace.', [
    opt('finalizers', 1, arrayOf(string, atomic)),
  ]),
  core.type('NamespaceStatus', 'The observed lifecycle state of a namespace.', [
    opt('phase', 1, enumOf('Active', 'Terminating')),
    opt('conditions', 2, arrayOf(core.ref('NamespaceCondition'), keyedBy('type'), merge('type'))),
  ]),
  core.type('NamespaceCondition', undefined, [
    req('type', 1, string),
    req('status', 2, string),
    opt('lastTransitionTime', 4, time),
    opt('reason', 5, string),
    opt('message', 6, string),
  ]),
  core.list('Namespace'),
  core.kind('ResourceQuota', 'Limits on the total resources and object counts of a namespace.', [
    opt('metadata', 1, meta.ref('ObjectMeta'), 'Standard object metadata.'),
    opt('spec', 2, core.ref('ResourceQuotaSpec'), 'The desired state.'),
    opt('status', 3, core.ref('ResourceQuotaStatus'), 'The observed state, written by the system.'),
  ]),
  core.type('ResourceQuotaSpec', 'The hard limits and scopes a resource quota enforces.', [
    opt('hard', 1, mapOf(quantity), 'Limits per resource name.'),
    opt(
      'scopes',
      2,
      arrayOf(
        enumOf(
          'Terminating',
          'NotTerminating',
          'BestEffort',
          'NotBestEffort',
          'PriorityClass',
          'CrossNamespacePodAffinity',
          'VolumeAttributesClass',
        ),
        atomic,
      ),
    ),
    ptr('scopeSelector', 3, core.ref('ScopeSelector')),
  ]),
  core.type('ResourceQuotaStatus', 'The enforced limits and the current usage of a resource quota.', [
    opt('hard', 1, mapOf(quantity)),
    opt('used', 2, mapOf(quantity), 'Current usage per resource name.'),
  ]),
  core.type(
    'ScopeSelector',
    undefined,
    [opt('matchExpressions', 1, arrayOf(core.ref('ScopedResourceSelectorRequirement'), atomic))],
    { mapType: 'atomic' },
  ),
  core.type('ScopedResourceSelectorRequirement', undefined, [
    req(
      'scopeName',
      1,
      enumOf(
        'Terminating',
        'NotTerminating',
        'BestEffort',
        'NotBestEffort',
        'PriorityClass',
        'CrossNamespacePodAffinity',
        'VolumeAttributesClass',
      ),
    ),
    req('operator', 2, enumOf('In', 'NotIn', 'Exists', 'DoesNotExist')),
    opt('values', 3, arrayOf(string, atomic)),
  ]),
  core.list('ResourceQuota'),
  core.kind('LimitRange', 'Per-namespace default, minimum and maximum resource amounts for objects.', [
    opt('metadata', 1, meta.ref('ObjectMeta'), 'Standard object metadata.'),
    opt('spec', 2, core.ref('LimitRangeSpec'), 'The desired state.'),
  ]),
  core.type('LimitRangeSpec', 'The limits a LimitRange enforces.', [
    req('limits', 1, arrayOf(core.ref('LimitRangeItem'), atomic)),
  ]),
  core.type('LimitRangeItem', undefined, [
    req('type', 1, string),
    opt('max', 2, mapOf(quantity)),
    opt('min', 3, mapOf(quantity)),
    opt('default', 4, mapOf(quantity)),
    opt('defaultRequest', 5, mapOf(quantity)),
    opt('maxLimitRequestRatio', 6, mapOf(quantity)),
  ]),
  core.list('LimitRange'),
  core.kind('ReplicationController', 'Keeps a number of pod replicas running (superseded by Deployment).', [
    opt('metadata', 1, meta.ref('ObjectMeta'), 'Standard object metadata.'),
    opt('spec', 2, core.ref('ReplicationControllerSpec'), 'The desired state.'),
    opt('status', 3, core.ref('ReplicationControllerStatus'), 'The observed state, written by the system.'),
  ]),
  core.type(
    'ReplicationControllerSpec',
    'The desired replicas, selector and pod template of a replication controller.',
    [
      ptr('replicas', 1, int32),
      opt('minReadySeconds', 4, int32),
      opt('selector', 2, mapOf(string, 'atomic')),
      ptr('template', 3, core.ref('PodTemplateSpec')),
    ],
  ),
  core.type('ReplicationControllerStatus', 'The observed replica counts of a replication controller.', [
    req('replicas', 1, int32),
    opt('fullyLabeledReplicas', 2, int32),
    opt('readyReplicas', 4, int32),
    opt('availableReplicas', 5, int32),
    opt('observedGeneration', 3, int64),
    opt('conditions', 6, arrayOf(core.ref('ReplicationControllerCondition'), keyedBy('type'), merge('type'))),
  ]),
  core.type('ReplicationControllerCondition', undefined, [
    req('type', 1, string),
    req('status', 2, string),
    opt('lastTransitionTime', 3, time),
    opt('reason', 4, string),
    opt('message', 5, string),
  ]),
  core.list('ReplicationController'),
];
