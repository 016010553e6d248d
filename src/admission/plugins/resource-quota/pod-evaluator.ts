/**
 * Quota for pods (upstream pkg/quota/v1/evaluator/core/pods.go): compute resources from the pod's
 * effective requests and limits, the pod counts, and the pod scopes (Terminating, NotTerminating,
 * BestEffort, NotBestEffort, PriorityClass, CrossNamespacePodAffinity).
 */
import type { KubeObject } from '../../../machinery/object.js';
import { Quantity, type ResourceList } from '../../../machinery/quantity.js';
import { selectorMatches, type QuotaEvaluator, type ScopeRequirement } from './evaluator.js';
import {
  containerLimits,
  containerRequests,
  containersOf,
  hasPodLevelResources,
  isBestEffort,
  podLimits,
  podRequests,
  recordOf,
  recordsOf,
} from './pod-resources.js';

type JsonObject = Record<string, unknown>;

const podResources = [
  'count/pods',
  'cpu',
  'memory',
  'ephemeral-storage',
  'requests.cpu',
  'requests.memory',
  'requests.ephemeral-storage',
  'limits.cpu',
  'limits.memory',
  'limits.ephemeral-storage',
  'pods',
];

/**
 * Quota'ing any of these makes every container declare it (upstream validationSet, a backward
 * compatibility rule upstream keeps and warns not to extend).
 */
const validationSet = new Set([
  'cpu',
  'memory',
  'requests.cpu',
  'requests.memory',
  'limits.cpu',
  'limits.memory',
]);

/** Upstream helper.IsNativeResource: unprefixed names or names in the kubernetes.io domain. */
function isNativeResource(name: string): boolean {
  return !name.includes('/') || name.includes('kubernetes.io/');
}

const deviceClassPrefix = 'deviceclass.resource.kubernetes.io/';

/** Extended resources quota counts as `requests.<name>` (upstream isExtendedResourceNameForQuota). */
function isExtendedResourceNameForQuota(name: string): boolean {
  const rest = name.startsWith('requests.') ? name.slice('requests.'.length) : undefined;
  if (rest === undefined) return false;
  return !isNativeResource(name) || rest.startsWith(deviceClassPrefix);
}

/** Extended resources a container may request (upstream schedutil.IsDRAExtendedResourceName). */
function isExtendedResourceName(name: string): boolean {
  if (name.startsWith(deviceClassPrefix)) return true;
  return !isNativeResource(name) && !name.startsWith('requests.');
}

function specOf(pod: KubeObject): JsonObject {
  return recordOf(pod['spec']);
}

/** Upstream IsTerminating: activeDeadlineSeconds set and not negative. */
export function isTerminating(pod: KubeObject): boolean {
  const deadline = specOf(pod)['activeDeadlineSeconds'];
  return typeof deadline === 'number' && deadline >= 0;
}

function crossNamespaceTerm(term: JsonObject): boolean {
  const namespaces = term['namespaces'];
  return (Array.isArray(namespaces) && namespaces.length > 0) || (term['namespaceSelector'] ?? null) !== null;
}

/** Upstream usesCrossNamespacePodAffinity: a pod (anti-)affinity term naming other namespaces. */
function usesCrossNamespacePodAffinity(pod: KubeObject): boolean {
  const affinity = recordOf(specOf(pod)['affinity']);
  return ['podAffinity', 'podAntiAffinity'].some((kind) => {
    const terms = recordOf(affinity[kind]);
    const required = recordsOf(terms['requiredDuringSchedulingIgnoredDuringExecution']);
    const preferred = recordsOf(terms['preferredDuringSchedulingIgnoredDuringExecution']).map((w) =>
      recordOf(w['podAffinityTerm']),
    );
    return [...required, ...preferred].some(crossNamespaceTerm);
  });
}

/** Upstream podMatchesScopeFunc. */
export function podMatchesScope(scope: ScopeRequirement, pod: KubeObject): boolean {
  const spec = specOf(pod);
  switch (scope.scopeName) {
    case 'Terminating':
      return isTerminating(pod);
    case 'NotTerminating':
      return !isTerminating(pod);
    case 'BestEffort':
      return isBestEffort(spec);
    case 'NotBestEffort':
      return !isBestEffort(spec);
    case 'PriorityClass': {
      const priorityClass = typeof spec['priorityClassName'] === 'string' ? spec['priorityClassName'] : '';
      if (scope.operator === 'Exists') return priorityClass !== '';
      return selectorMatches(scope, priorityClass === '' ? undefined : priorityClass);
    }
    case 'CrossNamespacePodAffinity':
      return usesCrossNamespacePodAffinity(pod);
    default:
      return false;
  }
}

/**
 * Upstream QuotaV1Pod: terminal pods, and pods past their deletion grace period, no longer use compute
 * quota (they still count for `count/pods`).
 */
export function podUsesQuota(pod: KubeObject, now: Date): boolean {
  const phase = recordOf(pod['status'])['phase'];
  if (phase === 'Failed' || phase === 'Succeeded') return false;
  const { deletionTimestamp, deletionGracePeriodSeconds } = pod.metadata;
  if (deletionTimestamp !== undefined && typeof deletionGracePeriodSeconds === 'number') {
    const deadline = Date.parse(deletionTimestamp) + deletionGracePeriodSeconds * 1000;
    if (now.getTime() > deadline) return false;
  }
  return true;
}

/** Upstream podComputeUsageHelper: the quota names a set of requests and limits consumes. */
function computeUsage(requests: ResourceList, limits: ResourceList): Map<string, Quantity> {
  const usage = new Map<string, Quantity>([['pods', Quantity.fromInteger(1)]]);
  for (const name of ['cpu', 'memory', 'ephemeral-storage']) {
    const request = requests.get(name);
    if (request !== undefined) {
      usage.set(name, request);
      usage.set(`requests.${name}`, request);
    }
    const limit = limits.get(name);
    if (limit !== undefined) usage.set(`limits.${name}`, limit);
  }
  for (const [name, request] of requests) {
    if (name.startsWith('hugepages-')) {
      usage.set(name, request);
      usage.set(`requests.${name}`, request);
    }
    if (isExtendedResourceName(name)) usage.set(`requests.${name}`, request);
  }
  return usage;
}

/** Upstream podEvaluator.Constraints: the containers missing a cpu or memory request or limit that is quota'd. */
function podConstraints(required: readonly string[], pod: KubeObject): string | undefined {
  const spec = specOf(pod);
  if (hasPodLevelResources(spec)) return undefined;
  const wanted = required.filter((name) => validationSet.has(name));
  const missing = new Map<string, Set<string>>();
  const { regular, init } = containersOf(spec);
  for (const container of [...regular, ...init]) {
    const declared = computeUsage(containerRequests(container), containerLimits(container));
    for (const name of wanted) {
      if (declared.has(name)) continue;
      const containers = missing.get(name) ?? new Set<string>();
      containers.add(typeof container['name'] === 'string' ? container['name'] : '');
      missing.set(name, containers);
    }
  }
  if (missing.size === 0) return undefined;
  const parts = [...missing.keys()]
    .sort()
    .map((name) => `${name} for: ${[...(missing.get(name) ?? [])].sort().join(',')}`);
  return `must specify ${parts.join('; ')}`;
}

/** Upstream PodUsageFunc. */
export function podUsage(pod: KubeObject, now: Date): Map<string, Quantity> {
  const usage = new Map<string, Quantity>([['count/pods', Quantity.fromInteger(1)]]);
  if (!podUsesQuota(pod, now)) return usage;
  const spec = specOf(pod);
  const options = { overhead: true, podLevel: true };
  for (const [name, quantity] of computeUsage(podRequests(spec, options), podLimits(spec, options))) {
    usage.set(name, quantity);
  }
  return usage;
}

export const podEvaluator: QuotaEvaluator = {
  group: '',
  resource: 'pods',
  handles(request) {
    if (request.subresource === 'resize') return request.operation === 'UPDATE';
    if (request.subresource !== '') return false;
    if (request.operation === 'UPDATE' && request.object !== undefined && request.oldObject !== undefined) {
      // A change of the Terminating scope moves the pod between quotas.
      return isTerminating(request.object) !== isTerminating(request.oldObject);
    }
    return request.operation === 'CREATE';
  },
  matchingResources(input) {
    return [...input].filter(
      (name) =>
        podResources.includes(name) ||
        name.startsWith('hugepages-') ||
        name.startsWith('requests.hugepages-') ||
        isExtendedResourceNameForQuota(name),
    );
  },
  matchesScope: podMatchesScope,
  constraints: podConstraints,
  usage: podUsage,
};
