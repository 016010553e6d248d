/**
 * How quota measures one kind of object (upstream k8s.io/apiserver pkg/quota/v1 Evaluator), the quota
 * object as admission and the controller read it, and the evaluators that need no more than counting:
 * the generic object count (`count/<resource>.<group>`), services and PersistentVolumeClaims
 * (upstream pkg/quota/v1/generic/evaluator.go, pkg/quota/v1/evaluator/core/services.go and
 * persistent_volume_claims.go).
 */
import type { KubeObject } from '../../../machinery/object.js';
import { parseResourceList, Quantity, type ResourceList } from '../../../machinery/quantity.js';
import type { AdmissionRequest } from '../../../registry/index.js';
import { recordOf } from './pod-resources.js';

/** One scope requirement: `spec.scopes[]` entries read as `Exists`, plus `spec.scopeSelector.matchExpressions`. */
export interface ScopeRequirement {
  readonly scopeName: string;
  readonly operator: string;
  readonly values: readonly string[];
}

/** A ResourceQuota as quota reads it; matching and limits use status.hard, as upstream does. */
export interface QuotaView {
  readonly name: string;
  readonly resourceVersion: string;
  readonly hard: ResourceList;
  readonly used: ResourceList;
  readonly scopes: readonly ScopeRequirement[];
}

function stringList(value: unknown): string[] {
  return Array.isArray(value) ? value.filter((v): v is string => typeof v === 'string') : [];
}

/** Upstream getScopeSelectorsFromQuota. */
export function quotaScopes(quota: KubeObject): ScopeRequirement[] {
  const spec = recordOf(quota['spec']);
  const scopes: ScopeRequirement[] = stringList(spec['scopes']).map((scopeName) => ({
    scopeName,
    operator: 'Exists',
    values: [],
  }));
  const expressions = recordOf(spec['scopeSelector'])['matchExpressions'];
  for (const expression of Array.isArray(expressions) ? expressions : []) {
    const e = recordOf(expression);
    scopes.push({
      scopeName: typeof e['scopeName'] === 'string' ? e['scopeName'] : '',
      operator: typeof e['operator'] === 'string' ? e['operator'] : '',
      values: stringList(e['values']),
    });
  }
  return scopes;
}

export function quotaView(quota: KubeObject): QuotaView {
  const status = recordOf(quota['status']);
  return {
    name: quota.metadata.name ?? '',
    resourceVersion: quota.metadata.resourceVersion ?? '',
    hard: parseResourceList(status['hard']),
    used: parseResourceList(status['used']),
    scopes: quotaScopes(quota),
  };
}

/** Upstream's scoped-selector-as-label-selector match of one key against an optional value. */
export function selectorMatches(requirement: ScopeRequirement, value: string | undefined): boolean {
  switch (requirement.operator) {
    case 'In':
      return value !== undefined && requirement.values.includes(value);
    case 'NotIn':
      return value === undefined || !requirement.values.includes(value);
    case 'Exists':
      return value !== undefined;
    case 'DoesNotExist':
      return value === undefined;
    default:
      return false;
  }
}

export interface QuotaEvaluator {
  readonly group: string;
  readonly resource: string;
  /** Whether a write can change usage (upstream Evaluator.Handles). */
  handles(request: Readonly<AdmissionRequest>): boolean;
  /** The names among `names` this evaluator measures. */
  matchingResources(names: Iterable<string>): string[];
  /** Whether `obj` falls in the scope (kinds without scopes match none, upstream MatchesNoScopeFunc). */
  matchesScope(scope: ScopeRequirement, obj: KubeObject): boolean;
  /** Resources `obj` must declare when `required` are limited; the failure text, or undefined. */
  constraints(required: readonly string[], obj: KubeObject): string | undefined;
  /** What `obj` consumes. */
  usage(obj: KubeObject, now: Date): Map<string, Quantity>;
}

/** Upstream generic.Matches: the quota limits something this evaluator measures and every scope matches. */
export function quotaMatches(evaluator: QuotaEvaluator, quota: QuotaView, obj: KubeObject): boolean {
  if (evaluator.matchingResources(quota.hard.keys()).length === 0) return false;
  return quota.scopes.every((scope) => evaluator.matchesScope(scope, obj));
}

/** Upstream generic.ObjectCountQuotaResourceNameFor. */
export function objectCountName(group: string, resource: string): string {
  return group === '' ? `count/${resource}` : `count/${resource}.${group}`;
}

/** The group and resource a `count/<resource>[.<group>]` name counts, or undefined for other names. */
export function countedResource(name: string): { group: string; resource: string } | undefined {
  if (!name.startsWith('count/')) return undefined;
  const rest = name.slice('count/'.length);
  const dot = rest.indexOf('.');
  return dot === -1
    ? { group: '', resource: rest }
    : { group: rest.slice(dot + 1), resource: rest.slice(0, dot) };
}

const one = Quantity.fromInteger(1);

/** Upstream generic objectCountEvaluator: CREATE only, no subresources, `count/...` plus a legacy alias. */
export function objectCountEvaluator(group: string, resource: string, alias?: string): QuotaEvaluator {
  const names = [objectCountName(group, resource), ...(alias === undefined ? [] : [alias])];
  return {
    group,
    resource,
    handles: (request) => request.subresource === '' && request.operation === 'CREATE',
    matchingResources: (input) => [...input].filter((name) => names.includes(name)),
    matchesScope: () => false,
    constraints: () => undefined,
    usage: () => new Map(names.map((name) => [name, one])),
  };
}

const serviceResources = ['count/services', 'services', 'services.nodeports', 'services.loadbalancers'];

/** Upstream serviceEvaluator: a service type change can change usage, so updates count too. */
export const serviceEvaluator: QuotaEvaluator = {
  group: '',
  resource: 'services',
  handles: (request) => request.operation === 'CREATE' || request.operation === 'UPDATE',
  matchingResources: (input) => [...input].filter((name) => serviceResources.includes(name)),
  matchesScope: () => false,
  constraints: () => undefined,
  usage(service) {
    const spec = recordOf(service['spec']);
    const ports = Quantity.fromInteger(Array.isArray(spec['ports']) ? spec['ports'].length : 0);
    const usage = new Map<string, Quantity>([
      ['count/services', one],
      ['services', one],
      ['services.loadbalancers', Quantity.zero],
      ['services.nodeports', Quantity.zero],
    ]);
    if (spec['type'] === 'NodePort') usage.set('services.nodeports', ports);
    if (spec['type'] === 'LoadBalancer') {
      usage.set('services.nodeports', ports);
      usage.set('services.loadbalancers', one);
    }
    return usage;
  },
};

/** Upstream storageClassSuffix: `<class>.storageclass.storage.k8s.io/<resource>`. */
const storageClassSuffix = '.storageclass.storage.k8s.io/';
const claimResources = ['persistentvolumeclaims', 'requests.storage'];

/** Upstream storagehelpers.GetPersistentVolumeClaimClass: the beta annotation wins over the field. */
function claimStorageClass(claim: KubeObject): string {
  const annotation = claim.metadata.annotations?.['volume.beta.kubernetes.io/storage-class'];
  if (annotation !== undefined) return annotation;
  const name = recordOf(claim['spec'])['storageClassName'];
  return typeof name === 'string' ? name : '';
}

/** The VolumeAttributesClass names a claim has, wants or is moving to (upstream getVolumeAttributesClassNames). */
function volumeAttributesClasses(claim: KubeObject): string[] {
  const spec = recordOf(claim['spec']);
  const status = recordOf(claim['status']);
  const names = [
    spec['volumeAttributesClassName'],
    status['currentVolumeAttributesClassName'],
    recordOf(status['modifyVolumeStatus'])['targetVolumeAttributesClassName'],
  ];
  return [...new Set(names.filter((n): n is string => typeof n === 'string' && n !== ''))];
}

/** Requested storage in whole bytes, raised to what was allocated if more (upstream getStorageUsage). */
function claimStorage(claim: KubeObject): Quantity | undefined {
  const requested = parseResourceList(recordOf(recordOf(claim['spec'])['resources'])['requests']).get(
    'storage',
  );
  if (requested === undefined) return undefined;
  const allocated = parseResourceList(recordOf(claim['status'])['allocatedResources']).get('storage');
  const larger = allocated !== undefined && allocated.cmp(requested) > 0 ? allocated : requested;
  return larger.roundUpToUnits();
}

/** Upstream pvcEvaluator, with the VolumeAttributesClass scope. */
export const claimEvaluator: QuotaEvaluator = {
  group: '',
  resource: 'persistentvolumeclaims',
  handles: (request) => request.operation === 'CREATE' || request.operation === 'UPDATE',
  matchingResources: (input) =>
    [...input].filter(
      (name) =>
        name === 'count/persistentvolumeclaims' ||
        claimResources.includes(name) ||
        claimResources.some((resource) => name.endsWith(storageClassSuffix + resource)),
    ),
  matchesScope(scope, claim) {
    if (scope.scopeName !== 'VolumeAttributesClass') return false;
    const names = volumeAttributesClasses(claim);
    if (scope.operator === 'Exists') return names.length > 0;
    return names.length === 0
      ? selectorMatches(scope, undefined)
      : names.some((n) => selectorMatches(scope, n));
  },
  constraints: () => undefined,
  usage(claim) {
    const usage = new Map<string, Quantity>([
      ['persistentvolumeclaims', one],
      ['count/persistentvolumeclaims', one],
    ]);
    const storageClass = claimStorageClass(claim);
    if (storageClass !== '') usage.set(`${storageClass}${storageClassSuffix}persistentvolumeclaims`, one);
    const storage = claimStorage(claim);
    if (storage !== undefined) {
      usage.set('requests.storage', storage);
      if (storageClass !== '') usage.set(`${storageClass}${storageClassSuffix}requests.storage`, storage);
    }
    return usage;
  },
};
