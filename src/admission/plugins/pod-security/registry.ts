/**
 * Every Pod Security check with its versions, and their evaluation for a level and version (upstream
 * k8s.io/pod-security-admission policy/registry.go and checks.go): evaluating v1.X runs, for each check,
 * the newest variant whose minimum version is at most X; restricted runs its own checks plus the baseline
 * ones its variants do not override; results come in check-ID order, baseline first.
 */
import {
  capabilitiesBaseline,
  hostNamespaces,
  hostPathVolumes,
  hostPorts,
  hostProbesAndHostLifecycle,
  privileged,
  procMountBaseline1_35,
  procMountStrict,
  sysctlVersions,
  windowsHostProcess,
} from './checks-baseline.js';
import {
  appArmorProfile,
  seccompBaseline,
  seccompBaselineAnnotations,
  seccompRestricted,
  seccompRestricted1_25,
  seLinuxVersions,
} from './checks-profiles.js';
import {
  allowPrivilegeEscalation,
  allowPrivilegeEscalation1_25,
  capabilitiesRestricted,
  capabilitiesRestricted1_25,
  restrictedVolumes,
  runAsNonRoot,
  runAsNonRoot1_35,
  runAsUser,
  runAsUser1_35,
} from './checks-restricted.js';
import type { LevelVersion } from './levels.js';
import type { CheckPod, CheckResult, JsonObject, PodMetadata } from './pod-fields.js';

interface VersionedCheck {
  /** The first v1.<minor> this variant applies to. */
  readonly minimum: number;
  readonly check: CheckPod;
  /** Baseline checks this restricted variant replaces. */
  readonly overrides?: readonly string[];
}

interface Check {
  readonly id: string;
  readonly level: 'baseline' | 'restricted';
  readonly versions: readonly VersionedCheck[];
}

const checks: readonly Check[] = [
  { id: 'appArmorProfile', level: 'baseline', versions: [{ minimum: 0, check: appArmorProfile }] },
  { id: 'capabilities_baseline', level: 'baseline', versions: [{ minimum: 0, check: capabilitiesBaseline }] },
  { id: 'hostNamespaces', level: 'baseline', versions: [{ minimum: 0, check: hostNamespaces }] },
  { id: 'hostPathVolumes', level: 'baseline', versions: [{ minimum: 0, check: hostPathVolumes }] },
  { id: 'hostPorts', level: 'baseline', versions: [{ minimum: 0, check: hostPorts }] },
  {
    id: 'hostProbesAndHostLifecycle',
    level: 'baseline',
    versions: [{ minimum: 34, check: hostProbesAndHostLifecycle }],
  },
  { id: 'privileged', level: 'baseline', versions: [{ minimum: 0, check: privileged }] },
  {
    id: 'procMount',
    level: 'baseline',
    versions: [
      { minimum: 0, check: procMountStrict },
      { minimum: 35, check: procMountBaseline1_35 },
    ],
  },
  { id: 'seLinuxOptions', level: 'baseline', versions: seLinuxVersions },
  {
    id: 'seccompProfile_baseline',
    level: 'baseline',
    versions: [
      { minimum: 0, check: seccompBaselineAnnotations },
      { minimum: 19, check: seccompBaseline },
    ],
  },
  { id: 'sysctls', level: 'baseline', versions: sysctlVersions },
  { id: 'windowsHostProcess', level: 'baseline', versions: [{ minimum: 0, check: windowsHostProcess }] },
  {
    id: 'allowPrivilegeEscalation',
    level: 'restricted',
    versions: [
      { minimum: 8, check: allowPrivilegeEscalation },
      { minimum: 25, check: allowPrivilegeEscalation1_25 },
    ],
  },
  {
    id: 'capabilities_restricted',
    level: 'restricted',
    versions: [
      { minimum: 22, check: capabilitiesRestricted, overrides: ['capabilities_baseline'] },
      { minimum: 25, check: capabilitiesRestricted1_25, overrides: ['capabilities_baseline'] },
    ],
  },
  {
    id: 'procMount_restricted',
    level: 'restricted',
    versions: [{ minimum: 35, check: procMountStrict, overrides: ['procMount'] }],
  },
  {
    id: 'restrictedVolumes',
    level: 'restricted',
    versions: [{ minimum: 0, check: restrictedVolumes, overrides: ['hostPathVolumes'] }],
  },
  {
    id: 'runAsNonRoot',
    level: 'restricted',
    versions: [
      { minimum: 0, check: runAsNonRoot },
      { minimum: 35, check: runAsNonRoot1_35 },
    ],
  },
  {
    id: 'runAsUser',
    level: 'restricted',
    versions: [
      { minimum: 23, check: runAsUser },
      { minimum: 35, check: runAsUser1_35 },
    ],
  },
  {
    id: 'seccompProfile_restricted',
    level: 'restricted',
    versions: [
      { minimum: 19, check: seccompRestricted, overrides: ['seccompProfile_baseline'] },
      { minimum: 25, check: seccompRestricted1_25, overrides: ['seccompProfile_baseline'] },
    ],
  },
];

/** The newest policy version any check knows; `latest` and newer versions evaluate as this one. */
export const newestPolicyMinor = Math.max(...checks.flatMap((c) => c.versions.map((v) => v.minimum)));

/** Baseline IDs sorted, then restricted IDs sorted (upstream orderedIDs). */
const orderedChecks = [
  ...checks.filter((c) => c.level === 'baseline').sort((a, b) => (a.id < b.id ? -1 : 1)),
  ...checks.filter((c) => c.level === 'restricted').sort((a, b) => (a.id < b.id ? -1 : 1)),
];

function variantAt(check: Check, minor: number): VersionedCheck | undefined {
  return [...check.versions].reverse().find((v) => v.minimum <= minor);
}

/** The checks to run for a level and version, in upstream's order. */
function checksFor(lv: LevelVersion): CheckPod[] {
  if (lv.level === 'privileged') return [];
  const minor = lv.version.latest ? newestPolicyMinor : Math.min(lv.version.minor, newestPolicyMinor);
  const active = orderedChecks
    .filter((c) => c.level === 'baseline' || lv.level === 'restricted')
    .map((c) => ({ id: c.id, variant: variantAt(c, minor) }))
    .filter((c): c is { id: string; variant: VersionedCheck } => c.variant !== undefined);
  const overridden = new Set(active.flatMap((c) => c.variant.overrides ?? []));
  return active.filter((c) => !overridden.has(c.id)).map((c) => c.variant.check);
}

/** Upstream Evaluator.EvaluatePod: every check's result for this pod (privileged: none). */
export function evaluatePod(lv: LevelVersion, metadata: PodMetadata, spec: JsonObject): CheckResult[] {
  return checksFor(lv).map((check) => check(metadata, spec));
}

/** Upstream AggregateCheckResults + ForbiddenDetail / ForbiddenReason. */
export interface AggregateResult {
  readonly allowed: boolean;
  /** `host ports (8080), privileged (...)`: reasons with details, for one pod. */
  readonly detail: string;
  /** `host ports, privileged`: reasons only, for summaries over many pods. */
  readonly reason: string;
}

export function aggregate(results: readonly CheckResult[]): AggregateResult {
  const failed = results.filter((r) => !r.allowed);
  const reasons = failed.map((r) =>
    r.reason === undefined || r.reason === '' ? 'unknown forbidden reason' : r.reason,
  );
  const detail = failed
    .map((r, i) => (r.detail === undefined || r.detail === '' ? reasons[i] : `${reasons[i]} (${r.detail})`))
    .join(', ');
  return { allowed: failed.length === 0, detail, reason: reasons.join(', ') };
}
