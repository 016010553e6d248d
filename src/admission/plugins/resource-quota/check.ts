/**
 * The quota decision for one write (upstream k8s.io/apiserver pkg/admission/plugin/resourcequota
 * controller.go CheckRequest), kept pure: quotas and request in, new usage or a Forbidden error out.
 */
import { forbidden, type StatusError } from '../../../machinery/errors.js';
import type { KubeObject } from '../../../machinery/object.js';
import type { Quantity } from '../../../machinery/quantity.js';
import type { AdmissionRequest } from '../../../registry/index.js';
import {
  claimEvaluator,
  countedResource,
  objectCountEvaluator,
  quotaMatches,
  serviceEvaluator,
  type QuotaEvaluator,
  type QuotaView,
} from './evaluator.js';
import { podEvaluator } from './pod-evaluator.js';
import {
  addLists,
  exceededNames,
  maskList,
  negativeNames,
  prettyPrint,
  prettyPrintNames,
  removeZeros,
  subtractNonNegative,
} from './resource-lists.js';

/** Object counts with their pre-`count/` names (upstream legacyObjectCountAliases). */
const legacyAliases: Readonly<Record<string, string>> = {
  configmaps: 'configmaps',
  resourcequotas: 'resourcequotas',
  replicationcontrollers: 'replicationcontrollers',
  secrets: 'secrets',
};

/** Resources quota never looks at (upstream install.DefaultIgnoredResources). */
export function quotaIgnores(group: string, resource: string): boolean {
  return group === '' && resource === 'events';
}

/**
 * The evaluator of a resource: pods, services and claims have their own; everything else is counted
 * (upstream creates an object count evaluator for any resource it meets).
 */
export function evaluatorFor(group: string, resource: string): QuotaEvaluator {
  if (group === '') {
    if (resource === 'pods') return podEvaluator;
    if (resource === 'services') return serviceEvaluator;
    if (resource === 'persistentvolumeclaims') return claimEvaluator;
  }
  return objectCountEvaluator(group, resource, group === '' ? legacyAliases[resource] : undefined);
}

/**
 * Every evaluator that measures something among `names`: the fixed ones plus an object count for each
 * `count/<resource>.<group>` name (upstream's quota monitor registers one per served resource).
 */
export function evaluatorsFor(names: Iterable<string>): QuotaEvaluator[] {
  const evaluators = new Map<string, QuotaEvaluator>();
  const add = (group: string, resource: string): void => {
    const key = `${group}/${resource}`;
    if (!evaluators.has(key) && !quotaIgnores(group, resource))
      evaluators.set(key, evaluatorFor(group, resource));
  };
  for (const resource of ['pods', 'services', 'persistentvolumeclaims', ...Object.keys(legacyAliases)]) {
    add('', resource);
  }
  for (const name of names) {
    const counted = countedResource(name);
    if (counted !== undefined) add(counted.group, counted.resource);
  }
  const list = [...names];
  return [...evaluators.values()].filter((evaluator) => evaluator.matchingResources(list).length > 0);
}

/** The name admission errors use (upstream extractResourceName). */
function subjectName(request: Readonly<AdmissionRequest>): string {
  return request.name || request.object?.metadata.generateName || 'Unknown';
}

function refuse(request: Readonly<AdmissionRequest>, reason: string): StatusError {
  return forbidden(
    { group: request.resource.group, resource: request.resource.plural },
    subjectName(request),
    reason,
  );
}

/** Upstream hasUsageStats: status.used has an entry for every restricted name the quota limits. */
function hasUsageStats(quota: QuotaView, restricted: readonly string[]): boolean {
  return restricted.every((name) => !quota.hard.has(name) || quota.used.has(name));
}

/** The quotas a request changes, by name, with their new status.used. */
export type QuotaCharges = Map<string, Map<string, Quantity>>;

/**
 * Checks one write against the namespace's quotas (upstream CheckRequest): refuses with 403 when the object
 * lacks a quota'd request or limit, when a matching quota has no usage yet, or when the write would take a
 * quota past its hard limit; otherwise returns the quotas whose usage it raises. Never mutates.
 */
export function checkRequest(
  quotas: readonly QuotaView[],
  request: Readonly<AdmissionRequest>,
  evaluator: QuotaEvaluator,
  now: Date,
): QuotaCharges {
  const object = request.object;
  const charges: QuotaCharges = new Map();
  if (object === undefined || !evaluator.handles(request)) return charges;
  const interesting: QuotaView[] = [];
  for (const quota of quotas) {
    if (!quotaMatches(evaluator, quota, object)) continue;
    const restricted = evaluator.matchingResources(quota.hard.keys());
    const unmet = evaluator.constraints(restricted, object);
    if (unmet !== undefined) throw refuse(request, `failed quota: ${quota.name}: ${unmet}`);
    if (!hasUsageStats(quota, restricted)) {
      throw refuse(
        request,
        `status unknown for quota: ${quota.name}, resources: ${prettyPrintNames(restricted)}`,
      );
    }
    interesting.push(quota);
  }
  if (interesting.length === 0) return charges;
  const inputUsage = evaluator.usage(object, now);
  const negative = negativeNames(inputUsage);
  if (negative.length > 0) {
    throw refuse(request, `quota usage is negative for resource(s): ${prettyPrintNames(negative)}`);
  }
  for (const quota of interesting) {
    const delta = removeZeros(deltaFor(quota, request, evaluator, inputUsage, now));
    if (delta.size === 0) continue;
    const requested = maskList(delta, quota.hard.keys());
    const newUsed = addLists(quota.used, requested);
    if (request.subresource !== 'status') {
      const exceeded = exceededNames(maskList(newUsed, requested.keys()), quota.hard);
      if (exceeded.length > 0) {
        throw refuse(
          request,
          `exceeded quota: ${quota.name}, requested: ${prettyPrint(maskList(requested, exceeded))}, ` +
            `used: ${prettyPrint(maskList(quota.used, exceeded))}, limited: ${prettyPrint(maskList(quota.hard, exceeded))}`,
        );
      }
    }
    charges.set(quota.name, newUsed);
  }
  return charges;
}

/**
 * What a write adds to one quota: everything on create; on update of a stored object that the quota
 * already counted, only the growth (upstream never gives usage back at admission).
 */
function deltaFor(
  quota: QuotaView,
  request: Readonly<AdmissionRequest>,
  evaluator: QuotaEvaluator,
  inputUsage: Map<string, Quantity>,
  now: Date,
): Map<string, Quantity> {
  const old: KubeObject | undefined = request.oldObject;
  if (request.operation !== 'UPDATE' || old === undefined || (old.metadata.resourceVersion ?? '') === '') {
    return inputUsage;
  }
  if (!quotaMatches(evaluator, quota, old)) return inputUsage;
  return subtractNonNegative(inputUsage, evaluator.usage(old, now));
}
