/**
 * Defaulting of pod specs, as upstream's generated SetObjectDefaults_* run it wherever a PodSpec appears
 * (pkg/apis/core/v1/defaults.go: SetDefaults_PodSpec, _Container, _Volume, _Probe, _HTTPGetAction, the
 * volume sources' defaultMode, plus the declarative `+default` tags of k8s.io/api core/v1 types.go).
 * Pods get SetDefaults_Pod on top (defaultPod); templates in workloads get only the PodSpec part.
 * Every function fills absent fields and leaves values of the wrong type for validation to report.
 */
import { isRecord } from '../../machinery/object.js';
import { recordAt, recordsAt, setDefault, stringAt } from '../object-fields.js';

type JsonObject = Record<string, unknown>;

/** Upstream v1.DefaultTerminationGracePeriodSeconds. */
const defaultTerminationGracePeriodSeconds = 30;
/** 0644, the defaultMode of secret, configMap, downwardAPI and projected volumes. */
const defaultVolumeMode = 420;
/** One hour, the default lifetime of a projected service account token. */
const defaultTokenExpirationSeconds = 3600;

/** Sets `field` when it is absent or zero (Go's zero value for a non-pointer number). */
function defaultIfZero(obj: JsonObject, field: string, value: number): void {
  const current = obj[field];
  if (current === undefined || current === null || current === 0) obj[field] = value;
}

/** The image's tag; "latest" when it has neither tag nor digest (upstream parsers.ParseImageName). */
export function imageTag(image: string): string {
  const [name = '', digest] = image.split('@');
  const lastSegment = name.slice(name.lastIndexOf('/') + 1);
  const colon = lastSegment.indexOf(':');
  const tag = colon === -1 ? '' : lastSegment.slice(colon + 1);
  return tag === '' && digest === undefined ? 'latest' : tag;
}

/** SetDefaults_HTTPGetAction, and the declarative default of GRPCAction.service. */
function defaultHandler(handler: JsonObject | undefined): void {
  if (handler === undefined) return;
  const httpGet = recordAt(handler, 'httpGet');
  if (httpGet !== undefined) {
    setDefault(httpGet, 'path', '/');
    setDefault(httpGet, 'scheme', 'HTTP');
  }
  const grpc = recordAt(handler, 'grpc');
  if (grpc !== undefined && grpc['service'] === undefined) grpc['service'] = '';
}

/** SetDefaults_Probe (zero counts as unset: these are plain int32 fields upstream). */
function defaultProbe(probe: JsonObject | undefined): void {
  if (probe === undefined) return;
  defaultIfZero(probe, 'timeoutSeconds', 1);
  defaultIfZero(probe, 'periodSeconds', 10);
  defaultIfZero(probe, 'successThreshold', 1);
  defaultIfZero(probe, 'failureThreshold', 3);
  defaultHandler(probe);
}

/** SetDefaults_ObjectFieldSelector on env and downward API items. */
function defaultFieldRef(holder: JsonObject | undefined): void {
  const fieldRef = recordAt(holder, 'fieldRef');
  if (fieldRef !== undefined) setDefault(fieldRef, 'apiVersion', 'v1');
}

/** SetDefaults_Container (also run for init and ephemeral containers) and its nested defaults. */
export function defaultContainer(container: JsonObject): void {
  setDefault(
    container,
    'imagePullPolicy',
    imageTag(stringAt(container, 'image')) === 'latest' ? 'Always' : 'IfNotPresent',
  );
  setDefault(container, 'terminationMessagePath', '/dev/termination-log');
  setDefault(container, 'terminationMessagePolicy', 'File');
  // ResourceRequirements is a struct upstream: it always serializes, as `{}` when empty.
  if (container['resources'] === undefined || container['resources'] === null) container['resources'] = {};
  for (const port of recordsAt(container, 'ports')) setDefault(port, 'protocol', 'TCP');
  for (const env of recordsAt(container, 'env')) defaultFieldRef(recordAt(env, 'valueFrom'));
  for (const probe of ['livenessProbe', 'readinessProbe', 'startupProbe']) {
    defaultProbe(recordAt(container, probe));
  }
  defaultHandler(recordAt(container, 'lifecycle.postStart'));
  defaultHandler(recordAt(container, 'lifecycle.preStop'));
}

/** SetDefaults_Volume and the defaults of each volume source. */
function defaultVolume(volume: JsonObject): void {
  const sources = Object.keys(volume).filter((field) => field !== 'name');
  if (sources.length === 0) volume['emptyDir'] = {};
  for (const source of ['secret', 'configMap', 'downwardAPI', 'projected']) {
    const value = recordAt(volume, source);
    if (value !== undefined) setDefault(value, 'defaultMode', defaultVolumeMode);
  }
  for (const item of recordsAt(volume, 'downwardAPI.items')) defaultFieldRef(item);
  for (const projection of recordsAt(volume, 'projected.sources')) {
    for (const item of recordsAt(projection, 'downwardAPI.items')) defaultFieldRef(item);
    const token = recordAt(projection, 'serviceAccountToken');
    if (token !== undefined) setDefault(token, 'expirationSeconds', defaultTokenExpirationSeconds);
  }
  const hostPath = recordAt(volume, 'hostPath');
  if (hostPath !== undefined && hostPath['type'] === undefined) hostPath['type'] = '';
  const claimSpec = recordAt(volume, 'ephemeral.volumeClaimTemplate.spec');
  if (claimSpec !== undefined) setDefault(claimSpec, 'volumeMode', 'Filesystem');
}

/** Every container list of a pod spec: init, regular and ephemeral. */
export function allContainers(spec: unknown): JsonObject[] {
  return [
    ...recordsAt(spec, 'initContainers'),
    ...recordsAt(spec, 'containers'),
    ...recordsAt(spec, 'ephemeralContainers'),
  ];
}

/** SetDefaults_PodSpec and everything nested in a pod spec. */
export function defaultPodSpec(spec: JsonObject): void {
  setDefault(spec, 'dnsPolicy', 'ClusterFirst');
  setDefault(spec, 'restartPolicy', 'Always');
  if (spec['securityContext'] === undefined || spec['securityContext'] === null) spec['securityContext'] = {};
  setDefault(spec, 'terminationGracePeriodSeconds', defaultTerminationGracePeriodSeconds);
  setDefault(spec, 'schedulerName', 'default-scheduler');
  for (const volume of recordsAt(spec, 'volumes')) defaultVolume(volume);
  for (const container of allContainers(spec)) defaultContainer(container);
}

/**
 * Defaults the pod template at `path` of a workload (e.g. "spec.template"). Most kinds embed the template as
 * a struct, which upstream defaults even when the client sent none, so it is created unless `optional`
 * (ReplicationController's template is a pointer).
 */
export function defaultPodTemplateAt(obj: JsonObject, path: string, optional = false): void {
  if (!optional) setDefault(obj, path, {});
  const template = recordAt(obj, path);
  if (template === undefined) return;
  const spec = template['spec'] ?? {};
  if (!isRecord(spec)) return;
  template['spec'] = spec;
  defaultPodSpec(spec);
}

/** Requests default to limits for each resource without one (SetDefaults_Pod, pods only). */
function defaultRequestsFromLimits(container: JsonObject): void {
  const resources = recordAt(container, 'resources');
  const limits = recordAt(resources, 'limits');
  if (resources === undefined || limits === undefined) return;
  const requests = isRecord(resources['requests']) ? resources['requests'] : {};
  for (const [name, value] of Object.entries(limits)) {
    if (!(name in requests)) requests[name] = value;
  }
  resources['requests'] = requests;
}

/** With host networking, container ports default their hostPort to the container port (pods only). */
function defaultHostNetworkPorts(container: JsonObject): void {
  for (const port of recordsAt(container, 'ports')) {
    const hostPort = port['hostPort'];
    if (hostPort === undefined || hostPort === null || hostPort === 0)
      port['hostPort'] = port['containerPort'];
  }
}

/** SetDefaults_Pod on top of the pod spec defaults; `pod.spec` is created when absent. */
export function defaultPod(pod: JsonObject): void {
  const spec = pod['spec'] ?? {};
  if (!isRecord(spec)) return;
  pod['spec'] = spec;
  const regular = [...recordsAt(spec, 'initContainers'), ...recordsAt(spec, 'containers')];
  for (const container of regular) defaultRequestsFromLimits(container);
  if (spec['enableServiceLinks'] === undefined || spec['enableServiceLinks'] === null) {
    spec['enableServiceLinks'] = true;
  }
  if (spec['hostNetwork'] === true) regular.forEach(defaultHostNetworkPorts);
  defaultPodSpec(spec);
}
