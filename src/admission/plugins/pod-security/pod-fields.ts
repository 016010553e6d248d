/**
 * Reading the parts of a pod spec Pod Security checks look at, and the wording helpers every check shares
 * (upstream k8s.io/pod-security-admission policy/visitor.go, helpers.go, checks.go).
 */
import { isRecord } from '../../../machinery/object.js';

export type JsonObject = Record<string, unknown>;

/** The pod metadata a check may read (annotations, for the pre-field AppArmor and seccomp forms). */
export interface PodMetadata {
  readonly annotations: Readonly<Record<string, string>>;
}

export interface CheckResult {
  readonly allowed: boolean;
  /** Always shown, e.g. "host namespaces". */
  readonly reason?: string;
  /** Shown in parentheses when checking one pod, e.g. `hostNetwork=true`. */
  readonly detail?: string;
}

export type CheckPod = (metadata: PodMetadata, spec: JsonObject) => CheckResult;

export const allowed: CheckResult = { allowed: true };

export function forbiddenResult(reason: string, detail: string): CheckResult {
  return { allowed: false, reason, detail };
}

export function recordAt(value: unknown, ...path: string[]): JsonObject | undefined {
  let current = value;
  for (const key of path) {
    if (!isRecord(current)) return undefined;
    current = current[key];
  }
  return isRecord(current) ? current : undefined;
}

export function valueAt(value: unknown, ...path: string[]): unknown {
  let current = value;
  for (const key of path) {
    if (!isRecord(current)) return undefined;
    current = current[key];
  }
  return current;
}

export function stringAt(value: unknown, ...path: string[]): string {
  const found = valueAt(value, ...path);
  return typeof found === 'string' ? found : '';
}

function records(value: unknown): JsonObject[] {
  return Array.isArray(value) ? value.filter(isRecord) : [];
}

/** Init, regular and ephemeral containers, in that order (upstream visitContainers). */
export function containersOf(spec: JsonObject): JsonObject[] {
  return [
    ...records(spec['initContainers']),
    ...records(spec['containers']),
    ...records(spec['ephemeralContainers']),
  ];
}

export function containerName(container: JsonObject): string {
  return typeof container['name'] === 'string' ? container['name'] : '';
}

export function volumesOf(spec: JsonObject): JsonObject[] {
  return records(spec['volumes']);
}

/** The value of a container's securityContext field, or undefined. */
export function containerSecurity(container: JsonObject, ...path: string[]): unknown {
  return valueAt(container, 'securityContext', ...path);
}

/** The value of the pod's securityContext field, or undefined. */
export function podSecurity(spec: JsonObject, ...path: string[]): unknown {
  return valueAt(spec, 'securityContext', ...path);
}

/** Whether a field is set (present and not null), as a Go pointer would be non-nil. */
export function isSet(value: unknown): boolean {
  return value !== undefined && value !== null;
}

/** Upstream joinQuote: `"a", "b"`. */
export function joinQuote(items: readonly string[]): string {
  return items.length === 0 ? '' : `"${items.join('", "')}"`;
}

export function pluralize(singular: string, plural: string, count: number): string {
  return count === 1 ? singular : plural;
}

/** `container "a"` / `containers "a", "b"`. */
export function containersPhrase(names: readonly string[]): string {
  return `${pluralize('container', 'containers', names.length)} ${joinQuote(names)}`;
}

/** Sorted distinct values (upstream sets.String.List()). */
export function sortedSet(values: Iterable<string>): string[] {
  return [...new Set(values)].sort();
}

/** Pods in a user namespace (`hostUsers: false`) get some checks relaxed (relaxPolicyForUserNamespacePod). */
export function inUserNamespace(spec: JsonObject): boolean {
  return spec['hostUsers'] === false;
}

/** Windows pods are exempt from Linux-only restricted checks from v1.25 (pod.spec.os.name). */
export function isWindowsPod(spec: JsonObject): boolean {
  return stringAt(spec, 'os', 'name') === 'windows';
}
