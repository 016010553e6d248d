import { isIP } from 'node:net';
import type { FieldError } from '../../machinery/errors.js';
import type { KubeObject } from '../../machinery/object.js';
import { isRecord } from '../../machinery/object.js';
import { isDNS1035Label, isDNS1123Subdomain, regexError } from '../../machinery/validation.js';
import type { Strategy } from '../strategy.js';
import { recordAt, recordsAt, stringAt, valueAt } from '../object-fields.js';
import { isValidPortName, isValidPortNum, portRangeMessage } from '../validation/container.js';
import { child, index, invalid, notSupported, required } from '../validation/field-errors.js';
import { ingressColumns } from './ingress-columns.js';

type JsonObject = Record<string, unknown>;

const wildcardFormat = '\\*\\.[a-z0-9]([-a-z0-9]*[a-z0-9])?(\\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*';
const wildcardMessage =
  "a wildcard DNS-1123 subdomain must start with '*.', followed by a valid DNS subdomain, which must consist of " +
  "lower case alphanumeric characters, '-' or '.' and end with an alphanumeric character";

/** Upstream IsWildcardDNS1123Subdomain. */
function isWildcardSubdomain(value: string): string[] {
  const errors: string[] = [];
  if (value.length > 253) errors.push('must be no more than 253 characters');
  if (!new RegExp(`^${wildcardFormat}$`).test(value))
    errors.push(regexError(wildcardMessage, wildcardFormat, '*.example.com'));
  return errors;
}

function validateHost(host: string, field: string): FieldError[] {
  const errors = isIP(host) !== 0 ? [invalid(field, host, 'must be a DNS name, not an IP address')] : [];
  const problems = host.includes('*') ? isWildcardSubdomain(host) : isDNS1123Subdomain(host);
  return [...errors, ...problems.map((d) => invalid(field, host, d))];
}

/** Upstream validateIngressBackend: exactly one of a resource or a service with a port name or number. */
function validateBackend(backend: JsonObject, path: string): FieldError[] {
  const resource = recordAt(backend, 'resource');
  const service = recordAt(backend, 'service');
  if (resource !== undefined && service !== undefined)
    return [invalid(path, '', 'cannot set both resource and service backends')];
  if (resource !== undefined) {
    const errors: FieldError[] = [];
    if (stringAt(resource, 'kind') === '')
      errors.push(required(child(path, 'resource', 'kind'), 'kind is required'));
    if (stringAt(resource, 'name') === '')
      errors.push(required(child(path, 'resource', 'name'), 'name is required'));
    return errors;
  }
  if (service === undefined) return [invalid(path, '', 'resource or service backend is required')];
  const errors: FieldError[] = [];
  const name = stringAt(service, 'name');
  if (name === '') errors.push(required(child(path, 'service', 'name')));
  else errors.push(...isDNS1035Label(name).map((d) => invalid(child(path, 'service', 'name'), name, d)));
  const portName = stringAt(service, 'port.name');
  const portNumber = valueAt(service, 'port.number') ?? 0;
  if (portName !== '' && portNumber !== 0)
    errors.push(invalid(path, '', 'cannot set both port name & port number'));
  else if (portName !== '') {
    errors.push(
      ...isValidPortName(portName).map((d) => invalid(child(path, 'service', 'port', 'name'), portName, d)),
    );
  } else if (portNumber !== 0) {
    if (!isValidPortNum(portNumber))
      errors.push(invalid(child(path, 'service', 'port', 'number'), portNumber, portRangeMessage));
  } else errors.push(required(path, 'port name or number is required'));
  return errors;
}

const pathTypes = ['Exact', 'ImplementationSpecific', 'Prefix'];
const invalidSequences = ['//', '/./', '/../', '%2f', '%2F'];
const invalidSuffixes = ['/..', '/.'];

/** Upstream validateHTTPIngressPath. */
function validatePath(httpPath: JsonObject, path: string): FieldError[] {
  const pathType = httpPath['pathType'];
  if (pathType === undefined) return [required(child(path, 'pathType'), 'pathType must be specified')];
  const value = stringAt(httpPath, 'path');
  const field = child(path, 'path');
  const errors: FieldError[] = [];
  if (pathType === 'Exact' || pathType === 'Prefix') {
    if (!value.startsWith('/')) errors.push(invalid(field, value, 'must be an absolute path'));
    if (value !== '') {
      for (const sequence of invalidSequences) {
        if (value.includes(sequence)) errors.push(invalid(field, value, `must not contain '${sequence}'`));
      }
      for (const suffix of invalidSuffixes) {
        if (value.endsWith(suffix)) errors.push(invalid(field, value, `cannot end with '${suffix}'`));
      }
    }
  } else if (pathType === 'ImplementationSpecific') {
    if (value !== '' && !value.startsWith('/'))
      errors.push(invalid(field, value, 'must be an absolute path'));
  } else {
    errors.push(notSupported(child(path, 'pathType'), pathType, pathTypes));
  }
  return [...errors, ...validateBackend(recordAt(httpPath, 'backend') ?? {}, child(path, 'backend'))];
}

function validateRules(rules: JsonObject[]): FieldError[] {
  const errors: FieldError[] = [];
  rules.forEach((rule, i) => {
    const path = index('spec.rules', i);
    const host = stringAt(rule, 'host');
    if (host !== '') errors.push(...validateHost(host, child(path, 'host')));
    const http = recordAt(rule, 'http');
    if (http === undefined) return;
    const paths = recordsAt(http, 'paths');
    if (paths.length === 0) errors.push(required(child(path, 'http', 'paths')));
    paths.forEach((httpPath, j) =>
      errors.push(...validatePath(httpPath, index(child(path, 'http', 'paths'), j))),
    );
  });
  return errors;
}

function validateTLS(spec: JsonObject): FieldError[] {
  const errors: FieldError[] = [];
  recordsAt(spec, 'tls').forEach((tls, i) => {
    const path = index('spec.tls', i);
    const hosts = Array.isArray(tls['hosts']) ? tls['hosts'] : [];
    hosts.forEach((host, j) => {
      const value = String(host);
      const problems = value.includes('*') ? isWildcardSubdomain(value) : isDNS1123Subdomain(value);
      errors.push(...problems.map((d) => invalid(index(child(path, 'hosts'), j), value, d)));
    });
    const secretName = stringAt(tls, 'secretName');
    if (secretName !== '') {
      errors.push(
        ...isDNS1123Subdomain(secretName).map((d) => invalid(child(path, 'secretName'), secretName, d)),
      );
    }
  });
  return errors;
}

/** Upstream ValidateIngressSpec. */
function validateIngress(ingress: KubeObject): FieldError[] {
  const spec = recordAt(ingress, 'spec') ?? {};
  const rules = recordsAt(spec, 'rules');
  const backend = recordAt(spec, 'defaultBackend');
  const errors: FieldError[] = [];
  if (rules.length === 0 && backend === undefined) {
    errors.push(
      invalid(
        'spec',
        Array.isArray(spec['rules']) ? spec['rules'] : null,
        'either `defaultBackend` or `rules` must be specified',
      ),
    );
  }
  if (backend !== undefined) errors.push(...validateBackend(backend, 'spec.defaultBackend'));
  errors.push(...validateRules(rules));
  errors.push(...validateTLS(spec));
  const className = spec['ingressClassName'];
  if (typeof className === 'string') {
    errors.push(...isDNS1123Subdomain(className).map((d) => invalid('spec.ingressClassName', className, d)));
  }
  return errors;
}

/** The deprecated annotation must agree with ingressClassName on create (upstream ValidateIngressCreate). */
function validateClassAnnotation(ingress: KubeObject): FieldError[] {
  const annotation = ingress.metadata.annotations?.['kubernetes.io/ingress.class'];
  const className = valueAt(ingress, 'spec.ingressClassName');
  if (
    annotation === undefined ||
    !isRecord(ingress['spec']) ||
    className === undefined ||
    annotation === className
  )
    return [];
  return [
    invalid(
      'annotations.kubernetes.io/ingress.class',
      annotation,
      'must match `ingressClassName` when both are specified',
    ),
  ];
}

/** Ingresses: no defaults (pathType must be given); upstream networking/v1 validation. */
export const ingressStrategy: Strategy = {
  prepareForCreate(_ctx, ingress) {
    ingress['status'] = { loadBalancer: {} };
  },
  validate: (_ctx, ingress) => [...validateIngress(ingress), ...validateClassAnnotation(ingress)],
  validateUpdate: (_ctx, ingress) => validateIngress(ingress),
  columns: ingressColumns,
};
