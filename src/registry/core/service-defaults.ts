/**
 * Service defaulting (upstream SetDefaults_Service) and the linked-field housekeeping of upstream's service
 * strategy and REST storage: clusterIP/clusterIPs normalization, keeping allocated values on update
 * (patchAllocatedValues) and dropping fields a new type no longer uses (dropTypeDependentFields).
 * Allocating cluster IPs is the admission plugin's job; this only fills what follows from the request.
 */
import { isIP } from 'node:net';
import type { KubeObject } from '../../machinery/object.js';
import { isRecord } from '../../machinery/object.js';
import { recordAt, recordsAt, setDefault, stringAt, valueAt } from '../object-fields.js';
import { sameJson } from '../validation/field-errors.js';

type JsonObject = Record<string, unknown>;

/** Upstream v1.DefaultClientIPServiceAffinitySeconds (three hours). */
const defaultClientIPAffinitySeconds = 10800;

function specOf(svc: KubeObject): JsonObject {
  const spec = svc['spec'] ?? {};
  if (!isRecord(spec)) return {};
  svc['spec'] = spec;
  return spec;
}

function strings(value: unknown): string[] {
  return Array.isArray(value) ? value.filter((v): v is string => typeof v === 'string') : [];
}

/** LoadBalancer, NodePort, or ClusterIP with external IPs (upstream service.ExternallyAccessible). */
export function externallyAccessible(spec: JsonObject): boolean {
  const type = spec['type'];
  return (
    type === 'LoadBalancer' ||
    type === 'NodePort' ||
    (type === 'ClusterIP' && strings(spec['externalIPs']).length > 0)
  );
}

export function needsClusterIP(spec: JsonObject): boolean {
  return spec['type'] !== 'ExternalName';
}

/** Upstream SetDefaults_Service. */
export function defaultService(svc: KubeObject): void {
  const spec = specOf(svc);
  setDefault(spec, 'sessionAffinity', 'None');
  if (spec['sessionAffinity'] === 'None') delete spec['sessionAffinityConfig'];
  if (
    spec['sessionAffinity'] === 'ClientIP' &&
    typeof valueAt(spec, 'sessionAffinityConfig.clientIP.timeoutSeconds') !== 'number'
  ) {
    spec['sessionAffinityConfig'] = { clientIP: { timeoutSeconds: defaultClientIPAffinitySeconds } };
  }
  setDefault(spec, 'type', 'ClusterIP');
  for (const port of recordsAt(spec, 'ports')) {
    setDefault(port, 'protocol', 'TCP');
    if (port['targetPort'] === undefined || port['targetPort'] === 0 || port['targetPort'] === '') {
      port['targetPort'] = port['port'];
    }
  }
  if (externallyAccessible(spec)) setDefault(spec, 'externalTrafficPolicy', 'Cluster');
  if (['NodePort', 'LoadBalancer', 'ClusterIP'].includes(String(spec['type']))) {
    setDefault(spec, 'internalTrafficPolicy', 'Cluster');
  }
  if (spec['type'] === 'LoadBalancer') {
    if (spec['allocateLoadBalancerNodePorts'] === undefined) spec['allocateLoadBalancerNodePorts'] = true;
    for (const ingress of recordsAt(svc, 'status.loadBalancer.ingress')) {
      if (stringAt(ingress, 'ip') !== '') setDefault(ingress, 'ipMode', 'VIP');
    }
  }
}

/**
 * IP family fields of a Service that needs a cluster IP: single-stack, in the family of the requested IP
 * (IPv4 when none was requested, as the allocator's range is IPv4).
 */
function defaultIPFamilies(spec: JsonObject): void {
  if (!needsClusterIP(spec)) return;
  setDefault(spec, 'ipFamilyPolicy', 'SingleStack');
  if (strings(spec['ipFamilies']).length === 0) {
    const ip = strings(spec['clusterIPs'])[0] ?? stringAt(spec, 'clusterIP');
    spec['ipFamilies'] = [isIP(ip) === 6 ? 'IPv6' : 'IPv4'];
  }
}

/** Create: defaults, clusterIPs from a singular clusterIP (old clients), IP families, an empty status. */
export function prepareServiceForCreate(svc: KubeObject): void {
  defaultService(svc);
  const spec = specOf(svc);
  const clusterIP = stringAt(spec, 'clusterIP');
  if (clusterIP !== '' && strings(spec['clusterIPs']).length === 0) spec['clusterIPs'] = [clusterIP];
  defaultIPFamilies(spec);
  svc['status'] = { loadBalancer: {} };
}

/** Upstream patchAllocatedValues: an update that omits allocated values keeps them. */
function keepAllocatedValues(spec: JsonObject, oldSpec: JsonObject): void {
  if (needsClusterIP(oldSpec) && needsClusterIP(spec)) {
    if (stringAt(spec, 'clusterIP') === '' && oldSpec['clusterIP'] !== undefined)
      spec['clusterIP'] = oldSpec['clusterIP'];
    if (strings(spec['clusterIPs']).length === 0 && oldSpec['clusterIPs'] !== undefined) {
      spec['clusterIPs'] = oldSpec['clusterIPs'];
    }
    if (spec['ipFamilyPolicy'] === undefined && oldSpec['ipFamilyPolicy'] !== undefined) {
      spec['ipFamilyPolicy'] = oldSpec['ipFamilyPolicy'];
    }
    if (strings(spec['ipFamilies']).length === 0 && oldSpec['ipFamilies'] !== undefined) {
      spec['ipFamilies'] = oldSpec['ipFamilies'];
    }
  }
  const needsNodePort = (s: JsonObject): boolean => s['type'] === 'NodePort' || s['type'] === 'LoadBalancer';
  if (needsNodePort(oldSpec) && needsNodePort(spec)) {
    const byName = new Map(recordsAt(oldSpec, 'ports').map((p) => [stringAt(p, 'name'), p['nodePort']]));
    for (const port of recordsAt(spec, 'ports')) {
      if (port['nodePort'] === undefined || port['nodePort'] === 0) {
        const nodePort = byName.get(stringAt(port, 'name'));
        if (nodePort !== undefined) port['nodePort'] = nodePort;
      }
    }
  }
  const needsHealthCheck = (s: JsonObject): boolean =>
    s['type'] === 'LoadBalancer' && s['externalTrafficPolicy'] === 'Local';
  if (needsHealthCheck(oldSpec) && needsHealthCheck(spec) && (spec['healthCheckNodePort'] ?? 0) === 0) {
    spec['healthCheckNodePort'] = oldSpec['healthCheckNodePort'];
  }
}

/** Upstream NormalizeClusterIPs on update: clusterIPs follow a changed or cleared singular clusterIP. */
function normalizeClusterIPs(spec: JsonObject, oldSpec: JsonObject): void {
  const clusterIP = stringAt(spec, 'clusterIP');
  const oldClusterIP = stringAt(oldSpec, 'clusterIP');
  if (
    strings(oldSpec['clusterIPs']).length > 0 &&
    strings(spec['clusterIPs']).length === 0 &&
    oldClusterIP === clusterIP
  ) {
    spec['clusterIPs'] = oldSpec['clusterIPs'];
  }
  if (oldClusterIP === clusterIP) return;
  const sameList = sameJson(strings(oldSpec['clusterIPs']), strings(spec['clusterIPs']));
  if (oldClusterIP !== '' && clusterIP === '') {
    if (sameList) delete spec['clusterIPs'];
  } else if (sameList) {
    spec['clusterIPs'] = [clusterIP];
  }
}

/** Upstream dropTypeDependentFields: switching to ExternalName releases unchanged cluster IP fields. */
function dropTypeDependentFields(spec: JsonObject, oldSpec: JsonObject): void {
  if (!needsClusterIP(oldSpec) || needsClusterIP(spec)) return;
  if (
    stringAt(spec, 'clusterIP') === stringAt(oldSpec, 'clusterIP') &&
    sameJson(spec['clusterIPs'], oldSpec['clusterIPs'])
  ) {
    delete spec['clusterIP'];
    delete spec['clusterIPs'];
  }
  if (sameJson(spec['ipFamilies'], oldSpec['ipFamilies'])) delete spec['ipFamilies'];
  if (spec['ipFamilyPolicy'] === oldSpec['ipFamilyPolicy']) delete spec['ipFamilyPolicy'];
}

/** Update of the main resource: defaults, then the linked-field housekeeping against the stored Service. */
export function prepareServiceForUpdate(svc: KubeObject, old: KubeObject): void {
  defaultService(svc);
  const spec = specOf(svc);
  const oldSpec = recordAt(old, 'spec') ?? {};
  keepAllocatedValues(spec, oldSpec);
  normalizeClusterIPs(spec, oldSpec);
  dropTypeDependentFields(spec, oldSpec);
}
