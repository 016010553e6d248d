/**
 * Pod spec and pod template validation with upstream's messages (pkg/apis/core/validation/validation.go:
 * ValidatePodSpec, ValidateVolumes, validateContainers, validateInitContainers, ValidateTolerations,
 * ValidatePodTemplateSpec). Covers what users hit; exotic volume sources are only counted, not checked.
 */
import type { FieldError } from '../../machinery/errors.js';
import { isRecord } from '../../machinery/object.js';
import {
  isDNS1123Label,
  isDNS1123Subdomain,
  isQualifiedName,
  isValidLabelValue,
  validateAnnotations,
  validateLabels,
} from '../../machinery/validation.js';
import { numberAt, recordAt, recordsAt, stringAt, stringMapAt } from '../object-fields.js';
import { validateContainerCommon, validateProbesAndLifecycle } from './container.js';
import { child, duplicate, forbidden, index, invalid, notSupported, required } from './field-errors.js';

type JsonObject = Record<string, unknown>;

export interface PodSpecOptions {
  /** The spec belongs to a Pod rather than to a template (upstream PodValidationOptions.ResourceIsPod). */
  readonly resourceIsPod: boolean;
}

/** Volume sources in the order upstream checks them, with the field name each error uses. */
const volumeSources: readonly (readonly [string, string])[] = [
  ['emptyDir', 'emptyDir'],
  ['hostPath', 'hostPath'],
  ['gitRepo', 'gitRepo'],
  ['gcePersistentDisk', 'gcePersistentDisk'],
  ['awsElasticBlockStore', 'awsElasticBlockStore'],
  ['secret', 'secret'],
  ['nfs', 'nfs'],
  ['iscsi', 'iscsi'],
  ['glusterfs', 'glusterfs'],
  ['flocker', 'flocker'],
  ['persistentVolumeClaim', 'persistentVolumeClaim'],
  ['rbd', 'rbd'],
  ['cinder', 'cinder'],
  ['cephfs', 'cephFS'],
  ['quobyte', 'quobyte'],
  // Upstream misspells this one in its error path.
  ['downwardAPI', 'downwarAPI'],
  ['fc', 'fc'],
  ['flexVolume', 'flexVolume'],
  ['configMap', 'configMap'],
  ['azureFile', 'azureFile'],
  ['vsphereVolume', 'vsphereVolume'],
  ['photonPersistentDisk', 'photonPersistentDisk'],
  ['portworxVolume', 'portworxVolume'],
  ['azureDisk', 'azureDisk'],
  ['storageos', 'storageos'],
  ['projected', 'projected'],
  ['scaleIO', 'scaleIO'],
  ['csi', 'csi'],
  ['ephemeral', 'ephemeral'],
  ['image', 'image'],
];

/** The required name of the few sources users write by hand. */
const sourceRequiredNames: Readonly<Record<string, string>> = {
  secret: 'secretName',
  persistentVolumeClaim: 'claimName',
  hostPath: 'path',
};

function validateVolumeSource(volume: JsonObject, path: string): FieldError[] {
  const errors: FieldError[] = [];
  let count = 0;
  for (const [source, errorName] of volumeSources) {
    if (!isRecord(volume[source])) continue;
    if (count > 0) {
      errors.push(forbidden(child(path, errorName), 'may not specify more than 1 volume type'));
      continue;
    }
    count++;
    const requiredName = sourceRequiredNames[source];
    if (requiredName !== undefined && stringAt(volume, `${source}.${requiredName}`) === '') {
      errors.push(required(child(path, source, requiredName)));
    }
  }
  if (count === 0) errors.push(required(path, 'must specify a volume type'));
  return errors;
}

/** Upstream ValidateVolumes: the names of valid volumes, and the errors. */
function validateVolumes(spec: JsonObject, path: string): { names: Set<string>; errors: FieldError[] } {
  const names = new Set<string>();
  const errors: FieldError[] = [];
  recordsAt(spec, 'volumes').forEach((volume, i) => {
    const volumePath = index(path, i);
    const name = stringAt(volume, 'name');
    const volumeErrors = validateVolumeSource(volume, volumePath);
    if (name === '') volumeErrors.push(required(child(volumePath, 'name')));
    else volumeErrors.push(...isDNS1123Label(name).map((d) => invalid(child(volumePath, 'name'), name, d)));
    if (names.has(name)) volumeErrors.push(duplicate(child(volumePath, 'name'), name));
    if (volumeErrors.length === 0) names.add(name);
    errors.push(...volumeErrors);
  });
  return { names, errors };
}

function validateContainers(spec: JsonObject, volumes: ReadonlySet<string>, path: string): FieldError[] {
  const containers = recordsAt(spec, 'containers');
  if (containers.length === 0) return [required(path)];
  const errors: FieldError[] = [];
  const names = new Set<string>();
  containers.forEach((container, i) => {
    const containerPath = index(path, i);
    errors.push(...validateContainerCommon(container, volumes, containerPath));
    const name = stringAt(container, 'name');
    if (names.has(name)) errors.push(duplicate(child(containerPath, 'name'), name));
    else names.add(name);
    errors.push(...validateProbesAndLifecycle(container, containerPath));
    if (container['restartPolicy'] !== undefined) {
      errors.push(forbidden(child(containerPath, 'restartPolicy'), 'may not be set for non-init containers'));
    }
  });
  return errors;
}

const initOnlyForbidden = 'may not be set for init containers without restartPolicy=Always';

function validateInitContainers(spec: JsonObject, volumes: ReadonlySet<string>, path: string): FieldError[] {
  const errors: FieldError[] = [];
  const names = new Set(recordsAt(spec, 'containers').map((c) => stringAt(c, 'name')));
  recordsAt(spec, 'initContainers').forEach((container, i) => {
    const containerPath = index(path, i);
    errors.push(...validateContainerCommon(container, volumes, containerPath));
    const restartPolicy = container['restartPolicy'];
    if (restartPolicy !== undefined && restartPolicy !== 'Always') {
      errors.push(notSupported(child(containerPath, 'restartPolicy'), restartPolicy, ['Always']));
    }
    const name = stringAt(container, 'name');
    if (names.has(name)) errors.push(duplicate(child(containerPath, 'name'), name));
    else if (name !== '') names.add(name);
    if (restartPolicy === 'Always') {
      errors.push(...validateProbesAndLifecycle(container, containerPath));
      return;
    }
    for (const field of ['lifecycle', 'livenessProbe', 'readinessProbe', 'startupProbe']) {
      if (container[field] !== undefined)
        errors.push(forbidden(child(containerPath, field), initOnlyForbidden));
    }
  });
  return errors;
}

function validateEnum(value: unknown, field: string, supported: readonly string[]): FieldError[] {
  if (value === undefined || value === '') return [required(field)];
  return supported.includes(String(value)) ? [] : [notSupported(field, value, supported)];
}

const tolerationEffects = ['NoSchedule', 'PreferNoSchedule', 'NoExecute'];

/** Upstream ValidateTolerations. */
export function validateTolerations(tolerations: JsonObject[], path: string): FieldError[] {
  const errors: FieldError[] = [];
  tolerations.forEach((toleration, i) => {
    const tolerationPath = index(path, i);
    const tolerationKey = stringAt(toleration, 'key');
    const operator = stringAt(toleration, 'operator');
    const value = stringAt(toleration, 'value');
    const effect = stringAt(toleration, 'effect');
    if (tolerationKey !== '') {
      errors.push(
        ...isQualifiedName(tolerationKey).map((d) => invalid(child(tolerationPath, 'key'), tolerationKey, d)),
      );
    }
    if (tolerationKey === '' && operator !== 'Exists') {
      errors.push(
        invalid(
          child(tolerationPath, 'operator'),
          operator,
          'operator must be Exists when `key` is empty, which means "match all values and all keys"',
        ),
      );
    }
    if (toleration['tolerationSeconds'] !== undefined && effect !== 'NoExecute') {
      errors.push(
        invalid(
          child(tolerationPath, 'effect'),
          effect,
          "effect must be 'NoExecute' when `tolerationSeconds` is set",
        ),
      );
    }
    if (operator === 'Equal' || operator === '') {
      const problems = isValidLabelValue(value);
      if (problems.length > 0)
        errors.push(invalid(child(tolerationPath, 'operator'), value, problems.join(';')));
    } else if (operator === 'Exists') {
      if (value !== '') {
        errors.push(
          invalid(
            child(tolerationPath, 'operator'),
            value,
            "value must be empty when `operator` is 'Exists'",
          ),
        );
      }
    } else {
      errors.push(notSupported(child(tolerationPath, 'operator'), operator, ['Equal', 'Exists']));
    }
    if (effect !== '' && !tolerationEffects.includes(effect)) {
      errors.push(notSupported(child(tolerationPath, 'effect'), effect, tolerationEffects));
    }
  });
  return errors;
}

/** With host networking, a Pod's host ports must equal its container ports (templates may leave them 0). */
function validateHostNetworkPorts(spec: JsonObject, path: string, options: PodSpecOptions): FieldError[] {
  if (spec['hostNetwork'] !== true) return [];
  const errors: FieldError[] = [];
  recordsAt(spec, 'containers').forEach((container, i) => {
    recordsAt(container, 'ports').forEach((port, j) => {
      const hostPort = numberAt(port, 'hostPort') ?? 0;
      if ((options.resourceIsPod || hostPort !== 0) && hostPort !== numberAt(port, 'containerPort')) {
        const field = child(index(child(index(child(path, 'containers'), i), 'ports'), j), 'hostPort');
        errors.push(invalid(field, hostPort, 'must match `containerPort` when `hostNetwork` is true'));
      }
    });
  });
  return errors;
}

function validateNames(spec: JsonObject, path: string): FieldError[] {
  const errors: FieldError[] = [];
  const subdomainFields = ['serviceAccountName', 'nodeName', 'priorityClassName'];
  for (const field of subdomainFields) {
    const value = stringAt(spec, field);
    if (value !== '')
      errors.push(...isDNS1123Subdomain(value).map((d) => invalid(child(path, field), value, d)));
  }
  for (const field of ['hostname', 'subdomain']) {
    const value = stringAt(spec, field);
    if (value !== '') errors.push(...isDNS1123Label(value).map((d) => invalid(child(path, field), value, d)));
  }
  return errors;
}

/** Upstream ValidatePodSpec. */
export function validatePodSpec(spec: JsonObject, path: string, options: PodSpecOptions): FieldError[] {
  const errors: FieldError[] = [];
  if (spec['terminationGracePeriodSeconds'] === undefined)
    errors.push(required(child(path, 'terminationGracePeriodSeconds')));
  const volumes = validateVolumes(spec, child(path, 'volumes'));
  errors.push(...volumes.errors);
  errors.push(...validateContainers(spec, volumes.names, child(path, 'containers')));
  errors.push(...validateInitContainers(spec, volumes.names, child(path, 'initContainers')));
  errors.push(...validateHostNetworkPorts(spec, path, options));
  errors.push(
    ...validateEnum(spec['restartPolicy'], child(path, 'restartPolicy'), ['Always', 'OnFailure', 'Never']),
  );
  errors.push(
    ...validateEnum(spec['dnsPolicy'], child(path, 'dnsPolicy'), [
      'ClusterFirstWithHostNet',
      'ClusterFirst',
      'Default',
      'None',
    ]),
  );
  errors.push(...validateLabels(stringMapAt(spec, 'nodeSelector'), child(path, 'nodeSelector')));
  if (spec['dnsPolicy'] === 'None' && recordAt(spec, 'dnsConfig') === undefined) {
    errors.push(required(child(path, 'dnsConfig'), 'must provide `dnsConfig` when `dnsPolicy` is None'));
  }
  errors.push(...validateNames(spec, path));
  const deadline = spec['activeDeadlineSeconds'];
  if (typeof deadline === 'number' && (deadline < 1 || deadline > 2147483647)) {
    errors.push(
      invalid(child(path, 'activeDeadlineSeconds'), deadline, 'must be between 1 and 2147483647, inclusive'),
    );
  }
  errors.push(...validateTolerations(recordsAt(spec, 'tolerations'), child(path, 'tolerations')));
  if (spec['preemptionPolicy'] !== undefined) {
    errors.push(
      ...validateEnum(spec['preemptionPolicy'], child(path, 'preemptionPolicy'), [
        'PreemptLowerPriority',
        'Never',
      ]),
    );
  }
  return errors;
}

/** Upstream ValidatePodTemplateSpec: the template's labels and annotations, then its pod spec. */
export function validatePodTemplateSpec(template: JsonObject | undefined, path: string): FieldError[] {
  if (template === undefined) return [required(path)];
  const errors = [
    ...validateLabels(stringMapAt(template, 'metadata.labels'), child(path, 'labels')),
    ...validateAnnotations(stringMapAt(template, 'metadata.annotations'), child(path, 'annotations')),
    ...validatePodSpec(recordAt(template, 'spec') ?? {}, child(path, 'spec'), { resourceIsPod: false }),
  ];
  if (recordsAt(template, 'spec.ephemeralContainers').length > 0) {
    errors.push(
      forbidden(
        child(path, 'spec', 'ephemeralContainers'),
        'ephemeral containers not allowed in pod template',
      ),
    );
  }
  return errors;
}
