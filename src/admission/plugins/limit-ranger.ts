/**
 * Upstream LimitRanger (plugin/pkg/admission/limitranger/admission.go): the LimitRanges of a namespace
 * default container requests and limits of new pods (mutating) and bound the requests and limits of pods
 * and the storage requests of PersistentVolumeClaims (validating).
 */
import type { RequestContext } from '../../machinery/context.js';
import { forbidden } from '../../machinery/errors.js';
import type { KubeObject } from '../../machinery/object.js';
import { Quantity } from '../../machinery/quantity.js';
import {
  listObjects,
  parseListQuery,
  type AdmissionRequest,
  type Registry,
  type ResourceStore,
} from '../../registry/index.js';
import type { MutatingPlugin, ValidatingPlugin } from '../chain.js';
import {
  containerLimits,
  containerRequests,
  containersOf,
  podLimits,
  podRequests,
  recordOf,
  recordsOf,
} from './resource-quota/pod-resources.js';

type JsonObject = Record<string, unknown>;
type ResourceMap = ReadonlyMap<string, Quantity>;

/** Upstream limitRangerAnnotation. */
export const limitRangerAnnotation = 'kubernetes.io/limit-ranger';

/** Upstream resource.MaxMilliValue: beyond it, values are compared in whole units. */
const maxMilliValue = 9_223_372_036_854_775n;

/** One `spec.limits[]` item, its quantities parsed (entries that do not parse are left out). */
interface LimitItem {
  readonly type: string;
  readonly min: ResourceMap;
  readonly max: ResourceMap;
  readonly default: ResourceMap;
  readonly defaultRequest: ResourceMap;
  readonly maxLimitRequestRatio: ResourceMap;
}

function quantities(value: unknown): Map<string, Quantity> {
  const result = new Map<string, Quantity>();
  for (const [name, raw] of Object.entries(recordOf(value))) {
    const quantity = Quantity.tryParse(raw);
    if (quantity !== undefined) result.set(name, quantity);
  }
  return result;
}

function limitItems(limitRange: KubeObject): LimitItem[] {
  return recordsOf(recordOf(limitRange['spec'])['limits']).map((item) => ({
    type: typeof item['type'] === 'string' ? item['type'] : '',
    min: quantities(item['min']),
    max: quantities(item['max']),
    default: quantities(item['default']),
    defaultRequest: quantities(item['defaultRequest']),
    maxLimitRequestRatio: quantities(item['maxLimitRequestRatio']),
  }));
}

/** Pods on CREATE (their containers cannot change afterwards) and PVCs on CREATE and UPDATE; no subresources. */
function applies(request: Readonly<AdmissionRequest>): 'pods' | 'persistentvolumeclaims' | undefined {
  const { resource } = request;
  if (request.subresource !== '' || resource.group !== '' || request.object === undefined) return undefined;
  // Objects being deleted are left alone (upstream runLimitFunc).
  if (request.oldObject?.metadata.deletionTimestamp !== undefined) return undefined;
  if (resource.plural === 'pods') return request.operation === 'CREATE' ? 'pods' : undefined;
  return resource.plural === 'persistentvolumeclaims' ? 'persistentvolumeclaims' : undefined;
}

async function limitRangesOf(
  limitRanges: ResourceStore,
  ctx: RequestContext,
  namespace: string,
): Promise<KubeObject[]> {
  return (await listObjects(limitRanges, ctx, namespace, parseListQuery(new URLSearchParams(), 'list')))
    .items;
}

/** The name admission errors show: the object's name, else its generateName (upstream extractResourceName). */
function subjectName(request: Readonly<AdmissionRequest>): string {
  return request.name || request.object?.metadata.generateName || 'Unknown';
}

/** The defaults of every Container item, later items winning (upstream defaultContainerResourceRequirements). */
function containerDefaults(items: readonly LimitItem[]): { requests: ResourceMap; limits: ResourceMap } {
  const requests = new Map<string, Quantity>();
  const limits = new Map<string, Quantity>();
  for (const item of items.filter((i) => i.type === 'Container')) {
    for (const [name, quantity] of item.defaultRequest) requests.set(name, quantity);
    for (const [name, quantity] of item.default) limits.set(name, quantity);
  }
  return { requests, limits };
}

/** Fills unset requests and limits of one container; returns the annotation fragments (mergeContainerResources). */
function defaultContainer(
  container: JsonObject,
  defaults: { requests: ResourceMap; limits: ResourceMap },
  label: string,
): string[] {
  const resources = recordOf(container['resources']);
  const fill = (field: 'requests' | 'limits', from: ResourceMap): string[] => {
    const current = { ...recordOf(resources[field]) };
    const set = [...from].filter(([name]) => current[name] === undefined);
    for (const [name, quantity] of set) current[name] = quantity.toString();
    if (set.length > 0) resources[field] = current;
    return set.map(([name]) => name).sort();
  };
  const setLimits = fill('limits', defaults.limits);
  const setRequests = fill('requests', defaults.requests);
  if (setLimits.length > 0 || setRequests.length > 0) container['resources'] = resources;
  const notes: string[] = [];
  if (setRequests.length > 0)
    notes.push(`${setRequests.join(', ')} request for ${label} ${String(container['name'])}`);
  if (setLimits.length > 0)
    notes.push(`${setLimits.join(', ')} limit for ${label} ${String(container['name'])}`);
  return notes;
}

/** Upstream PodMutateLimitFunc + mergePodResourceRequirements. */
export function defaultPodResources(pod: KubeObject, limitRange: KubeObject): void {
  const defaults = containerDefaults(limitItems(limitRange));
  const { regular, init } = containersOf(recordOf(pod['spec']));
  const notes = [
    ...regular.flatMap((c) => defaultContainer(c, defaults, 'container')),
    ...init.flatMap((c) => defaultContainer(c, defaults, 'init container')),
  ];
  if (notes.length === 0) return;
  pod.metadata.annotations = {
    ...pod.metadata.annotations,
    [limitRangerAnnotation]: `LimitRanger plugin set: ${notes.join('; ')}`,
  };
}

/** Upstream requestLimitEnforcedValues: milli-units unless a value would overflow them. */
function enforcedValues(
  request: Quantity | undefined,
  limit: Quantity | undefined,
  enforced: Quantity,
): [bigint, bigint, bigint] {
  const values = [request ?? Quantity.zero, limit ?? Quantity.zero, enforced];
  const fitsMilli = values.every((q) => q.value() <= maxMilliValue);
  const [r = 0n, l = 0n, e = 0n] = values.map((q) => (fitsMilli ? q.milliValue() : q.value()));
  return [r, l, e];
}

type Constraint = (
  type: string,
  name: string,
  enforced: Quantity,
  requests: ResourceMap,
  limits: ResourceMap,
) => string | undefined;

const minConstraint: Constraint = (type, name, enforced, requests, limits) => {
  const request = requests.get(name);
  const limit = limits.get(name);
  const [observedRequest, observedLimit, bound] = enforcedValues(request, limit, enforced);
  if (request === undefined)
    return `minimum ${name} usage per ${type} is ${enforced}.  No request is specified`;
  if (observedRequest < bound)
    return `minimum ${name} usage per ${type} is ${enforced}, but request is ${request}`;
  if (limit !== undefined && observedLimit < bound) {
    return `minimum ${name} usage per ${type} is ${enforced}, but limit is ${limit}`;
  }
  return undefined;
};

const maxConstraint: Constraint = (type, name, enforced, requests, limits) => {
  const request = requests.get(name);
  const limit = limits.get(name);
  const [observedRequest, observedLimit, bound] = enforcedValues(request, limit, enforced);
  if (limit === undefined) return `maximum ${name} usage per ${type} is ${enforced}.  No limit is specified`;
  if (observedLimit > bound) return `maximum ${name} usage per ${type} is ${enforced}, but limit is ${limit}`;
  if (request !== undefined && observedRequest > bound) {
    return `maximum ${name} usage per ${type} is ${enforced}, but request is ${request}`;
  }
  return undefined;
};

/** For PVCs, whose limits are not user input: only the request is bounded (maxRequestConstraint). */
const maxRequestConstraint: Constraint = (type, name, enforced, requests) => {
  const request = requests.get(name);
  const [observedRequest, , bound] = enforcedValues(request, undefined, enforced);
  if (request === undefined)
    return `maximum ${name} usage per ${type} is ${enforced}.  No request is specified`;
  if (observedRequest > bound)
    return `maximum ${name} usage per ${type} is ${enforced}, but request is ${request}`;
  return undefined;
};

const ratioConstraint: Constraint = (type, name, enforced, requests, limits) => {
  const [observedRequest, observedLimit] = enforcedValues(requests.get(name), limits.get(name), enforced);
  const prefix = `${name} max limit to request ratio per ${type} is ${enforced}`;
  if (!requests.has(name) || observedRequest === 0n)
    return `${prefix}, but no request is specified or request is 0`;
  if (!limits.has(name) || observedLimit === 0n) return `${prefix}, but no limit is specified or limit is 0`;
  const observedRatio = Number(observedLimit) / Number(observedRequest);
  const useMilli = enforced.value() <= maxMilliValue;
  const scaledRatio = useMilli ? observedRatio * 1000 : observedRatio;
  const maxRatio = Number(useMilli ? enforced.milliValue() : enforced.value());
  // Go's %f: six decimals.
  return scaledRatio > maxRatio ? `${prefix}, but provided ratio is ${observedRatio.toFixed(6)}` : undefined;
};

function check(
  item: LimitItem,
  requests: ResourceMap,
  limits: ResourceMap,
  constraints: { min: Constraint; max: Constraint; ratio?: Constraint },
): string[] {
  const failures: (string | undefined)[] = [];
  for (const [name, bound] of item.min)
    failures.push(constraints.min(item.type, name, bound, requests, limits));
  for (const [name, bound] of item.max)
    failures.push(constraints.max(item.type, name, bound, requests, limits));
  const ratio = constraints.ratio;
  if (ratio !== undefined) {
    for (const [name, bound] of item.maxLimitRequestRatio) {
      failures.push(ratio(item.type, name, bound, requests, limits));
    }
  }
  return failures.filter((f): f is string => f !== undefined);
}

/** Upstream PodValidateLimitFunc: Container items per container, Pod items on the pod's totals. */
export function podLimitViolations(pod: KubeObject, limitRange: KubeObject): string[] {
  const spec = recordOf(pod['spec']);
  const { regular, init } = containersOf(spec);
  const constraints = { min: minConstraint, max: maxConstraint, ratio: ratioConstraint };
  const failures: string[] = [];
  for (const item of limitItems(limitRange)) {
    if (item.type === 'Container') {
      for (const container of [...regular, ...init]) {
        failures.push(...check(item, containerRequests(container), containerLimits(container), constraints));
      }
    } else if (item.type === 'Pod') {
      const options = { overhead: false, podLevel: false };
      failures.push(...check(item, podRequests(spec, options), podLimits(spec, options), constraints));
    }
  }
  return failures;
}

/** Upstream PersistentVolumeClaimValidateLimitFunc: bounds on spec.resources.requests only. */
export function claimLimitViolations(claim: KubeObject, limitRange: KubeObject): string[] {
  const requests = quantities(recordOf(recordOf(claim['spec'])['resources'])['requests']);
  const constraints = { min: minConstraint, max: maxRequestConstraint };
  return limitItems(limitRange)
    .filter((item) => item.type === 'PersistentVolumeClaim')
    .flatMap((item) => check(item, requests, new Map(), constraints));
}

/** Upstream utilerrors.NewAggregate(...).Error(): one message alone, several deduplicated in brackets. */
function aggregateMessage(messages: readonly string[]): string {
  const unique = [...new Set(messages)];
  return unique.length === 1 ? (unique[0] ?? '') : `[${unique.join(', ')}]`;
}

/**
 * The LimitRanger plugin pair: `mutating` defaults pod containers, `validating` enforces min, max and
 * maxLimitRequestRatio. LimitRanges are read from the request's namespace in the request's cluster.
 */
export function limitRanger(registry: Registry): { mutating: MutatingPlugin; validating: ValidatingPlugin } {
  const limitRanges = registry.preferred('', 'limitranges');
  if (limitRanges === undefined) throw new Error('limitranges must be registered before LimitRanger');
  const handles = (operation: string): boolean => operation === 'CREATE' || operation === 'UPDATE';
  return {
    mutating: {
      name: 'LimitRanger',
      handles,
      async admit(ctx: RequestContext, request: AdmissionRequest): Promise<void> {
        if (applies(request) !== 'pods' || request.object === undefined) return;
        for (const limitRange of await limitRangesOf(limitRanges, ctx, request.namespace)) {
          defaultPodResources(request.object, limitRange);
        }
      },
    },
    validating: {
      name: 'LimitRanger',
      handles,
      async validate(ctx: RequestContext, request: Readonly<AdmissionRequest>): Promise<void> {
        const kind = applies(request);
        const object = request.object;
        if (kind === undefined || object === undefined) return;
        for (const limitRange of await limitRangesOf(limitRanges, ctx, request.namespace)) {
          const failures =
            kind === 'pods'
              ? podLimitViolations(object, limitRange)
              : claimLimitViolations(object, limitRange);
          if (failures.length > 0) {
            throw forbidden({ group: '', resource: kind }, subjectName(request), aggregateMessage(failures));
          }
        }
      },
    },
  };
}
