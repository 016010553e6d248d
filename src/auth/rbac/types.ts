/**
 * The RBAC objects of `rbac.authorization.k8s.io/v1` as the evaluator reads them, and small decoders that
 * narrow stored JSON (`unknown`) into them. Decoders only check shapes; the registry's strategies own
 * field validation (upstream pkg/apis/rbac/validation). Unknown fields are dropped.
 */
import { isRecord } from '../../machinery/object.js';
import type { LabelSelectorObject } from '../../machinery/label-selector.js';

export const rbacGroup = 'rbac.authorization.k8s.io';

/** rbacv1.PolicyRule. Absent lists mean empty, as in Go where nil and [] behave alike. */
export interface PolicyRule {
  readonly verbs: readonly string[];
  readonly apiGroups?: readonly string[];
  readonly resources?: readonly string[];
  readonly resourceNames?: readonly string[];
  readonly nonResourceURLs?: readonly string[];
}

export type SubjectKind = 'User' | 'Group' | 'ServiceAccount';

/** rbacv1.Subject; `kind` stays open so a binding with an unknown kind still decodes (it matches nobody). */
export interface Subject {
  readonly kind: SubjectKind | string;
  readonly apiGroup?: string;
  readonly name: string;
  readonly namespace?: string;
}

export interface RoleRef {
  readonly apiGroup: string;
  readonly kind: 'Role' | 'ClusterRole' | string;
  readonly name: string;
}

export interface RbacObjectMeta {
  readonly name: string;
  readonly namespace?: string;
  readonly labels?: Readonly<Record<string, string>>;
}

export interface Role {
  readonly metadata: RbacObjectMeta;
  readonly rules?: readonly PolicyRule[];
}

export interface AggregationRule {
  readonly clusterRoleSelectors?: readonly LabelSelectorObject[];
}

export interface ClusterRole {
  readonly metadata: RbacObjectMeta;
  readonly rules?: readonly PolicyRule[];
  readonly aggregationRule?: AggregationRule;
}

export interface RoleBinding {
  readonly metadata: RbacObjectMeta;
  readonly subjects?: readonly Subject[];
  readonly roleRef: RoleRef;
}

export type ClusterRoleBinding = RoleBinding;

/** A decoder's answer: the narrowed value, or where and why the JSON has the wrong shape. */
export type Decoded<T> =
  { readonly ok: true; readonly value: T } | { readonly ok: false; readonly error: string };

/** Thrown only inside this file to unwind a decode; never escapes a `decode*` function. */
class ShapeError {
  constructor(readonly message: string) {}
}

function fail(path: string, expected: string): never {
  throw new ShapeError(`${path}: expected ${expected}`);
}

function record(value: unknown, path: string): Record<string, unknown> {
  if (!isRecord(value)) fail(path, 'an object');
  return value;
}

function requiredString(value: unknown, path: string): string {
  if (typeof value !== 'string') fail(path, 'a string');
  return value;
}

function optionalString(value: unknown, path: string): string | undefined {
  return value === undefined || value === null ? undefined : requiredString(value, path);
}

/** Go decodes JSON null as a nil slice, so null reads as absent. */
function stringList(value: unknown, path: string): readonly string[] | undefined {
  if (value === undefined || value === null) return undefined;
  if (!Array.isArray(value) || !value.every((item) => typeof item === 'string')) {
    fail(path, 'an array of strings');
  }
  return value;
}

function list<T>(value: unknown, path: string, item: (v: unknown, p: string) => T): readonly T[] | undefined {
  if (value === undefined || value === null) return undefined;
  if (!Array.isArray(value)) fail(path, 'an array');
  return value.map((entry, index) => item(entry, `${path}[${index}]`));
}

function stringMap(value: unknown, path: string): Readonly<Record<string, string>> | undefined {
  if (value === undefined || value === null) return undefined;
  const map: Record<string, string> = {};
  for (const [key, entry] of Object.entries(record(value, path))) {
    map[key] = requiredString(entry, `${path}.${key}`);
  }
  return map;
}

function withoutUndefined<T extends object>(value: T): T {
  return Object.fromEntries(Object.entries(value).filter(([, v]) => v !== undefined)) as T;
}

function policyRule(value: unknown, path: string): PolicyRule {
  const raw = record(value, path);
  return withoutUndefined({
    verbs: stringList(raw['verbs'], `${path}.verbs`) ?? [],
    apiGroups: stringList(raw['apiGroups'], `${path}.apiGroups`),
    resources: stringList(raw['resources'], `${path}.resources`),
    resourceNames: stringList(raw['resourceNames'], `${path}.resourceNames`),
    nonResourceURLs: stringList(raw['nonResourceURLs'], `${path}.nonResourceURLs`),
  });
}

function metadata(value: unknown, path: string): RbacObjectMeta {
  const raw = record(value, path);
  return withoutUndefined({
    name: optionalString(raw['name'], `${path}.name`) ?? '',
    namespace: optionalString(raw['namespace'], `${path}.namespace`),
    labels: stringMap(raw['labels'], `${path}.labels`),
  });
}

function labelSelector(value: unknown, path: string): LabelSelectorObject {
  const raw = record(value, path);
  const expressions = list(raw['matchExpressions'], `${path}.matchExpressions`, (entry, at) => {
    const expression = record(entry, at);
    const values = stringList(expression['values'], `${at}.values`);
    return {
      key: requiredString(expression['key'], `${at}.key`),
      operator: requiredString(expression['operator'], `${at}.operator`),
      ...(values === undefined ? {} : { values: [...values] }),
    };
  });
  const matchLabels = stringMap(raw['matchLabels'], `${path}.matchLabels`);
  return withoutUndefined({
    matchLabels: matchLabels === undefined ? undefined : { ...matchLabels },
    matchExpressions: expressions === undefined ? undefined : [...expressions],
  });
}

function subject(value: unknown, path: string): Subject {
  const raw = record(value, path);
  return withoutUndefined({
    kind: requiredString(raw['kind'], `${path}.kind`),
    apiGroup: optionalString(raw['apiGroup'], `${path}.apiGroup`),
    name: requiredString(raw['name'], `${path}.name`),
    namespace: optionalString(raw['namespace'], `${path}.namespace`),
  });
}

function roleRef(value: unknown, path: string): RoleRef {
  const raw = record(value, path);
  return {
    apiGroup: optionalString(raw['apiGroup'], `${path}.apiGroup`) ?? '',
    kind: requiredString(raw['kind'], `${path}.kind`),
    name: requiredString(raw['name'], `${path}.name`),
  };
}

function decodeWith<T>(value: unknown, decode: (raw: Record<string, unknown>) => T): Decoded<T> {
  try {
    return { ok: true, value: decode(record(value, '<object>')) };
  } catch (error) {
    if (error instanceof ShapeError) return { ok: false, error: error.message };
    throw error;
  }
}

/** Narrows one PolicyRule (e.g. a SelfSubjectRulesReview input or a test fixture). */
export function decodePolicyRule(value: unknown): Decoded<PolicyRule> {
  return decodeWith(value, (raw) => policyRule(raw, 'rule'));
}

export function decodeRole(value: unknown): Decoded<Role> {
  return decodeWith(value, (raw) =>
    withoutUndefined({
      metadata: metadata(raw['metadata'], 'metadata'),
      rules: list(raw['rules'], 'rules', policyRule),
    }),
  );
}

export function decodeClusterRole(value: unknown): Decoded<ClusterRole> {
  return decodeWith(value, (raw) => {
    const aggregation = raw['aggregationRule'];
    const selectors =
      aggregation === undefined || aggregation === null
        ? undefined
        : list(
            record(aggregation, 'aggregationRule')['clusterRoleSelectors'],
            'aggregationRule.clusterRoleSelectors',
            labelSelector,
          );
    return withoutUndefined({
      metadata: metadata(raw['metadata'], 'metadata'),
      rules: list(raw['rules'], 'rules', policyRule),
      aggregationRule:
        aggregation === undefined || aggregation === null
          ? undefined
          : withoutUndefined({ clusterRoleSelectors: selectors }),
    });
  });
}

/** Decodes a RoleBinding or a ClusterRoleBinding (same shape). */
export function decodeRoleBinding(value: unknown): Decoded<RoleBinding> {
  return decodeWith(value, (raw) =>
    withoutUndefined({
      metadata: metadata(raw['metadata'], 'metadata'),
      subjects: list(raw['subjects'], 'subjects', subject),
      roleRef: roleRef(raw['roleRef'], 'roleRef'),
    }),
  );
}

export const decodeClusterRoleBinding: (value: unknown) => Decoded<ClusterRoleBinding> = decodeRoleBinding;
