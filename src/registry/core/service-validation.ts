/**
 * Service validation with upstream's messages (pkg/apis/core/validation/validation.go: ValidateService,
 * validateServicePort, ValidateServiceClusterIPsRelatedFields, ValidateServiceUpdate and its
 * upgrade/downgrade checks of clusterIPs and ipFamilies).
 */
import { isIP } from 'node:net';
import type { FieldError } from '../../machinery/errors.js';
import type { KubeObject } from '../../machinery/object.js';
import {
  isDNS1123Label,
  isDNS1123Subdomain,
  isQualifiedName,
  validateLabels,
} from '../../machinery/validation.js';
import { recordAt, recordsAt, stringAt, stringMapAt, valueAt } from '../object-fields.js';
import {
  child,
  duplicate,
  forbidden,
  index,
  invalid,
  notSupported,
  required,
} from '../validation/field-errors.js';
import {
  isValidPortNum,
  portRangeMessage,
  validatePortNumOrName,
  validateProtocol,
} from '../validation/container.js';
import { externallyAccessible } from './service-defaults.js';

type JsonObject = Record<string, unknown>;

function strings(value: unknown): string[] {
  return Array.isArray(value) ? value.filter((v): v is string => typeof v === 'string') : [];
}

export function isHeadless(spec: JsonObject): boolean {
  const ips = strings(spec['clusterIPs']);
  return ips.length === 1 && ips[0] === 'None';
}

const invalidIPMessage = 'must be a valid IP address, (e.g. 10.9.8.7 or 2001:db8::ffff)';

function validateIP(field: string, value: string): FieldError[] {
  return isIP(value) === 0 ? [invalid(field, value, invalidIPMessage)] : [];
}

function validateServicePort(
  port: JsonObject,
  requireName: boolean,
  names: Set<string>,
  path: string,
): FieldError[] {
  const errors: FieldError[] = [];
  const name = stringAt(port, 'name');
  if (requireName && name === '') errors.push(required(child(path, 'name')));
  else if (name !== '') {
    errors.push(...isDNS1123Label(name).map((d) => invalid(child(path, 'name'), name, d)));
    if (names.has(name)) errors.push(duplicate(child(path, 'name'), name));
    else names.add(name);
  }
  if (!isValidPortNum(port['port']))
    errors.push(invalid(child(path, 'port'), port['port'] ?? 0, portRangeMessage));
  errors.push(...validateProtocol(port['protocol'], child(path, 'protocol')));
  errors.push(...validatePortNumOrName(port['targetPort'], child(path, 'targetPort')));
  const appProtocol = port['appProtocol'];
  if (typeof appProtocol === 'string') {
    errors.push(
      ...isQualifiedName(appProtocol).map((d) => invalid(child(path, 'appProtocol'), appProtocol, d)),
    );
  }
  return errors;
}

function validateByType(spec: JsonObject): FieldError[] {
  const errors: FieldError[] = [];
  const headless = isHeadless(spec);
  const type = spec['type'];
  if ((type === 'LoadBalancer' || type === 'NodePort') && headless) {
    errors.push(
      invalid('spec.clusterIPs[0]', 'None', `may not be set to 'None' for ${String(type)} services`),
    );
  }
  if (type === 'ExternalName') {
    if (strings(spec['clusterIPs']).length > 0)
      errors.push(forbidden('spec.clusterIPs', 'may not be set for ExternalName services'));
    if (strings(spec['ipFamilies']).length > 0)
      errors.push(forbidden('spec.ipFamilies', 'may not be set for ExternalName services'));
    if (spec['ipFamilyPolicy'] !== undefined) {
      errors.push(forbidden('spec.ipFamilyPolicy', 'may not be set for ExternalName services'));
    }
    const cname = stringAt(spec, 'externalName').replace(/\.$/, '');
    if (cname === '') errors.push(required('spec.externalName'));
    else errors.push(...isDNS1123Subdomain(cname).map((d) => invalid('spec.externalName', cname, d)));
  }
  return errors;
}

function validateSessionAffinity(spec: JsonObject): FieldError[] {
  const affinity = spec['sessionAffinity'];
  if (affinity === undefined || affinity === '') return [required('spec.sessionAffinity')];
  if (affinity !== 'ClientIP' && affinity !== 'None')
    return [notSupported('spec.sessionAffinity', affinity, ['ClientIP', 'None'])];
  const config = 'spec.sessionAffinityConfig';
  if (affinity === 'None') {
    return spec['sessionAffinityConfig'] === undefined
      ? []
      : [forbidden(config, 'must not be set when session affinity is None')];
  }
  const when = 'when session affinity type is ClientIP';
  if (recordAt(spec, 'sessionAffinityConfig') === undefined) return [required(config, when)];
  if (recordAt(spec, 'sessionAffinityConfig.clientIP') === undefined)
    return [required(`${config}.clientIP`, when)];
  const timeout = valueAt(spec, 'sessionAffinityConfig.clientIP.timeoutSeconds');
  if (typeof timeout !== 'number') return [required(`${config}.clientIP.timeoutSeconds`, when)];
  return timeout <= 0 || timeout > 86400
    ? [invalid(`${config}.clientIP.timeoutSeconds`, timeout, 'must be greater than 0 and less than 86400')]
    : [];
}

/** Upstream ValidateServiceClusterIPsRelatedFields. */
function validateClusterIPFields(spec: JsonObject): FieldError[] {
  if (spec['type'] === 'ExternalName') return [];
  const errors: FieldError[] = [];
  const clusterIP = stringAt(spec, 'clusterIP');
  const clusterIPs = strings(spec['clusterIPs']);
  if (clusterIP !== '') {
    if (clusterIPs.length === 0) errors.push(required('spec.clusterIPs'));
    else if (clusterIPs[0] !== clusterIP)
      errors.push(invalid('spec.clusterIPs', clusterIPs, 'first value must match `clusterIP`'));
  } else if (clusterIPs.length > 0) {
    errors.push(invalid('spec.clusterIPs', clusterIPs, 'must be empty when `clusterIP` is not specified'));
  }
  const seen = new Set<string>();
  strings(spec['ipFamilies']).forEach((family, i) => {
    if (family !== 'IPv4' && family !== 'IPv6')
      errors.push(notSupported(`spec.ipFamilies[${i}]`, family, ['IPv4', 'IPv6']));
    if (seen.has(family)) errors.push(duplicate(`spec.ipFamilies[${i}]`, family));
    seen.add(family);
  });
  const policy = spec['ipFamilyPolicy'];
  const policies = ['PreferDualStack', 'RequireDualStack', 'SingleStack'];
  if (policy !== undefined && !policies.includes(String(policy)))
    errors.push(notSupported('spec.ipFamilyPolicy', policy, policies));
  let badIPs = false;
  clusterIPs.forEach((ip, i) => {
    if (i === 0 && ip === 'None') {
      if (clusterIPs.length > 1) {
        badIPs = true;
        errors.push(invalid('spec.clusterIPs', clusterIPs, "'None' must be the first and only value"));
      }
      return;
    }
    const ipErrors = validateIP(`spec.clusterIPs[${i}]`, ip);
    badIPs ||= ipErrors.length > 0;
    errors.push(...ipErrors);
  });
  if (clusterIPs.length > 2)
    errors.push(invalid('spec.clusterIPs', clusterIPs, 'may only hold up to 2 values'));
  if (badIPs) return errors;
  if (clusterIPs.length > 1 && isIP(clusterIPs[0] ?? '') === isIP(clusterIPs[1] ?? '')) {
    errors.push(invalid('spec.clusterIPs', clusterIPs, 'may specify no more than one IP for each IP family'));
  }
  if (!isHeadless(spec)) {
    const families = strings(spec['ipFamilies']);
    clusterIPs.forEach((ip, i) => {
      const family = families[i];
      if (family === 'IPv4' && isIP(ip) === 6)
        errors.push(
          invalid(`spec.clusterIPs[${i}]`, ip, `expected an IPv4 value as indicated by \`ipFamilies[${i}]\``),
        );
      if (family === 'IPv6' && isIP(ip) !== 6)
        errors.push(
          invalid(`spec.clusterIPs[${i}]`, ip, `expected an IPv6 value as indicated by \`ipFamilies[${i}]\``),
        );
    });
  }
  return errors;
}

const serviceTypes = ['ClusterIP', 'ExternalName', 'LoadBalancer', 'NodePort'];

function validatePortsOfType(spec: JsonObject): FieldError[] {
  const errors: FieldError[] = [];
  const ports = recordsAt(spec, 'ports');
  if (spec['type'] === 'ClusterIP') {
    ports.forEach((port, i) => {
      if ((port['nodePort'] ?? 0) !== 0)
        errors.push(forbidden(`spec.ports[${i}].nodePort`, "may not be used when `type` is 'ClusterIP'"));
    });
  }
  const nodePorts = new Set<string>();
  const portKeys = new Set<string>();
  ports.forEach((port, i) => {
    const nodePort = port['nodePort'] ?? 0;
    if (nodePort !== 0) {
      const nodeKey = `${String(port['protocol'])}/${String(nodePort)}`;
      if (nodePorts.has(nodeKey)) errors.push(duplicate(`spec.ports[${i}].nodePort`, nodePort));
      nodePorts.add(nodeKey);
    }
    const portKey = `${String(port['protocol'])}/${String(port['port'])}`;
    if (portKeys.has(portKey))
      errors.push(duplicate(`spec.ports[${i}]`, { protocol: port['protocol'], port: port['port'] }));
    portKeys.add(portKey);
  });
  return errors;
}

function validateTrafficPolicies(spec: JsonObject): FieldError[] {
  const errors: FieldError[] = [];
  const external = spec['externalTrafficPolicy'];
  if (!externallyAccessible(spec)) {
    if (external !== undefined && external !== '') {
      errors.push(
        invalid('spec.externalTrafficPolicy', external, 'may only be set for externally-accessible services'),
      );
    }
  } else if (external === undefined || external === '') errors.push(required('spec.externalTrafficPolicy'));
  else if (external !== 'Cluster' && external !== 'Local') {
    errors.push(notSupported('spec.externalTrafficPolicy', external, ['Cluster', 'Local']));
  }
  const healthCheck = spec['healthCheckNodePort'] ?? 0;
  if (!(spec['type'] === 'LoadBalancer' && external === 'Local')) {
    if (healthCheck !== 0) {
      errors.push(
        invalid(
          'spec.healthCheckNodePort',
          healthCheck,
          "may only be set when `type` is 'LoadBalancer' and `externalTrafficPolicy` is 'Local'",
        ),
      );
    }
  } else if (healthCheck === 0) errors.push(required('spec.healthCheckNodePort'));
  else if (!isValidPortNum(healthCheck))
    errors.push(invalid('spec.healthCheckNodePort', healthCheck, portRangeMessage));
  const internal = spec['internalTrafficPolicy'];
  if (internal === undefined && ['NodePort', 'LoadBalancer', 'ClusterIP'].includes(String(spec['type']))) {
    errors.push(required('spec.internalTrafficPolicy'));
  }
  if (internal !== undefined && internal !== 'Cluster' && internal !== 'Local') {
    errors.push(notSupported('spec.internalTrafficPolicy', internal, ['Cluster', 'Local']));
  }
  return errors;
}

/** Upstream ValidateService (metadata is checked by the store). */
export function validateService(svc: KubeObject): FieldError[] {
  const spec = recordAt(svc, 'spec') ?? {};
  const ports = recordsAt(spec, 'ports');
  const errors: FieldError[] = [];
  if (ports.length === 0 && !isHeadless(spec) && spec['type'] !== 'ExternalName')
    errors.push(required('spec.ports'));
  errors.push(...validateByType(spec));
  const names = new Set<string>();
  ports.forEach((port, i) =>
    errors.push(...validateServicePort(port, ports.length > 1, names, index('spec.ports', i))),
  );
  if (recordAt(spec, 'selector') !== undefined)
    errors.push(...validateLabels(stringMapAt(spec, 'selector'), 'spec.selector'));
  errors.push(...validateSessionAffinity(spec));
  errors.push(...validateClusterIPFields(spec));
  strings(spec['externalIPs']).forEach((ip, i) => errors.push(...validateIP(`spec.externalIPs[${i}]`, ip)));
  const type = spec['type'];
  if (type === undefined || type === '') errors.push(required('spec.type'));
  else if (!serviceTypes.includes(String(type))) errors.push(notSupported('spec.type', type, serviceTypes));
  errors.push(...validatePortsOfType(spec));
  if (strings(spec['loadBalancerSourceRanges']).length > 0 && type !== 'LoadBalancer') {
    // Upstream spells this path with a capital L.
    errors.push(forbidden('spec.LoadBalancerSourceRanges', "may only be used when `type` is 'LoadBalancer'"));
  }
  if (spec['allocateLoadBalancerNodePorts'] !== undefined && type !== 'LoadBalancer') {
    errors.push(
      forbidden('spec.allocateLoadBalancerNodePorts', "may only be used when `type` is 'LoadBalancer'"),
    );
  }
  if (type === 'LoadBalancer' && spec['allocateLoadBalancerNodePorts'] === undefined) {
    errors.push(required('allocateLoadBalancerNodePorts'));
  }
  errors.push(...validateTrafficPolicies(spec));
  return errors;
}

/** Upstream validateUpgradeDowngradeClusterIPs: a set cluster IP never changes. */
function validateClusterIPsUpdate(spec: JsonObject, oldSpec: JsonObject): FieldError[] {
  if (spec['type'] === 'ExternalName' || oldSpec['type'] === 'ExternalName') return [];
  if (isHeadless(spec) && isHeadless(oldSpec)) return [];
  const ips = strings(spec['clusterIPs']);
  const oldIPs = strings(oldSpec['clusterIPs']);
  const errors: FieldError[] = [];
  if (ips.length === oldIPs.length) {
    oldIPs.forEach((ip, i) => {
      if (ip !== ips[i]) errors.push(invalid(`spec.clusterIPs[${i}]`, ips, 'may not change once set'));
    });
  } else if (ips.length < oldIPs.length) {
    if (ips.length === 0)
      errors.push(invalid('spec.clusterIPs[0]', ips, 'primary clusterIP can not be unset'));
    if (ips.length > 0 && ips[0] !== oldIPs[0])
      errors.push(invalid('spec.clusterIPs[0]', ips, 'may not change once set'));
    if (ips.length === 1 && spec['ipFamilyPolicy'] !== 'SingleStack') {
      errors.push(
        invalid(
          'spec.ipFamilyPolicy',
          spec['ipFamilyPolicy'] ?? null,
          "must be set to 'SingleStack' when releasing the secondary clusterIP",
        ),
      );
    }
  } else if (oldIPs.length > 0 && ips[0] !== oldIPs[0]) {
    errors.push(invalid('spec.clusterIPs[0]', ips, 'may not change once set'));
  }
  return errors;
}

/** Upstream validateUpgradeDowngradeIPFamilies, for the common single-stack cases. */
function validateIPFamiliesUpdate(spec: JsonObject, oldSpec: JsonObject): FieldError[] {
  if (spec['type'] === 'ExternalName' || oldSpec['type'] === 'ExternalName') return [];
  if (isHeadless(spec) || isHeadless(oldSpec)) return [];
  const families = strings(spec['ipFamilies']);
  const oldFamilies = strings(oldSpec['ipFamilies']);
  if (families.length === oldFamilies.length) {
    return oldFamilies.some((family, i) => family !== families[i])
      ? [invalid('spec.ipFamilies[0]', families, 'may not change once set')]
      : [];
  }
  if (families.length > 0 && oldFamilies.length > 0 && families[0] !== oldFamilies[0]) {
    return [invalid('spec.ipFamilies[0]', strings(spec['clusterIPs']), 'may not change once set')];
  }
  return [];
}

/** Upstream ValidateServiceUpdate. */
export function validateServiceUpdate(svc: KubeObject, old: KubeObject): FieldError[] {
  const spec = recordAt(svc, 'spec') ?? {};
  const oldSpec = recordAt(old, 'spec') ?? {};
  const errors = [...validateClusterIPsUpdate(spec, oldSpec), ...validateIPFamiliesUpdate(spec, oldSpec)];
  const needsHealthCheck = (s: JsonObject): boolean =>
    s['type'] === 'LoadBalancer' && s['externalTrafficPolicy'] === 'Local';
  if (
    needsHealthCheck(spec) &&
    needsHealthCheck(oldSpec) &&
    spec['healthCheckNodePort'] !== oldSpec['healthCheckNodePort']
  ) {
    errors.push(forbidden('spec.healthCheckNodePort', 'field is immutable'));
  }
  return [...errors, ...validateService(svc)];
}
