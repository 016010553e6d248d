/**
 * Pod create and update validation (upstream ValidatePodCreate, ValidatePodUpdate), and the status a new
 * pod starts with (upstream podStrategy.PrepareForCreate: phase Pending, QoS class, the SchedulingGated
 * condition).
 */
import type { FieldError } from '../../machinery/errors.js';
import type { KubeObject } from '../../machinery/object.js';
import { recordAt, recordsAt, stringAt, valueAt } from '../object-fields.js';
import { defaultPod } from '../defaults/pod-spec.js';
import { child, forbidden, index, invalid, required, sameJson } from '../validation/field-errors.js';
import { specDiff } from '../validation/diff.js';
import { validatePodSpec, validateTolerations } from '../validation/pod-spec.js';
import { parseQuantity } from '../validation/quantity.js';

type JsonObject = Record<string, unknown>;

function specOf(pod: KubeObject): JsonObject {
  return recordAt(pod, 'spec') ?? {};
}

/** Upstream qos.ComputePodQOS from container requests and limits of cpu and memory. */
export function podQOSClass(pod: KubeObject): 'BestEffort' | 'Burstable' | 'Guaranteed' {
  const requests = new Map<string, number>();
  const limits = new Map<string, number>();
  let guaranteed = true;
  const add = (into: Map<string, number>, list: JsonObject | undefined): Set<string> => {
    const found = new Set<string>();
    for (const [name, value] of Object.entries(list ?? {})) {
      const amount = parseQuantity(value);
      if ((name !== 'cpu' && name !== 'memory') || amount === undefined || amount <= 0) continue;
      into.set(name, (into.get(name) ?? 0) + amount);
      found.add(name);
    }
    return found;
  };
  const spec = specOf(pod);
  for (const container of [...recordsAt(spec, 'containers'), ...recordsAt(spec, 'initContainers')]) {
    add(requests, recordAt(container, 'resources.requests'));
    const limited = add(limits, recordAt(container, 'resources.limits'));
    if (!limited.has('cpu') || !limited.has('memory')) guaranteed = false;
  }
  if (requests.size === 0 && limits.size === 0) return 'BestEffort';
  for (const [name, amount] of requests) {
    if (limits.get(name) !== amount) guaranteed = false;
  }
  return guaranteed && requests.size === limits.size ? 'Guaranteed' : 'Burstable';
}

/** Defaults a new pod and gives it the status it starts with; any status the client sent is dropped. */
export function preparePodForCreate(pod: KubeObject): void {
  defaultPod(pod);
  const status: JsonObject = { phase: 'Pending', qosClass: podQOSClass(pod) };
  if (recordsAt(pod, 'spec.schedulingGates').length > 0) {
    status['conditions'] = [
      {
        type: 'PodScheduled',
        status: 'False',
        lastProbeTime: null,
        lastTransitionTime: null,
        reason: 'SchedulingGated',
        message: 'Scheduling is blocked due to non-empty scheduling gates',
      },
    ];
  }
  pod['status'] = status;
}

/** Checks that only pods have, not templates (upstream validatePodMetadataAndSpec's pod part). */
function validatePodOnly(spec: JsonObject): FieldError[] {
  const errors: FieldError[] = [];
  for (const list of ['containers', 'initContainers']) {
    recordsAt(spec, list).forEach((container, i) => {
      const image = stringAt(container, 'image');
      if (image !== image.trim()) {
        errors.push(
          invalid(
            child(index(child('spec', list), i), 'image'),
            image,
            'must not have leading or trailing whitespace',
          ),
        );
      }
    });
  }
  return errors;
}

export function validatePodCreate(pod: KubeObject): FieldError[] {
  const spec = specOf(pod);
  const errors = [...validatePodSpec(spec, 'spec', { resourceIsPod: true }), ...validatePodOnly(spec)];
  if (recordsAt(spec, 'ephemeralContainers').length > 0) {
    errors.push(forbidden('spec.ephemeralContainers', 'cannot be set on create'));
  }
  if (stringAt(spec, 'nodeName') !== '' && recordsAt(spec, 'schedulingGates').length > 0) {
    errors.push(forbidden('spec.nodeName', 'cannot be set until all schedulingGates have been cleared'));
  }
  return errors;
}

const updatablePodSpecFields = [
  '`spec.containers[*].image`',
  '`spec.initContainers[*].image`',
  '`spec.activeDeadlineSeconds`',
  '`spec.tolerations` (only additions to existing tolerations)',
  '`spec.terminationGracePeriodSeconds` (allow it to be set to 1 if it was previously negative)',
];

/** Upstream ValidateContainerUpdates: same number of containers, each with an image. */
function validateContainerUpdates(
  spec: JsonObject,
  oldSpec: JsonObject,
  list: string,
): FieldError[] | 'stop' {
  const containers = recordsAt(spec, list);
  if (containers.length !== recordsAt(oldSpec, list).length) return 'stop';
  const errors: FieldError[] = [];
  containers.forEach((container, i) => {
    const image = stringAt(container, 'image');
    const field = child(index(child('spec', list), i), 'image');
    if (image === '') errors.push(required(field));
    if (image.trim() !== image)
      errors.push(invalid(field, image, 'must not have leading or trailing whitespace'));
  });
  return errors;
}

function validateDeadlineUpdate(spec: JsonObject, oldSpec: JsonObject): FieldError[] {
  const deadline = spec['activeDeadlineSeconds'];
  const oldDeadline = oldSpec['activeDeadlineSeconds'];
  const field = 'spec.activeDeadlineSeconds';
  if (typeof deadline === 'number') {
    if (deadline < 0 || deadline > 2147483647) {
      return [invalid(field, deadline, 'must be between 0 and 2147483647, inclusive')];
    }
    if (typeof oldDeadline === 'number' && oldDeadline < deadline) {
      return [invalid(field, deadline, 'must be less than or equal to previous value')];
    }
    return [];
  }
  return oldDeadline === undefined
    ? []
    : [invalid(field, null, 'must not update from a positive integer to nil value')];
}

/** Existing tolerations stay (only tolerationSeconds may change); new ones may be added. */
function validateTolerationsUpdate(spec: JsonObject, oldSpec: JsonObject): FieldError[] {
  const tolerations = recordsAt(spec, 'tolerations');
  const withoutSeconds = ({ tolerationSeconds: _s, ...rest }: JsonObject): JsonObject => rest;
  for (const old of recordsAt(oldSpec, 'tolerations')) {
    if (!tolerations.some((t) => sameJson(withoutSeconds(t), withoutSeconds(old)))) {
      return [
        forbidden('spec.tolerations', 'existing toleration can not be modified except its tolerationSeconds'),
      ];
    }
  }
  return validateTolerations(tolerations, 'spec.tolerations');
}

/** Scheduling gates may only be removed. */
function validateGatesUpdate(spec: JsonObject, oldSpec: JsonObject): FieldError[] {
  const oldNames = new Set(recordsAt(oldSpec, 'schedulingGates').map((g) => stringAt(g, 'name')));
  return recordsAt(spec, 'schedulingGates').flatMap((gate, i) => {
    const name = stringAt(gate, 'name');
    return oldNames.has(name)
      ? []
      : [
          forbidden(
            `spec.schedulingGates[${i}].name`,
            `only deletion is allowed, but found new scheduling gate '${name}'`,
          ),
        ];
  });
}

/** The spec with every field a user may change set back to its old value (upstream's munged spec). */
function mungedSpec(spec: JsonObject, oldSpec: JsonObject): JsonObject {
  const munged = structuredClone(spec);
  for (const list of ['containers', 'initContainers']) {
    const old = recordsAt(oldSpec, list);
    recordsAt(munged, list).forEach((container, i) => {
      container['image'] = old[i]?.['image'];
    });
  }
  for (const field of ['activeDeadlineSeconds', 'schedulingGates', 'tolerations']) {
    if (oldSpec[field] === undefined) delete munged[field];
    else munged[field] = oldSpec[field];
  }
  const oldGrace = oldSpec['terminationGracePeriodSeconds'];
  if (typeof oldGrace === 'number' && oldGrace < 0 && munged['terminationGracePeriodSeconds'] === 1) {
    munged['terminationGracePeriodSeconds'] = oldGrace;
  }
  return munged;
}

export function validatePodUpdate(pod: KubeObject, old: KubeObject): FieldError[] {
  const spec = specOf(pod);
  const oldSpec = structuredClone(specOf(old));
  // Stored pods are read back defaulted upstream; compare against the defaulted old spec likewise.
  defaultPod({ metadata: {}, spec: oldSpec });
  const errors = [...validatePodSpec(spec, 'spec', { resourceIsPod: true }), ...validatePodOnly(spec)];
  for (const list of ['containers', 'initContainers']) {
    const result = validateContainerUpdates(spec, oldSpec, list);
    if (result === 'stop') {
      return [...errors, forbidden(child('spec', list), 'pod updates may not add or remove containers')];
    }
    errors.push(...result.filter((e) => !errors.some((seen) => sameJson(seen, e))));
  }
  const deadlineErrors = validateDeadlineUpdate(spec, oldSpec);
  errors.push(...deadlineErrors);
  if (deadlineErrors.length > 0 && valueAt(spec, 'activeDeadlineSeconds') !== undefined) return errors;
  errors.push(...validateTolerationsUpdate(spec, oldSpec));
  errors.push(...validateGatesUpdate(spec, oldSpec));
  const munged = mungedSpec(spec, oldSpec);
  if (!sameJson(munged, oldSpec)) {
    const diff = specDiff(oldSpec, munged).join('\n');
    errors.push(
      forbidden(
        'spec',
        `pod updates may not change fields other than ${updatablePodSpecFields.join(',')}\n${diff}`,
      ),
    );
  }
  return errors;
}
