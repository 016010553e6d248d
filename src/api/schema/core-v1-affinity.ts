import { string, int32, int64, boolean, enumOf, arrayOf, atomic, opt, ptr, req } from './build.js';
import { meta, core } from './packages.js';
import type { TypeSchema } from './types.js';

export const coreV1AffinityTypes: readonly TypeSchema[] = [
  core.type('Affinity', undefined, [
    ptr('nodeAffinity', 1, core.ref('NodeAffinity')),
    ptr('podAffinity', 2, core.ref('PodAffinity')),
    ptr('podAntiAffinity', 3, core.ref('PodAntiAffinity')),
  ]),
  core.type('NodeAffinity', undefined, [
    ptr('requiredDuringSchedulingIgnoredDuringExecution', 1, core.ref('NodeSelector')),
    opt(
      'preferredDuringSchedulingIgnoredDuringExecution',
      2,
      arrayOf(core.ref('PreferredSchedulingTerm'), atomic),
    ),
  ]),
  core.type('PodAffinity', undefined, [
    opt('requiredDuringSchedulingIgnoredDuringExecution', 1, arrayOf(core.ref('PodAffinityTerm'), atomic)),
    opt(
      'preferredDuringSchedulingIgnoredDuringExecution',
      2,
      arrayOf(core.ref('WeightedPodAffinityTerm'), atomic),
    ),
  ]),
  core.type('PodAntiAffinity', undefined, [
    opt('requiredDuringSchedulingIgnoredDuringExecution', 1, arrayOf(core.ref('PodAffinityTerm'), atomic)),
    opt(
      'preferredDuringSchedulingIgnoredDuringExecution',
      2,
      arrayOf(core.ref('WeightedPodAffinityTerm'), atomic),
    ),
  ]),
  core.type(
    'NodeSelector',
    undefined,
    [req('nodeSelectorTerms', 1, arrayOf(core.ref('NodeSelectorTerm'), atomic))],
    { mapType: 'atomic' },
  ),
  core.type('PreferredSchedulingTerm', undefined, [
    req('weight', 1, int32),
    req('preference', 2, core.ref('NodeSelectorTerm')),
  ]),
  core.type('PodAffinityTerm', undefined, [
    ptr('labelSelector', 1, meta.ref('LabelSelector')),
    opt('namespaces', 2, arrayOf(string, atomic)),
    req('topologyKey', 3, string),
    ptr('namespaceSelector', 4, meta.ref('LabelSelector')),
    opt('matchLabelKeys', 5, arrayOf(string, atomic)),
    opt('mismatchLabelKeys', 6, arrayOf(string, atomic)),
  ]),
  core.type('WeightedPodAffinityTerm', undefined, [
    req('weight', 1, int32),
    req('podAffinityTerm', 2, core.ref('PodAffinityTerm')),
  ]),
  core.type(
    'NodeSelectorTerm',
    undefined,
    [
      opt('matchExpressions', 1, arrayOf(core.ref('NodeSelectorRequirement'), atomic)),
      opt('matchFields', 2, arrayOf(core.ref('NodeSelectorRequirement'), atomic)),
    ],
    { mapType: 'atomic' },
  ),
  core.type('NodeSelectorRequirement', undefined, [
    req('key', 1, string),
    req('operator', 2, enumOf('In', 'NotIn', 'Exists', 'DoesNotExist', 'Gt', 'Lt')),
    opt('values', 3, arrayOf(string, atomic)),
  ]),
  core.type('Toleration', undefined, [
    opt('key', 1, string),
    opt('operator', 2, enumOf('Exists', 'Equal', 'Lt', 'Gt')),
    opt('value', 3, string),
    opt('effect', 4, enumOf('NoSchedule', 'PreferNoSchedule', 'NoExecute')),
    ptr('tolerationSeconds', 5, int64),
  ]),
  core.type('TopologySpreadConstraint', undefined, [
    req('maxSkew', 1, int32),
    req('topologyKey', 2, string),
    req('whenUnsatisfiable', 3, enumOf('DoNotSchedule', 'ScheduleAnyway')),
    ptr('labelSelector', 4, meta.ref('LabelSelector')),
    ptr('minDomains', 5, int32),
    ptr('nodeAffinityPolicy', 6, enumOf('Ignore', 'Honor')),
    ptr('nodeTaintsPolicy', 7, enumOf('Ignore', 'Honor')),
    opt('matchLabelKeys', 8, arrayOf(string, atomic)),
  ]),
  core.type('PodSecurityContext', undefined, [
    ptr('seLinuxOptions', 1, core.ref('SELinuxOptions')),
    ptr('windowsOptions', 8, core.ref('WindowsSecurityContextOptions')),
    ptr('runAsUser', 2, int64),
    ptr('runAsGroup', 6, int64),
    ptr('runAsNonRoot', 3, boolean),
    opt('supplementalGroups', 4, arrayOf(int64, atomic)),
    ptr('supplementalGroupsPolicy', 12, enumOf('Merge', 'Strict')),
    ptr('fsGroup', 5, int64),
    opt('sysctls', 7, arrayOf(core.ref('Sysctl'), atomic)),
    ptr('fsGroupChangePolicy', 9, enumOf('OnRootMismatch', 'Always')),
    ptr('seccompProfile', 10, core.ref('SeccompProfile')),
    ptr('appArmorProfile', 11, core.ref('AppArmorProfile')),
    ptr('seLinuxChangePolicy', 13, string),
  ]),
  core.type('Sysctl', undefined, [req('name', 1, string), req('value', 2, string)]),
];
