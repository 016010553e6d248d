/**
 * Baseline Pod Security checks about the host and privileges (upstream k8s.io/pod-security-admission
 * policy/check_hostNamespaces.go, check_privileged.go, check_capabilities_baseline.go,
 * check_hostPathVolumes.go, check_hostPorts.go, check_hostProbesAndhostLifecycle.go, check_sysctls.go,
 * check_windowsHostProcess.go, check_procMount_baseline.go). Messages are upstream's, word for word.
 */
import {
  allowed,
  containerName,
  containersOf,
  containersPhrase,
  containerSecurity,
  forbiddenResult,
  inUserNamespace,
  isSet,
  joinQuote,
  pluralize,
  podSecurity,
  recordAt,
  sortedSet,
  stringAt,
  volumesOf,
  type CheckPod,
  type JsonObject,
} from './pod-fields.js';

export const hostNamespaces: CheckPod = (_metadata, spec) => {
  const shared = (['hostNetwork', 'hostPID', 'hostIPC'] as const)
    .filter((field) => spec[field] === true)
    .map((field) => `${field}=true`);
  return shared.length > 0 ? forbiddenResult('host namespaces', shared.join(', ')) : allowed;
};

export const privileged: CheckPod = (_metadata, spec) => {
  const bad = containersOf(spec)
    .filter((c) => containerSecurity(c, 'privileged') === true)
    .map(containerName);
  return bad.length > 0
    ? forbiddenResult('privileged', `${containersPhrase(bad)} must not set securityContext.privileged=true`)
    : allowed;
};

/** Upstream capabilities_allowed_1_0: the container runtime's default set. */
const defaultCapabilities = new Set([
  'AUDIT_WRITE',
  'CHOWN',
  'DAC_OVERRIDE',
  'FOWNER',
  'FSETID',
  'KILL',
  'MKNOD',
  'NET_BIND_SERVICE',
  'SETFCAP',
  'SETGID',
  'SETPCAP',
  'SETUID',
  'SYS_CHROOT',
]);

export function addedCapabilities(container: JsonObject): string[] {
  const added = containerSecurity(container, 'capabilities', 'add');
  return Array.isArray(added) ? added.filter((c): c is string => typeof c === 'string') : [];
}

export const capabilitiesBaseline: CheckPod = (_metadata, spec) => {
  const bad: string[] = [];
  const nonDefault: string[] = [];
  for (const container of containersOf(spec)) {
    const extra = addedCapabilities(container).filter((c) => !defaultCapabilities.has(c));
    if (extra.length === 0) continue;
    bad.push(containerName(container));
    nonDefault.push(...extra);
  }
  if (bad.length === 0) return allowed;
  return forbiddenResult(
    'non-default capabilities',
    `${containersPhrase(bad)} must not include ${joinQuote(sortedSet(nonDefault))} in securityContext.capabilities.add`,
  );
};

export const hostPathVolumes: CheckPod = (_metadata, spec) => {
  const bad = volumesOf(spec)
    .filter((v) => isSet(v['hostPath']))
    .map((v) => stringAt(v, 'name'));
  return bad.length > 0
    ? forbiddenResult('hostPath volumes', `${pluralize('volume', 'volumes', bad.length)} ${joinQuote(bad)}`)
    : allowed;
};

export const hostPorts: CheckPod = (_metadata, spec) => {
  const bad: string[] = [];
  const ports: string[] = [];
  for (const container of containersOf(spec)) {
    const used = (Array.isArray(container['ports']) ? container['ports'] : [])
      .map((port) => recordAt(port)?.['hostPort'])
      .filter((hostPort): hostPort is number => typeof hostPort === 'number' && hostPort !== 0);
    if (used.length === 0) continue;
    bad.push(containerName(container));
    ports.push(...used.map(String));
  }
  if (bad.length === 0) return allowed;
  const distinct = sortedSet(ports);
  return forbiddenResult(
    'hostPort',
    `${containersPhrase(bad)} ${pluralize('uses', 'use', bad.length)} ` +
      `${pluralize('hostPort', 'hostPorts', distinct.length)} ${distinct.join(', ')}`,
  );
};

/** Hosts set in httpGet or tcpSocket of a probe or lifecycle handler. */
function handlerHosts(handler: JsonObject | undefined): string[] {
  return ['httpGet', 'tcpSocket']
    .map((kind) => stringAt(handler, kind, 'host'))
    .filter((host) => host !== '');
}

export const hostProbesAndHostLifecycle: CheckPod = (_metadata, spec) => {
  const bad: string[] = [];
  const hosts: string[] = [];
  for (const container of containersOf(spec)) {
    const handlers = [
      ...['livenessProbe', 'readinessProbe', 'startupProbe'].map((probe) => recordAt(container, probe)),
      recordAt(container, 'lifecycle', 'postStart'),
      recordAt(container, 'lifecycle', 'preStop'),
    ];
    const found = handlers.flatMap(handlerHosts);
    if (found.length === 0) continue;
    bad.push(containerName(container));
    hosts.push(...found);
  }
  if (bad.length === 0) return allowed;
  const containers = sortedSet(bad);
  const distinct = sortedSet(hosts);
  return forbiddenResult(
    'probe or lifecycle host',
    `${containersPhrase(containers)} ${pluralize('uses', 'use', containers.length)} ` +
      `${pluralize('probe or lifecycle host', 'probe or lifecycle hosts', distinct.length)} ${joinQuote(distinct)}`,
  );
};

const sysctls1_0 = [
  'kernel.shm_rmid_forced',
  'net.ipv4.ip_local_port_range',
  'net.ipv4.tcp_syncookies',
  'net.ipv4.ping_group_range',
  'net.ipv4.ip_unprivileged_port_start',
];
const sysctls1_27 = [...sysctls1_0, 'net.ipv4.ip_local_reserved_ports'];
const sysctls1_29 = [
  ...sysctls1_27,
  'net.ipv4.tcp_keepalive_time',
  'net.ipv4.tcp_fin_timeout',
  'net.ipv4.tcp_keepalive_intvl',
  'net.ipv4.tcp_keepalive_probes',
];
const sysctls1_32 = [...sysctls1_29, 'net.ipv4.tcp_rmem', 'net.ipv4.tcp_wmem'];
const sysctls1_37 = [...sysctls1_32, 'net.ipv4.tcp_slow_start_after_idle', 'net.ipv4.tcp_notsent_lowat'];

function sysctlsCheck(allowedNames: readonly string[]): CheckPod {
  const safe = new Set(allowedNames);
  return (_metadata, spec) => {
    const requested = podSecurity(spec, 'sysctls');
    const forbidden = (Array.isArray(requested) ? requested : [])
      .map((sysctl) => stringAt(sysctl, 'name'))
      .filter((name) => !safe.has(name));
    return forbidden.length > 0 ? forbiddenResult('forbidden sysctls', forbidden.join(', ')) : allowed;
  };
}

/** The safe sysctls grew over releases; each version evaluates with its own list. */
export const sysctlVersions = [
  { minimum: 0, check: sysctlsCheck(sysctls1_0) },
  { minimum: 27, check: sysctlsCheck(sysctls1_27) },
  { minimum: 29, check: sysctlsCheck(sysctls1_29) },
  { minimum: 32, check: sysctlsCheck(sysctls1_32) },
  { minimum: 37, check: sysctlsCheck(sysctls1_37) },
];

export const windowsHostProcess: CheckPod = (_metadata, spec) => {
  const setters: string[] = [];
  if (podSecurity(spec, 'windowsOptions', 'hostProcess') === true) setters.push('pod');
  const bad = containersOf(spec)
    .filter((c) => containerSecurity(c, 'windowsOptions', 'hostProcess') === true)
    .map(containerName);
  if (bad.length > 0) setters.push(containersPhrase(bad));
  return setters.length > 0
    ? forbiddenResult(
        'hostProcess',
        `${setters.join(' and ')} must not set securityContext.windowsOptions.hostProcess=true`,
      )
    : allowed;
};

/** Unmasked /proc is forbidden (upstream procMount_1_0; the restricted profile keeps this form). */
export const procMountStrict: CheckPod = (_metadata, spec) => {
  const bad: string[] = [];
  const types: string[] = [];
  for (const container of containersOf(spec)) {
    const procMount = containerSecurity(container, 'procMount');
    if (!isSet(procMount) || procMount === 'Default') continue;
    bad.push(containerName(container));
    types.push(String(procMount));
  }
  if (bad.length === 0) return allowed;
  return forbiddenResult(
    'procMount',
    `${containersPhrase(bad)} must not set securityContext.procMount to ${joinQuote(sortedSet(types))}`,
  );
};

/** From v1.35 baseline allows any procMount in a user namespace (upstream procMount1_35baseline). */
export const procMountBaseline1_35: CheckPod = (metadata, spec) =>
  inUserNamespace(spec) ? allowed : procMountStrict(metadata, spec);
