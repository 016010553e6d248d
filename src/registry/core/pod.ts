import type { KubeObject } from '../../machinery/object.js';
import type { Strategy } from '../strategy.js';
import { timeSince } from '../age.js';
import { booleanAt, numberAt, recordAt, recordsAt, stringAt } from '../object-fields.js';
import { defaultPod } from '../defaults/pod-spec.js';
import { preparePodForCreate, validatePodCreate, validatePodUpdate } from './pod-validation.js';
import { ageColumn, column, nameColumn, orNone, wideColumn } from '../printer-columns.js';

/** The Ready, Status and Restarts cells of one pod (upstream printers.go printPod). */
export interface PodSummary {
  readonly ready: string;
  readonly status: string;
  readonly restarts: string;
}

/** Restarts seen so far and the latest container termination among them (ms since epoch, 0 = none). */
interface RestartTally {
  count: number;
  lastAt: number;
}

type Container = Record<string, unknown>;

export function summarizePod(pod: KubeObject, now: number): PodSummary {
  const initSpecs = recordsAt(pod, 'spec.initContainers');
  // Sidecars (init containers with restartPolicy Always) count as regular containers once started.
  const sidecars = new Set(
    initSpecs.filter((c) => c['restartPolicy'] === 'Always').map((c) => stringAt(c, 'name')),
  );
  const total = recordsAt(pod, 'spec.containers').length + sidecars.size;
  const allRestarts: RestartTally = { count: 0, lastAt: 0 };
  const sidecarRestarts: RestartTally = { count: 0, lastAt: 0 };
  let ready = 0;
  let reason = initialReason(pod);
  let initializing = false;

  for (const [index, status] of recordsAt(pod, 'status.initContainerStatuses').entries()) {
    const isSidecar = sidecars.has(stringAt(status, 'name'));
    addRestarts(allRestarts, status);
    if (isSidecar) addRestarts(sidecarRestarts, status);
    const terminated = recordAt(status, 'state.terminated');
    if (terminated !== undefined && (numberAt(terminated, 'exitCode') ?? 0) === 0) continue;
    if (isSidecar && booleanAt(status, 'started') === true) {
      if (booleanAt(status, 'ready') === true) ready++;
      continue;
    }
    reason = initContainerReason(status, index, initSpecs.length);
    initializing = true;
    break;
  }

  let restarts = allRestarts;
  if (!initializing || hasTrueCondition(pod, 'Initialized')) {
    restarts = sidecarRestarts;
    let hasRunning = false;
    for (const status of recordsAt(pod, 'status.containerStatuses').reverse()) {
      addRestarts(restarts, status);
      const waiting = stringAt(status, 'state.waiting.reason');
      const terminated = recordAt(status, 'state.terminated');
      if (waiting !== '') reason = waiting;
      else if (terminated !== undefined) reason = terminatedReason(terminated, '');
      else if (booleanAt(status, 'ready') === true && recordAt(status, 'state.running') !== undefined) {
        hasRunning = true;
        ready++;
      }
    }
    // A completed container next to a running one does not make the pod Completed.
    if (reason === 'Completed' && hasRunning)
      reason = hasTrueCondition(pod, 'Ready') ? 'Running' : 'NotReady';
  }

  return {
    ready: `${ready}/${total}`,
    status: deletionReason(pod) ?? reason,
    restarts: restartsCell(restarts, now),
  };
}

function initialReason(pod: KubeObject): string {
  const gated = recordsAt(pod, 'status.conditions').some(
    (c) => c['type'] === 'PodScheduled' && c['reason'] === 'SchedulingGated',
  );
  if (gated) return 'SchedulingGated';
  return stringAt(pod, 'status.reason') || stringAt(pod, 'status.phase');
}

function addRestarts(tally: RestartTally, status: Container): void {
  tally.count += numberAt(status, 'restartCount') ?? 0;
  const finishedAt = Date.parse(stringAt(status, 'lastState.terminated.finishedAt'));
  if (!Number.isNaN(finishedAt) && finishedAt > tally.lastAt) tally.lastAt = finishedAt;
}

function initContainerReason(status: Container, index: number, initCount: number): string {
  const terminated = recordAt(status, 'state.terminated');
  if (terminated !== undefined) return terminatedReason(terminated, 'Init:');
  const waiting = stringAt(status, 'state.waiting.reason');
  if (waiting !== '' && waiting !== 'PodInitializing') return `Init:${waiting}`;
  return `Init:${index}/${initCount}`;
}

/** The terminated state's reason, else Signal:n or ExitCode:n. */
function terminatedReason(terminated: Container, prefix: string): string {
  const reason = stringAt(terminated, 'reason');
  if (reason !== '') return prefix + reason;
  const signal = numberAt(terminated, 'signal') ?? 0;
  return signal !== 0
    ? `${prefix}Signal:${signal}`
    : `${prefix}ExitCode:${numberAt(terminated, 'exitCode') ?? 0}`;
}

function deletionReason(pod: KubeObject): string | undefined {
  if (pod.metadata.deletionTimestamp === undefined) return undefined;
  if (stringAt(pod, 'status.reason') === 'NodeLost') return 'Unknown';
  const phase = stringAt(pod, 'status.phase');
  return phase === 'Succeeded' || phase === 'Failed' ? undefined : 'Terminating';
}

function restartsCell(restarts: RestartTally, now: number): string {
  if (restarts.count === 0 || restarts.lastAt === 0) return String(restarts.count);
  return `${restarts.count} (${timeSince(new Date(restarts.lastAt).toISOString(), now)} ago)`;
}

function hasTrueCondition(pod: KubeObject, type: string): boolean {
  return recordsAt(pod, 'status.conditions').some((c) => c['type'] === type && c['status'] === 'True');
}

/** The pod's primary IP: status.podIPs[0], falling back to the singular field. */
function podIP(pod: KubeObject): string {
  return stringAt(recordsAt(pod, 'status.podIPs')[0], 'ip') || stringAt(pod, 'status.podIP');
}

function readinessGatesCell(pod: KubeObject): string {
  const gates = recordsAt(pod, 'spec.readinessGates');
  if (gates.length === 0) return '<none>';
  const conditions = recordsAt(pod, 'status.conditions');
  const passed = gates.filter((gate) => {
    const condition = conditions.find((c) => c['type'] === gate['conditionType']);
    return condition?.['status'] === 'True';
  }).length;
  return `${passed}/${gates.length}`;
}

/**
 * Pods: upstream defaulting (pkg/apis/core/v1/defaults.go SetDefaults_Pod and the pod spec defaults), the
 * status a new pod starts with, create and update validation (ValidatePodCreate, ValidatePodUpdate);
 * field selectors from PodToSelectableFields; columns from printPod.
 */
export const podStrategy: Strategy = {
  prepareForCreate(_ctx, pod) {
    preparePodForCreate(pod);
  },
  prepareForUpdate(_ctx, pod) {
    defaultPod(pod);
  },
  validate(_ctx, pod) {
    return validatePodCreate(pod);
  },
  validateUpdate(_ctx, pod, old) {
    return validatePodUpdate(pod, old);
  },
  selectableFields: {
    'spec.nodeName': (pod) => stringAt(pod, 'spec.nodeName'),
    'spec.restartPolicy': (pod) => stringAt(pod, 'spec.restartPolicy'),
    'spec.schedulerName': (pod) => stringAt(pod, 'spec.schedulerName'),
    'spec.serviceAccountName': (pod) => stringAt(pod, 'spec.serviceAccountName'),
    'spec.hostNetwork': (pod) => String(booleanAt(pod, 'spec.hostNetwork') ?? false),
    'status.phase': (pod) => stringAt(pod, 'status.phase'),
    'status.podIP': podIP,
    'status.nominatedNodeName': (pod) => stringAt(pod, 'status.nominatedNodeName'),
  },
  columns: [
    nameColumn,
    column('Ready', 'Ready containers out of all containers.', (pod, now) => summarizePod(pod, now).ready),
    column(
      'Status',
      'Summary of the pod phase and container states.',
      (pod, now) => summarizePod(pod, now).status,
    ),
    column(
      'Restarts',
      'Container restarts, and how long ago the last one ended.',
      (pod, now) => summarizePod(pod, now).restarts,
    ),
    ageColumn,
    wideColumn('IP', 'Primary IP address of the pod.', (pod) => orNone(podIP(pod))),
    wideColumn('Node', 'Node the pod is bound to.', (pod) => orNone(stringAt(pod, 'spec.nodeName'))),
    wideColumn('Nominated Node', 'Node nominated by preemption.', (pod) =>
      orNone(stringAt(pod, 'status.nominatedNodeName')),
    ),
    wideColumn('Readiness Gates', 'Readiness gates whose condition is true.', readinessGatesCell),
  ],
};

/** Re-exported for the printers' tests; the defaulting code owns it. */
export { imageTag } from '../defaults/pod-spec.js';
