/**
 * Pod Security levels, versions and the policy a namespace's labels select (upstream
 * k8s.io/pod-security-admission api/constants.go and api/helpers.go).
 */
import type { FieldError } from '../../../machinery/errors.js';

export type Level = 'privileged' | 'baseline' | 'restricted';

/** `latest`, or v1.<minor> (every policy version has major 1). */
export type Version = { readonly latest: true } | { readonly latest: false; readonly minor: number };

export interface LevelVersion {
  readonly level: Level;
  readonly version: Version;
}

export interface Policy {
  readonly enforce: LevelVersion;
  readonly audit: LevelVersion;
  readonly warn: LevelVersion;
}

const labelPrefix = 'pod-security.kubernetes.io/';
export const policyLabels = {
  enforce: `${labelPrefix}enforce`,
  enforceVersion: `${labelPrefix}enforce-version`,
  audit: `${labelPrefix}audit`,
  auditVersion: `${labelPrefix}audit-version`,
  warn: `${labelPrefix}warn`,
  warnVersion: `${labelPrefix}warn-version`,
} as const;

/** Audit annotation keys, prefixed with `pod-security.kubernetes.io/` when recorded. */
export const auditAnnotationPrefix = labelPrefix;

export const latest: Version = { latest: true };
export const privilegedLatest: LevelVersion = { level: 'privileged', version: latest };
/** Upstream's default configuration: everything privileged:latest. */
export const defaultPolicy: Policy = {
  enforce: privilegedLatest,
  audit: privilegedLatest,
  warn: privilegedLatest,
};

export function formatVersion(version: Version): string {
  return version.latest ? 'latest' : `v1.${version.minor}`;
}

/** `restricted:latest`, as upstream LevelVersion.String(). */
export function formatLevelVersion(lv: LevelVersion): string {
  return `${lv.level}:${formatVersion(lv.version)}`;
}

export function sameLevelVersion(a: LevelVersion, b: LevelVersion): boolean {
  return a.level === b.level && formatVersion(a.version) === formatVersion(b.version);
}

/** Upstream ParseLevel: an invalid level reads as restricted, with an error. */
export function parseLevel(text: string): { level: Level; error?: string } {
  if (text === 'privileged' || text === 'baseline' || text === 'restricted') return { level: text };
  return { level: 'restricted', error: 'must be one of privileged, baseline, restricted' };
}

/** Upstream ParseVersion: an invalid version reads as latest, with an error. */
export function parseVersion(text: string): { version: Version; error?: string } {
  if (text === 'latest') return { version: latest };
  const match = /^v1\.([0-9]|[1-9][0-9]*)$/.exec(text);
  const minor = Number(match?.[1]);
  if (match === null || !Number.isSafeInteger(minor))
    return { version: latest, error: 'must be "latest" or "v1.x"' };
  return { version: { latest: false, minor } };
}

/** Upstream CompareLevels: 1 when a is stricter than b, -1 when looser, 0 when equal. */
export function compareLevels(a: Level, b: Level): number {
  const strictness: Record<Level, number> = { privileged: 0, baseline: 1, restricted: 2 };
  return Math.sign(strictness[a] - strictness[b]);
}

/**
 * Upstream PolicyToEvaluate: labels override the defaults; an invalid enforce label enforces restricted,
 * invalid audit or warn labels fall open to privileged; without a warn label, warn follows a stricter
 * enforce level (and its version unless warn-version is set). Errors name the offending labels.
 */
export function policyToEvaluate(
  labels: Readonly<Record<string, string>> | undefined,
  defaults: Policy = defaultPolicy,
): { policy: Policy; errors: FieldError[] } {
  let { enforce, audit, warn } = defaults;
  const errors: FieldError[] = [];
  if (labels === undefined || Object.keys(labels).length === 0) return { policy: defaults, errors };
  const note = (label: string, value: string, error: string | undefined): void => {
    if (error !== undefined) {
      errors.push({ type: 'FieldValueInvalid', field: `metadata.labels[${label}]`, value, detail: error });
    }
  };
  const label = (name: string): string | undefined =>
    Object.hasOwn(labels, name) ? labels[name] : undefined;
  let hasEnforceLevel = false;
  const enforceLevel = label(policyLabels.enforce);
  if (enforceLevel !== undefined) {
    const parsed = parseLevel(enforceLevel);
    enforce = { ...enforce, level: parsed.level };
    hasEnforceLevel = parsed.error === undefined;
    note(policyLabels.enforce, enforceLevel, parsed.error);
  }
  const enforceVersion = label(policyLabels.enforceVersion);
  if (enforceVersion !== undefined) {
    const parsed = parseVersion(enforceVersion);
    enforce = { ...enforce, version: parsed.version };
    note(policyLabels.enforceVersion, enforceVersion, parsed.error);
  }
  const auditLevel = label(policyLabels.audit);
  if (auditLevel !== undefined) {
    const parsed = parseLevel(auditLevel);
    audit = { ...audit, level: parsed.error === undefined ? parsed.level : 'privileged' };
    note(policyLabels.audit, auditLevel, parsed.error);
  }
  const auditVersion = label(policyLabels.auditVersion);
  if (auditVersion !== undefined) {
    const parsed = parseVersion(auditVersion);
    audit = { ...audit, version: parsed.version };
    note(policyLabels.auditVersion, auditVersion, parsed.error);
  }
  const warnLevel = label(policyLabels.warn);
  if (warnLevel !== undefined) {
    const parsed = parseLevel(warnLevel);
    warn = { ...warn, level: parsed.error === undefined ? parsed.level : 'privileged' };
    note(policyLabels.warn, warnLevel, parsed.error);
  }
  const warnVersion = label(policyLabels.warnVersion);
  if (warnVersion !== undefined) {
    const parsed = parseVersion(warnVersion);
    warn = { ...warn, version: parsed.version };
    note(policyLabels.warnVersion, warnVersion, parsed.error);
  }
  if (warnLevel === undefined && hasEnforceLevel && compareLevels(enforce.level, warn.level) > 0) {
    warn = { level: enforce.level, version: warnVersion === undefined ? enforce.version : warn.version };
  }
  return { policy: { enforce, audit, warn }, errors };
}
