/**
 * RBAC evaluation over an in-memory policy (upstream plugin/pkg/auth/authorizer/rbac/rbac.go and
 * pkg/registry/rbac/validation/rule.go DefaultRuleResolver): ClusterRoleBindings first, then the
 * RoleBindings of the request's namespace; permissions are a union, a dangling roleRef is an error
 * reported beside the decision, never a denial of other rules.
 */
import type { RequestContext } from '../../machinery/context.js';
import { superuserGroup, type Authorizer, type Decision } from '../authorization.js';
import { aggregateMessage, goQuote } from './go-format.js';
import { ruleAllows, type AuthorizationAttributes } from './rules.js';
import type {
  ClusterRole,
  ClusterRoleBinding,
  PolicyRule,
  Role,
  RoleBinding,
  RoleRef,
  Subject,
} from './types.js';

/** The part of a user RBAC looks at; machinery's UserInfo fits. */
export interface RbacUser {
  readonly name: string;
  readonly groups: readonly string[];
}

/**
 * The RBAC objects of one logical cluster, read synchronously from a cache the caller keeps current.
 * Every method is called during a single evaluation, must not mutate what it returns, and never throws.
 */
export interface PolicySource {
  /** All ClusterRoleBindings. */
  clusterRoleBindings(): Iterable<ClusterRoleBinding>;
  /** The RoleBindings of one (non-empty) namespace. */
  roleBindings(namespace: string): Iterable<RoleBinding>;
  /** The ClusterRole of that name, or undefined when there is none. */
  clusterRole(name: string): ClusterRole | undefined;
  /** The Role of that namespace and name, or undefined when there is none. */
  role(namespace: string, name: string): Role | undefined;
}

/**
 * How a missing role is worded. The authorizer reads informer caches, whose NotFound names the singular
 * resource (`clusterrole.rbac.authorization.k8s.io "x" not found`); the escalation checks on writes read
 * the registry, which names the plural (`clusterroles.rbac.authorization.k8s.io "x" not found`).
 */
export type MissingRoleWording = 'informer' | 'registry';

export interface ResolveOptions {
  readonly wording?: MissingRoleWording;
}

/** Upstream's system:masters: bypasses RBAC and the escalation checks. */
export function isSuperUser(user: RbacUser): boolean {
  return user.groups.includes(superuserGroup);
}

const serviceAccountPrefix = 'system:serviceaccount:';

/** The user name of a ServiceAccount (upstream serviceaccount.MakeUsername). */
export function serviceAccountUsername(namespace: string, name: string): string {
  return `${serviceAccountPrefix}${namespace}:${name}`;
}

/**
 * Upstream appliesToUser. `bindingNamespace` is '' for ClusterRoleBindings; a ServiceAccount subject
 * without a namespace takes the binding's, and matches nobody when neither has one.
 */
export function subjectAppliesTo(user: RbacUser, subject: Subject, bindingNamespace: string): boolean {
  switch (subject.kind) {
    case 'User':
      return user.name === subject.name;
    case 'Group':
      return user.groups.includes(subject.name);
    case 'ServiceAccount': {
      const namespace =
        subject.namespace !== undefined && subject.namespace !== '' ? subject.namespace : bindingNamespace;
      return namespace !== '' && user.name === serviceAccountUsername(namespace, subject.name);
    }
    default:
      return false;
  }
}

export type RoleRefResolution =
  | { readonly ok: true; readonly rules: readonly PolicyRule[] }
  | {
      readonly ok: false;
      readonly error: string;
      /** Set when the role does not exist (a NotFound upstream); absent for an unsupported kind. */
      readonly missing?: { readonly resource: 'roles' | 'clusterroles'; readonly name: string };
    };

/** Upstream GetRoleReferenceRules: a Role in the binding's namespace, or any ClusterRole. */
export function resolveRoleRef(
  policy: PolicySource,
  roleRef: RoleRef,
  bindingNamespace: string,
  options: ResolveOptions = {},
): RoleRefResolution {
  const registry = options.wording === 'registry';
  if (roleRef.kind === 'Role' || roleRef.kind === 'ClusterRole') {
    const isRole = roleRef.kind === 'Role';
    const found = isRole ? policy.role(bindingNamespace, roleRef.name) : policy.clusterRole(roleRef.name);
    if (found !== undefined) return { ok: true, rules: found.rules ?? [] };
    const resource = isRole ? 'roles' : 'clusterroles';
    const shown = registry ? resource : resource.slice(0, -1);
    return {
      ok: false,
      error: `${shown}.rbac.authorization.k8s.io ${goQuote(roleRef.name)} not found`,
      missing: { resource, name: roleRef.name },
    };
  }
  return { ok: false, error: `unsupported role reference kind: ${goQuote(roleRef.kind)}` };
}

function describeSubject(subject: Subject, bindingNamespace: string): string {
  if (subject.kind === 'ServiceAccount') {
    const namespace =
      subject.namespace !== undefined && subject.namespace !== '' ? subject.namespace : bindingNamespace;
    return `${subject.kind} ${goQuote(`${subject.name}/${namespace}`)}`;
  }
  return `${subject.kind} ${goQuote(subject.name)}`;
}

/** Upstream clusterRoleBindingDescriber / roleBindingDescriber. */
function describeBinding(binding: RoleBinding, subject: Subject, namespace: string): string {
  const role = `${binding.roleRef.kind} ${goQuote(binding.roleRef.name)}`;
  const who = describeSubject(subject, namespace);
  return namespace === ''
    ? `ClusterRoleBinding ${goQuote(binding.metadata.name)} of ${role} to ${who}`
    : `RoleBinding ${goQuote(`${binding.metadata.name}/${namespace}`)} of ${role} to ${who}`;
}

type Visit = { readonly rule: PolicyRule; readonly source: () => string } | { readonly error: string };

function* bindingVisits(
  user: RbacUser,
  bindings: Iterable<RoleBinding>,
  namespace: string,
  policy: PolicySource,
  options: ResolveOptions,
): Generator<Visit> {
  for (const binding of bindings) {
    const subject = (binding.subjects ?? []).find((s) => subjectAppliesTo(user, s, namespace));
    if (subject === undefined) continue;
    const resolved = resolveRoleRef(policy, binding.roleRef, namespace, options);
    if (!resolved.ok) {
      yield { error: resolved.error };
      continue;
    }
    const source = (): string => describeBinding(binding, subject, namespace);
    for (const rule of resolved.rules) yield { rule, source };
  }
}

/** Upstream VisitRulesFor, as a lazy sequence so that callers can stop at the first allowing rule. */
function* visitRulesFor(
  user: RbacUser,
  namespace: string,
  policy: PolicySource,
  options: ResolveOptions,
): Generator<Visit> {
  yield* bindingVisits(user, policy.clusterRoleBindings(), '', policy, options);
  if (namespace !== '')
    yield* bindingVisits(user, policy.roleBindings(namespace), namespace, policy, options);
}

export interface Evaluation {
  readonly decision: Extract<Decision, 'allow' | 'noOpinion'>;
  /** `RBAC: allowed by …` when allowed; `RBAC: <resolution errors>` or '' otherwise. */
  readonly reason: string;
}

/**
 * Upstream RBACAuthorizer.Authorize for `user` (system:masters gets no special treatment here: the caller
 * runs a superuser check first, as kube-apiserver's privileged-group authorizer does).
 */
export function evaluate(attrs: AuthorizationAttributes, user: RbacUser, policy: PolicySource): Evaluation {
  const errors: string[] = [];
  for (const visit of visitRulesFor(user, attrs.namespace, policy, {})) {
    if ('error' in visit) errors.push(visit.error);
    else if (ruleAllows(attrs, visit.rule)) {
      return { decision: 'allow', reason: `RBAC: allowed by ${visit.source()}` };
    }
  }
  return { decision: 'noOpinion', reason: errors.length === 0 ? '' : `RBAC: ${aggregateMessage(errors)}` };
}

/** A rule of SelfSubjectRulesReview's status.resourceRules (upstream ResourceRuleInfo). */
export interface ResourceRuleInfo {
  readonly verbs: readonly string[];
  readonly apiGroups: readonly string[];
  readonly resources: readonly string[];
  readonly resourceNames: readonly string[];
}

/** A rule of status.nonResourceRules (upstream NonResourceRuleInfo). */
export interface NonResourceRuleInfo {
  readonly verbs: readonly string[];
  readonly nonResourceURLs: readonly string[];
}

export interface EffectiveRules {
  /** Every rule that applies, in evaluation order (the owner rules of escalation checks). */
  readonly rules: readonly PolicyRule[];
  /** Rules with resources, for SelfSubjectRulesReview. */
  readonly resourceRules: readonly ResourceRuleInfo[];
  /** Rules with nonResourceURLs; a rule with both appears in both lists, as upstream. */
  readonly nonResourceRules: readonly NonResourceRuleInfo[];
  /** RBAC can always enumerate its rules, so this is false (other authorizers may set it). */
  readonly incomplete: boolean;
  /** Each roleRef that could not be resolved, in order. */
  readonly errors: readonly string[];
  /** The errors as upstream's aggregate text (status.evaluationError), '' when none. */
  readonly evaluationError: string;
}

/** Upstream RulesFor: the rules `user` holds in `namespace` ('' = cluster-wide bindings only). */
export function rulesFor(
  user: RbacUser,
  namespace: string,
  policy: PolicySource,
  options: ResolveOptions = {},
): EffectiveRules {
  const rules: PolicyRule[] = [];
  const errors: string[] = [];
  for (const visit of visitRulesFor(user, namespace, policy, options)) {
    if ('error' in visit) errors.push(visit.error);
    else rules.push(visit.rule);
  }
  const resourceRules = rules
    .filter((rule) => (rule.resources ?? []).length > 0)
    .map((rule) => ({
      verbs: rule.verbs,
      apiGroups: rule.apiGroups ?? [],
      resources: rule.resources ?? [],
      resourceNames: rule.resourceNames ?? [],
    }));
  const nonResourceRules = rules
    .filter((rule) => (rule.nonResourceURLs ?? []).length > 0)
    .map((rule) => ({ verbs: rule.verbs, nonResourceURLs: rule.nonResourceURLs ?? [] }));
  return {
    rules,
    resourceRules,
    nonResourceRules,
    incomplete: false,
    errors,
    evaluationError: aggregateMessage(errors),
  };
}

/**
 * The project's Authorizer backed by RBAC, for the policy of the request's logical cluster (which may be
 * loaded on first use). Members of system:masters are allowed outright, as upstream's privileged-group
 * authorizer in front of RBAC does, so the result is right even without clusterBoundaryAuthorizer.
 */
export function rbacAuthorizer(
  policyFor: (ctx: RequestContext) => PolicySource | Promise<PolicySource>,
): Authorizer {
  return {
    async authorize(ctx) {
      if (isSuperUser(ctx.user)) return { decision: 'allow', reason: '' };
      return evaluate(ctx.info, ctx.user, await policyFor(ctx));
    },
  };
}
