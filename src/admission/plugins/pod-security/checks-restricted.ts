/**
 * Restricted Pod Security checks (upstream k8s.io/pod-security-admission policy/
 * check_allowPrivilegeEscalation.go, check_capabilities_restricted.go, check_restrictedVolumes.go,
 * check_runAsNonRoot.go, check_runAsUser.go). Messages are upstream's, word for word.
 */
import { addedCapabilities } from './checks-baseline.js';
import {
  allowed,
  containerName,
  containersOf,
  containersPhrase,
  containerSecurity,
  forbiddenResult,
  inUserNamespace,
  isSet,
  isWindowsPod,
  joinQuote,
  pluralize,
  podSecurity,
  sortedSet,
  stringAt,
  volumesOf,
  type CheckPod,
} from './pod-fields.js';

export const allowPrivilegeEscalation: CheckPod = (_metadata, spec) => {
  const bad = containersOf(spec)
    .filter((c) => containerSecurity(c, 'allowPrivilegeEscalation') !== false)
    .map(containerName);
  return bad.length > 0
    ? forbiddenResult(
        'allowPrivilegeEscalation != false',
        `${containersPhrase(bad)} must set securityContext.allowPrivilegeEscalation=false`,
      )
    : allowed;
};

/** From v1.25 Windows pods are exempt (upstream allowPrivilegeEscalation_1_25). */
export const allowPrivilegeEscalation1_25: CheckPod = (metadata, spec) =>
  isWindowsPod(spec) ? allowed : allowPrivilegeEscalation(metadata, spec);

export const capabilitiesRestricted: CheckPod = (_metadata, spec) => {
  const missingDropAll: string[] = [];
  const addingForbidden: string[] = [];
  const forbiddenCapabilities: string[] = [];
  for (const container of containersOf(spec)) {
    const capabilities = containerSecurity(container, 'capabilities');
    if (!isSet(capabilities)) {
      missingDropAll.push(containerName(container));
      continue;
    }
    const dropped = containerSecurity(container, 'capabilities', 'drop');
    if (!(Array.isArray(dropped) && dropped.includes('ALL'))) missingDropAll.push(containerName(container));
    const extra = addedCapabilities(container).filter((c) => c !== 'NET_BIND_SERVICE');
    if (extra.length > 0) {
      addingForbidden.push(containerName(container));
      forbiddenCapabilities.push(...extra);
    }
  }
  const details: string[] = [];
  if (missingDropAll.length > 0) {
    details.push(`${containersPhrase(missingDropAll)} must set securityContext.capabilities.drop=["ALL"]`);
  }
  if (addingForbidden.length > 0) {
    details.push(
      `${containersPhrase(addingForbidden)} must not include ${joinQuote(sortedSet(forbiddenCapabilities))} ` +
        'in securityContext.capabilities.add',
    );
  }
  return details.length > 0 ? forbiddenResult('unrestricted capabilities', details.join('; ')) : allowed;
};

/** From v1.25 Windows pods are exempt (upstream capabilitiesRestricted_1_25). */
export const capabilitiesRestricted1_25: CheckPod = (metadata, spec) =>
  isWindowsPod(spec) ? allowed : capabilitiesRestricted(metadata, spec);

/** Inline volume sources the restricted profile allows. */
const allowedVolumeSources = [
  'configMap',
  'csi',
  'downwardAPI',
  'emptyDir',
  'ephemeral',
  'image',
  'persistentVolumeClaim',
  'projected',
  'secret',
];

/** The restricted sources, in the order upstream names the first one a volume uses. */
const restrictedVolumeSources = [
  'hostPath',
  'gcePersistentDisk',
  'awsElasticBlockStore',
  'gitRepo',
  'nfs',
  'iscsi',
  'glusterfs',
  'rbd',
  'flexVolume',
  'cinder',
  'cephfs',
  'flocker',
  'fc',
  'azureFile',
  'vsphereVolume',
  'quobyte',
  'azureDisk',
  'photonPersistentDisk',
  'portworxVolume',
  'scaleIO',
  'storageos',
];

export const restrictedVolumes: CheckPod = (_metadata, spec) => {
  const bad: string[] = [];
  const types: string[] = [];
  for (const volume of volumesOf(spec)) {
    if (allowedVolumeSources.some((source) => isSet(volume[source]))) continue;
    bad.push(stringAt(volume, 'name'));
    types.push(restrictedVolumeSources.find((source) => isSet(volume[source])) ?? 'unknown');
  }
  if (bad.length === 0) return allowed;
  const distinct = sortedSet(types);
  return forbiddenResult(
    'restricted volume types',
    `${pluralize('volume', 'volumes', bad.length)} ${joinQuote(bad)} ${pluralize('uses', 'use', bad.length)} ` +
      `${pluralize('restricted volume type', 'restricted volume types', distinct.length)} ${joinQuote(distinct)}`,
  );
};

export const runAsNonRoot: CheckPod = (_metadata, spec) => {
  const setters: string[] = [];
  const podValue = podSecurity(spec, 'runAsNonRoot');
  if (isSet(podValue) && podValue !== true) setters.push('pod');
  const podNonRoot = podValue === true;
  const explicit: string[] = [];
  const implicit: string[] = [];
  for (const container of containersOf(spec)) {
    const value = containerSecurity(container, 'runAsNonRoot');
    if (isSet(value)) {
      if (value !== true) explicit.push(containerName(container));
    } else if (!podNonRoot) implicit.push(containerName(container));
  }
  if (explicit.length > 0) setters.push(containersPhrase(explicit));
  if (setters.length > 0) {
    return forbiddenResult(
      'runAsNonRoot != true',
      `${setters.join(' and ')} must not set securityContext.runAsNonRoot=false`,
    );
  }
  if (implicit.length === 0) return allowed;
  return forbiddenResult(
    'runAsNonRoot != true',
    `pod or ${containersPhrase(implicit)} must set securityContext.runAsNonRoot=true`,
  );
};

/** From v1.35 pods in a user namespace may run as root inside it (upstream runAsNonRoot1_35). */
export const runAsNonRoot1_35: CheckPod = (metadata, spec) =>
  inUserNamespace(spec) ? allowed : runAsNonRoot(metadata, spec);

export const runAsUser: CheckPod = (_metadata, spec) => {
  const setters: string[] = [];
  if (podSecurity(spec, 'runAsUser') === 0) setters.push('pod');
  const bad = containersOf(spec)
    .filter((c) => containerSecurity(c, 'runAsUser') === 0)
    .map(containerName);
  if (bad.length > 0) setters.push(containersPhrase(bad));
  return setters.length > 0
    ? forbiddenResult('runAsUser=0', `${setters.join(' and ')} must not set runAsUser=0`)
    : allowed;
};

/** From v1.35 pods in a user namespace may use UID 0 (upstream runAsUser1_35). */
export const runAsUser1_35: CheckPod = (metadata, spec) =>
  inUserNamespace(spec) ? allowed : runAsUser(metadata, spec);
