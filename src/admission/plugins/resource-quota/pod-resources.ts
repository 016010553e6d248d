/**
 * What a pod asks for: its effective requests and limits and its QoS class, read from pod JSON the way
 * upstream k8s.io/component-helpers resource/helpers.go (PodRequests, PodLimits) and
 * pkg/apis/core/v1/helper/qos (ComputePodQOS) compute them.
 */
import { isRecord } from '../../../machinery/object.js';
import { parseResourceList, Quantity } from '../../../machinery/quantity.js';

type JsonObject = Record<string, unknown>;

export function recordOf(value: unknown): JsonObject {
  return isRecord(value) ? value : {};
}

export function recordsOf(value: unknown): JsonObject[] {
  return Array.isArray(value) ? value.filter(isRecord) : [];
}

/** The containers of a pod spec that resources apply to: regular and init (ephemeral ones get none). */
export function containersOf(spec: JsonObject): { regular: JsonObject[]; init: JsonObject[] } {
  return { regular: recordsOf(spec['containers']), init: recordsOf(spec['initContainers']) };
}

export function containerRequests(container: JsonObject): Map<string, Quantity> {
  return parseResourceList(recordOf(container['resources'])['requests']);
}

export function containerLimits(container: JsonObject): Map<string, Quantity> {
  return parseResourceList(recordOf(container['resources'])['limits']);
}

/** Adds `extra` into `into` (upstream addResourceList). */
export function addInto(into: Map<string, Quantity>, extra: ReadonlyMap<string, Quantity>): void {
  for (const [name, quantity] of extra) {
    const current = into.get(name);
    into.set(name, current === undefined ? quantity : current.add(quantity));
  }
}

/** Raises each entry of `into` to the one in `other` when larger (upstream maxResourceList). */
function maxInto(into: Map<string, Quantity>, other: ReadonlyMap<string, Quantity>): void {
  for (const [name, quantity] of other) {
    const current = into.get(name);
    if (current === undefined || quantity.cmp(current) > 0) into.set(name, quantity);
  }
}

export interface PodResourceOptions {
  /** Add spec.overhead (quota does; LimitRanger's simplified copy does not). */
  readonly overhead: boolean;
  /** Let spec.resources (pod-level resources) replace the container totals for cpu, memory, hugepages. */
  readonly podLevel: boolean;
}

type ListOf = (container: JsonObject) => Map<string, Quantity>;

/**
 * Regular containers and sidecars (init containers with restartPolicy Always) add up; each other init
 * container runs alone beside the sidecars started before it, and the pod needs the largest of those.
 */
function aggregate(spec: JsonObject, listOf: ListOf): Map<string, Quantity> {
  const { regular, init } = containersOf(spec);
  const total = new Map<string, Quantity>();
  for (const container of regular) addInto(total, listOf(container));
  const sidecars = new Map<string, Quantity>();
  const initPeak = new Map<string, Quantity>();
  for (const container of init) {
    const own = listOf(container);
    if (container['restartPolicy'] === 'Always') {
      addInto(total, own);
      addInto(sidecars, own);
      maxInto(initPeak, sidecars);
    } else {
      const alongside = new Map(own);
      addInto(alongside, sidecars);
      maxInto(initPeak, alongside);
    }
  }
  maxInto(total, initPeak);
  return total;
}

function isPodLevelResource(name: string): boolean {
  return name === 'cpu' || name === 'memory' || name.startsWith('hugepages-');
}

function podLevel(spec: JsonObject, field: 'requests' | 'limits'): Map<string, Quantity> {
  const list = parseResourceList(recordOf(spec['resources'])[field]);
  return new Map([...list].filter(([name]) => isPodLevelResource(name)));
}

/** Upstream resourcehelper.PodRequests. */
export function podRequests(spec: JsonObject, options: PodResourceOptions): Map<string, Quantity> {
  const requests = aggregate(spec, containerRequests);
  if (options.podLevel)
    for (const [name, quantity] of podLevel(spec, 'requests')) requests.set(name, quantity);
  if (options.overhead) addInto(requests, parseResourceList(spec['overhead']));
  return requests;
}

/** Upstream resourcehelper.PodLimits: overhead is added only to resources that have a limit. */
export function podLimits(spec: JsonObject, options: PodResourceOptions): Map<string, Quantity> {
  const limits = aggregate(spec, containerLimits);
  if (options.podLevel) for (const [name, quantity] of podLevel(spec, 'limits')) limits.set(name, quantity);
  if (options.overhead) {
    for (const [name, quantity] of parseResourceList(spec['overhead'])) {
      const current = limits.get(name);
      if (current !== undefined) limits.set(name, current.add(quantity));
    }
  }
  return limits;
}

/** Whether the pod sets pod-level requests or limits of a supported resource (IsPodLevelResourcesSet). */
export function hasPodLevelResources(spec: JsonObject): boolean {
  return podLevel(spec, 'requests').size > 0 || podLevel(spec, 'limits').size > 0;
}

/**
 * Upstream qos.ComputePodQOS reduced to what quota scopes ask: BestEffort when no cpu or memory request or
 * limit above zero is set, on the pod or on any regular or init container.
 */
export function isBestEffort(spec: JsonObject): boolean {
  const positive = (list: ReadonlyMap<string, Quantity>): boolean =>
    [...list].some(([name, quantity]) => (name === 'cpu' || name === 'memory') && quantity.sign() > 0);
  if (hasPodLevelResources(spec)) {
    return !positive(podLevel(spec, 'requests')) && !positive(podLevel(spec, 'limits'));
  }
  const { regular, init } = containersOf(spec);
  return [...regular, ...init].every(
    (container) => !positive(containerRequests(container)) && !positive(containerLimits(container)),
  );
}
