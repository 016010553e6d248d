/**
 * Container validation with upstream's messages (pkg/apis/core/validation/validation.go:
 * validateContainerCommon, validateContainerPorts, ValidateEnv, ValidateEnvFrom, ValidateVolumeMounts,
 * validatePullPolicy, validateResourceRequirements, validateProbe/validateHandler).
 */
import type { FieldError } from '../../machinery/errors.js';
import { isRecord } from '../../machinery/object.js';
import { isDNS1123Label, isDNS1123Subdomain } from '../../machinery/validation.js';
import { numberAt, recordAt, recordsAt, stringAt, valueAt } from '../object-fields.js';
import {
  child,
  duplicate,
  forbidden,
  index,
  invalid,
  key,
  notFound,
  notSupported,
  required,
  validateNonnegative,
} from './field-errors.js';
import { compareQuantities, parseQuantity } from './quantity.js';

type JsonObject = Record<string, unknown>;

/** Upstream InclusiveRangeError for port numbers. */
export const portRangeMessage = 'must be between 1 and 65535, inclusive';
export const supportedProtocols = ['SCTP', 'TCP', 'UDP'];

/** Upstream validation.IsValidPortNum. */
export function isValidPortNum(port: unknown): boolean {
  return typeof port === 'number' && Number.isInteger(port) && port >= 1 && port <= 65535;
}

/** Upstream validation.IsValidPortName (IANA service names). */
export function isValidPortName(name: string): string[] {
  const errors: string[] = [];
  if (name.length > 15) errors.push('must be no more than 15 characters');
  if (!/^[-a-z0-9]+$/.test(name)) {
    errors.push('must contain only alpha-numeric characters (a-z, 0-9), and hyphens (-)');
  }
  if (!/[a-z]/.test(name)) errors.push('must contain at least one letter (a-z)');
  if (name.includes('--')) errors.push('must not contain consecutive hyphens');
  if (name.startsWith('-') || name.endsWith('-')) errors.push('must not begin or end with a hyphen');
  return errors;
}

/** Upstream ValidatePortNumOrName for an int-or-string port. */
export function validatePortNumOrName(port: unknown, field: string): FieldError[] {
  if (typeof port === 'string') return isValidPortName(port).map((detail) => invalid(field, port, detail));
  if (isValidPortNum(port)) return [];
  return [invalid(field, port ?? 0, portRangeMessage)];
}

function validateContainerPorts(container: JsonObject, path: string): FieldError[] {
  const errors: FieldError[] = [];
  const names = new Set<string>();
  recordsAt(container, 'ports').forEach((port, i) => {
    const portPath = index(path, i);
    const name = stringAt(port, 'name');
    if (name !== '') {
      const problems = isValidPortName(name);
      if (problems.length > 0) errors.push(...problems.map((d) => invalid(child(portPath, 'name'), name, d)));
      else if (names.has(name)) errors.push(duplicate(child(portPath, 'name'), name));
      else names.add(name);
    }
    const containerPort = port['containerPort'];
    if (containerPort === undefined || containerPort === 0)
      errors.push(required(child(portPath, 'containerPort')));
    else if (!isValidPortNum(containerPort)) {
      errors.push(invalid(child(portPath, 'containerPort'), containerPort, portRangeMessage));
    }
    const hostPort = port['hostPort'];
    if (hostPort !== undefined && hostPort !== 0 && !isValidPortNum(hostPort)) {
      errors.push(invalid(child(portPath, 'hostPort'), hostPort, portRangeMessage));
    }
    errors.push(...validateProtocol(port['protocol'], child(portPath, 'protocol')));
  });
  return errors;
}

export function validateProtocol(protocol: unknown, field: string): FieldError[] {
  if (protocol === undefined || protocol === '') return [required(field)];
  return supportedProtocols.includes(String(protocol))
    ? []
    : [notSupported(field, protocol, supportedProtocols)];
}

/** Upstream IsRelaxedEnvVarName (RelaxedEnvironmentVariableValidation is on by default). */
function isRelaxedEnvVarName(name: string): string[] {
  if (name === '') return ['environment variable name must be non-empty'];
  const printableAscii = /^[\x20-\x7e]*$/;
  return !printableAscii.test(name) || name.includes('=')
    ? ["a valid environment variable name must consist only of printable ASCII characters other than '='"]
    : [];
}

/** Upstream IsConfigMapKey: keys of ConfigMaps and Secrets, and keys that reference them. */
export function isConfigMapKey(value: string): string[] {
  const errors: string[] = [];
  if (Buffer.byteLength(value, 'utf8') > 253) errors.push('must be no more than 253 characters');
  if (!/^[-._a-zA-Z0-9]+$/.test(value)) {
    errors.push(
      "a valid config key must consist of alphanumeric characters, '-', '_' or '.' (e.g. 'key.name',  or " +
        "'KEY_NAME',  or 'key-name', regex used for validation is '[-._a-zA-Z0-9]+')",
    );
  }
  if (value === '.') errors.push("must not be '.'");
  else if (value === '..') errors.push("must not be '..'");
  else if (value.startsWith('..')) errors.push("must not start with '..'");
  return errors;
}

function validateKeySelector(selector: JsonObject, path: string): FieldError[] {
  const name = stringAt(selector, 'name');
  const errors = isDNS1123Subdomain(name).map((d) => invalid(child(path, 'name'), name, d));
  const selectorKey = stringAt(selector, 'key');
  if (selectorKey === '') errors.push(required(child(path, 'key')));
  else errors.push(...isConfigMapKey(selectorKey).map((d) => invalid(child(path, 'key'), selectorKey, d)));
  return errors;
}

function validateEnvValueFrom(env: JsonObject, path: string): FieldError[] {
  const valueFrom = recordAt(env, 'valueFrom');
  if (valueFrom === undefined) return [];
  const errors: FieldError[] = [];
  const sources = ['fieldRef', 'resourceFieldRef', 'configMapKeyRef', 'secretKeyRef'].filter((source) =>
    isRecord(valueFrom[source]),
  );
  const fieldRef = recordAt(valueFrom, 'fieldRef');
  if (fieldRef !== undefined && stringAt(fieldRef, 'fieldPath') === '') {
    errors.push(required(child(path, 'fieldRef', 'fieldPath')));
  }
  for (const source of ['configMapKeyRef', 'secretKeyRef']) {
    const selector = recordAt(valueFrom, source);
    if (selector !== undefined) errors.push(...validateKeySelector(selector, child(path, source)));
  }
  if (sources.length === 0) {
    errors.push(
      invalid(
        path,
        '',
        'must specify one of: `fieldRef`, `resourceFieldRef`, `configMapKeyRef` or `secretKeyRef`',
      ),
    );
  } else if (stringAt(env, 'value') !== '') {
    errors.push(invalid(path, '', 'may not be specified when `value` is not empty'));
  } else if (sources.length > 1) {
    errors.push(invalid(path, '', 'may not have more than one field specified at a time'));
  }
  return errors;
}

function validateEnv(container: JsonObject, containerPath: string): FieldError[] {
  const errors: FieldError[] = [];
  const envPath = child(containerPath, 'env');
  recordsAt(container, 'env').forEach((env, i) => {
    const itemPath = index(envPath, i);
    const name = stringAt(env, 'name');
    if (name === '') errors.push(required(child(itemPath, 'name')));
    else errors.push(...isRelaxedEnvVarName(name).map((d) => invalid(child(itemPath, 'name'), name, d)));
    errors.push(...validateEnvValueFrom(env, child(itemPath, 'valueFrom')));
  });
  const envFromPath = child(containerPath, 'envFrom');
  recordsAt(container, 'envFrom').forEach((source, i) => {
    const itemPath = index(envFromPath, i);
    const prefix = stringAt(source, 'prefix');
    if (prefix !== '') {
      errors.push(...isRelaxedEnvVarName(prefix).map((d) => invalid(child(itemPath, 'prefix'), prefix, d)));
    }
    const refs = ['configMapRef', 'secretRef'].filter((ref) => isRecord(source[ref]));
    for (const ref of refs) {
      const name = stringAt(source, `${ref}.name`);
      const namePath = child(itemPath, ref, 'name');
      if (name === '') errors.push(required(namePath));
      else errors.push(...isDNS1123Subdomain(name).map((d) => invalid(namePath, name, d)));
    }
    if (refs.length === 0)
      errors.push(invalid(envFromPath, '', 'must specify one of: `configMapRef` or `secretRef`'));
    else if (refs.length > 1) {
      errors.push(invalid(envFromPath, '', 'may not have more than one field specified at a time'));
    }
  });
  return errors;
}

function validateVolumeMounts(
  container: JsonObject,
  volumes: ReadonlySet<string>,
  path: string,
): FieldError[] {
  const errors: FieldError[] = [];
  const mountPoints = new Set<string>();
  recordsAt(container, 'volumeMounts').forEach((mount, i) => {
    const mountPath = index(path, i);
    const name = stringAt(mount, 'name');
    const target = stringAt(mount, 'mountPath');
    if (name === '') errors.push(required(child(mountPath, 'name')));
    if (!volumes.has(name)) errors.push(notFound(child(mountPath, 'name'), name));
    if (target === '') errors.push(required(child(mountPath, 'mountPath')));
    if (mountPoints.has(target))
      errors.push(invalid(child(mountPath, 'mountPath'), target, 'must be unique'));
    mountPoints.add(target);
  });
  return errors;
}

const pullPolicies = ['Always', 'IfNotPresent', 'Never'];

/** Requests must not exceed limits; quantities must not be negative. */
function validateResources(container: JsonObject, path: string): FieldError[] {
  const errors: FieldError[] = [];
  const limits = recordAt(container, 'resources.limits') ?? {};
  const requests = recordAt(container, 'resources.requests') ?? {};
  for (const [group, list] of [
    ['limits', limits],
    ['requests', requests],
  ] as const) {
    for (const [name, quantity] of Object.entries(list)) {
      const amount = parseQuantity(quantity);
      if (amount !== undefined && amount < 0) {
        errors.push(invalid(key(child(path, group), name), quantity, 'must be greater than or equal to 0'));
      }
    }
  }
  for (const [name, quantity] of Object.entries(requests)) {
    if (!(name in limits)) continue;
    if ((compareQuantities(quantity, limits[name]) ?? 0) > 0) {
      errors.push(
        invalid(
          child(path, 'requests'),
          quantity,
          `must be less than or equal to ${name} limit of ${String(limits[name])}`,
        ),
      );
    }
  }
  return errors;
}

const handlerTypes = ['exec', 'httpGet', 'tcpSocket', 'grpc', 'sleep'];

/** Upstream validateHandler: exactly one handler type, with its port checked. */
function validateHandler(handler: JsonObject, path: string): FieldError[] {
  const errors: FieldError[] = [];
  let count = 0;
  for (const type of handlerTypes) {
    if (!isRecord(handler[type])) continue;
    if (count > 0) {
      errors.push(forbidden(child(path, type), 'may not specify more than 1 handler type'));
      continue;
    }
    count++;
    const command = valueAt(handler, 'exec.command');
    if (type === 'exec' && (!Array.isArray(command) || command.length === 0)) {
      errors.push(required(child(path, 'exec', 'command')));
    }
    if (type === 'httpGet' || type === 'tcpSocket' || type === 'grpc') {
      errors.push(...validatePortNumOrName(valueAt(handler, `${type}.port`), child(path, type, 'port')));
    }
  }
  if (count === 0) errors.push(required(path, 'must specify a handler type'));
  return errors;
}

function validateProbe(container: JsonObject, probe: string, path: string): FieldError[] {
  const spec = recordAt(container, probe);
  if (spec === undefined) return [];
  const probePath = child(path, probe);
  const errors = validateHandler(spec, probePath);
  for (const field of [
    'initialDelaySeconds',
    'timeoutSeconds',
    'periodSeconds',
    'successThreshold',
    'failureThreshold',
  ]) {
    errors.push(...validateNonnegative(numberAt(spec, field), child(probePath, field)));
  }
  const successThreshold = numberAt(spec, 'successThreshold');
  if (probe !== 'readinessProbe' && successThreshold !== undefined && successThreshold !== 1) {
    errors.push(invalid(child(probePath, 'successThreshold'), successThreshold, 'must be 1'));
  }
  return errors;
}

/** Probes and lifecycle hooks, allowed on regular containers and on sidecar (restartable init) containers. */
export function validateProbesAndLifecycle(container: JsonObject, path: string): FieldError[] {
  const errors: FieldError[] = [];
  for (const hook of ['postStart', 'preStop']) {
    const handler = recordAt(container, `lifecycle.${hook}`);
    if (handler !== undefined) errors.push(...validateHandler(handler, child(path, 'lifecycle', hook)));
  }
  for (const probe of ['livenessProbe', 'readinessProbe', 'startupProbe']) {
    errors.push(...validateProbe(container, probe, path));
  }
  return errors;
}

/** Upstream validateContainerCommon: what every kind of container must satisfy. */
export function validateContainerCommon(
  container: JsonObject,
  volumes: ReadonlySet<string>,
  path: string,
): FieldError[] {
  const errors: FieldError[] = [];
  const name = stringAt(container, 'name');
  if (name === '') errors.push(required(child(path, 'name')));
  else errors.push(...isDNS1123Label(name).map((d) => invalid(child(path, 'name'), name, d)));
  if (stringAt(container, 'image') === '') errors.push(required(child(path, 'image')));
  const messagePolicy = container['terminationMessagePolicy'];
  if (messagePolicy === undefined || messagePolicy === '') {
    errors.push(required(child(path, 'terminationMessagePolicy')));
  } else if (messagePolicy !== 'File' && messagePolicy !== 'FallbackToLogsOnError') {
    errors.push(
      notSupported(child(path, 'terminationMessagePolicy'), messagePolicy, ['File', 'FallbackToLogsOnError']),
    );
  }
  errors.push(...validateContainerPorts(container, child(path, 'ports')));
  errors.push(...validateEnv(container, path));
  errors.push(...validateVolumeMounts(container, volumes, child(path, 'volumeMounts')));
  const pullPolicy = container['imagePullPolicy'];
  if (pullPolicy === undefined || pullPolicy === '') errors.push(required(child(path, 'imagePullPolicy')));
  else if (!pullPolicies.includes(String(pullPolicy))) {
    errors.push(notSupported(child(path, 'imagePullPolicy'), pullPolicy, pullPolicies));
  }
  errors.push(...validateResources(container, child(path, 'resources')));
  return errors;
}
