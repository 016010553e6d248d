/**
 * Privilege-escalation prevention on RBAC writes (upstream pkg/registry/rbac/escalation_check.go,
 * pkg/registry/rbac/validation/rule.go ConfirmNoEscalation, and the policybased storages of roles,
 * clusterroles, rolebindings and clusterrolebindings): a user may only write a role, or bind one, whose
 * rules they already hold — unless they are system:masters or hold `escalate` (roles) / `bind` (bindings).
 */
import { forbidden, internalError, notFound, type StatusError } from '../../machinery/errors.js';
import { isRecord } from '../../machinery/object.js';
import {
  isSuperUser,
  resolveRoleRef,
  rulesFor,
  type EffectiveRules,
  type PolicySource,
  type RbacUser,
} from './authorizer.js';
import { aggregateMessage, goQuote, goQuoteList } from './go-format.js';
import { compactRules, compactString, coversAll, type AuthorizationAttributes } from './rules.js';
import { rbacGroup, type PolicyRule, type RoleRef } from './types.js';

/** `*` on every resource of every group and on every URL: what an aggregationRule requires. */
export const fullAuthority: readonly PolicyRule[] = Object.freeze([
  Object.freeze({ verbs: ['*'], apiGroups: ['*'], resources: ['*'] }),
  Object.freeze({ verbs: ['*'], nonResourceURLs: ['*'] }),
]);

/** Upstream EscalationAllowed: system:masters may write any role or binding. */
export const escalationAllowed: (user: RbacUser) => boolean = isSuperUser;

/** Go's sets.String List(): distinct, in byte order. */
function sortedDistinct(items: readonly string[]): string[] {
  return [...new Set(items)].sort((a, b) => Buffer.compare(Buffer.from(a), Buffer.from(b)));
}

/**
 * Upstream ConfirmNoEscalation: undefined when `owner.rules` cover `requestedRules`, otherwise the
 * message listing the missing rules (compacted, one per line, sorted), with the owner's resolution errors.
 */
export function confirmNoEscalation(
  user: RbacUser,
  requestedRules: readonly PolicyRule[],
  owner: Pick<EffectiveRules, 'rules' | 'errors'>,
): string | undefined {
  const { covered, uncovered } = coversAll(owner.rules, requestedRules);
  if (covered) return undefined;
  const missing = sortedDistinct(compactRules(uncovered).map(compactString));
  let message =
    `user ${goQuote(user.name)} (groups=${goQuoteList(user.groups)}) is attempting to grant RBAC ` +
    `permissions not currently held:\n${missing.join('\n')}`;
  if (owner.errors.length > 0) message += `; resolution errors: [${aggregateMessage(owner.errors)}]`;
  return message;
}

const roleResources = new Set(['roles', 'clusterroles']);

/**
 * Upstream RoleEscalationAuthorized's attributes: `escalate` on the request's own role resource (its URL
 * name, '' on create), or undefined when the request is not a role write in rbac.authorization.k8s.io.
 */
export function escalateAttributes(request: {
  readonly isResourceRequest: boolean;
  readonly apiGroup: string;
  readonly resource: string;
  readonly namespace: string;
  readonly name: string;
}): AuthorizationAttributes | undefined {
  if (!request.isResourceRequest || request.apiGroup !== rbacGroup || !roleResources.has(request.resource)) {
    return undefined;
  }
  return {
    verb: 'escalate',
    isResourceRequest: true,
    apiGroup: request.apiGroup,
    resource: request.resource,
    subresource: '',
    name: request.name,
    namespace: request.namespace,
    path: '',
  };
}

/** Upstream BindingAuthorized's attributes: `bind` on the referenced role, in the binding's namespace. */
export function bindAttributes(
  roleRef: RoleRef,
  bindingNamespace: string,
): AuthorizationAttributes | undefined {
  if (roleRef.kind !== 'Role' && roleRef.kind !== 'ClusterRole') return undefined;
  return {
    verb: 'bind',
    isResourceRequest: true,
    apiGroup: roleRef.apiGroup,
    resource: roleRef.kind === 'Role' ? 'roles' : 'clusterroles',
    subresource: '',
    name: roleRef.name,
    namespace: bindingNamespace,
    path: '',
  };
}

/** Asks the whole authorizer chain (not just RBAC) whether these attributes are allowed for the user. */
export type AuthorizeCheck = (attrs: AuthorizationAttributes) => boolean;

export interface RoleWrite {
  readonly user: RbacUser;
  readonly resource: 'roles' | 'clusterroles';
  /** The request: its namespace ('' for clusterroles) and URL name ('' on create). */
  readonly request: { readonly namespace: string; readonly name: string };
  /** metadata.name of the object written, for the Forbidden message. */
  readonly objectName: string;
  readonly rules: readonly PolicyRule[];
  /** ClusterRoles: the new object, or on update the old one, has non-empty clusterRoleSelectors. */
  readonly usesAggregationRule?: boolean;
  readonly authorize: AuthorizeCheck;
  readonly policy: PolicySource;
}

/**
 * The checks of upstream role/clusterrole policybased storage Create and Update: undefined to proceed,
 * or the 403 Forbidden to return. Callers skip it on updates that only touch GC fields.
 */
export function checkRoleWrite(write: RoleWrite): StatusError | undefined {
  if (escalationAllowed(write.user)) return undefined;
  const escalate = escalateAttributes({
    isResourceRequest: true,
    apiGroup: rbacGroup,
    resource: write.resource,
    ...write.request,
  });
  if (escalate !== undefined && write.authorize(escalate)) return undefined;
  const resource = { group: rbacGroup, resource: write.resource };
  const owner = rulesFor(write.user, write.request.namespace, write.policy, { wording: 'registry' });
  const message = confirmNoEscalation(write.user, write.rules, owner);
  if (message !== undefined) return forbidden(resource, write.objectName, message);
  if (
    write.usesAggregationRule === true &&
    confirmNoEscalation(write.user, fullAuthority, owner) !== undefined
  ) {
    return forbidden(
      resource,
      write.objectName,
      'must have cluster-admin privileges to use the aggregationRule',
    );
  }
  return undefined;
}

export interface BindingWrite {
  readonly user: RbacUser;
  readonly resource: 'rolebindings' | 'clusterrolebindings';
  /** The binding's namespace ('' for clusterrolebindings); also where the owner's rules are gathered. */
  readonly namespace: string;
  readonly objectName: string;
  readonly roleRef: RoleRef;
  readonly authorize: AuthorizeCheck;
  readonly policy: PolicySource;
}

/**
 * The checks of upstream rolebinding/clusterrolebinding policybased storage Create and Update: undefined
 * to proceed; a 404 NotFound when the referenced role does not exist; otherwise the 403 Forbidden.
 */
export function checkBindingWrite(write: BindingWrite): StatusError | undefined {
  if (escalationAllowed(write.user)) return undefined;
  const bind = bindAttributes(write.roleRef, write.namespace);
  if (bind !== undefined && write.authorize(bind)) return undefined;
  const resolved = resolveRoleRef(write.policy, write.roleRef, write.namespace, { wording: 'registry' });
  if (!resolved.ok) {
    if (resolved.missing === undefined) return internalError(new Error(resolved.error));
    return notFound({ group: rbacGroup, resource: resolved.missing.resource }, resolved.missing.name);
  }
  const owner = rulesFor(write.user, write.namespace, write.policy, { wording: 'registry' });
  const message = confirmNoEscalation(write.user, resolved.rules, owner);
  if (message === undefined) return undefined;
  return forbidden({ group: rbacGroup, resource: write.resource }, write.objectName, message);
}

/** Go zero values read as absent, as equality.Semantic.DeepEqual compares typed structs. */
function withoutZeroValues(value: unknown): unknown {
  if (Array.isArray(value)) return value.length === 0 ? undefined : value.map(withoutZeroValues);
  if (isRecord(value)) {
    const entries = Object.entries(value)
      .map(([key, item]) => [key, withoutZeroValues(item)] as const)
      .filter(([, item]) => item !== undefined)
      .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
    return entries.length === 0 ? undefined : Object.fromEntries(entries);
  }
  return value === '' || value === 0 || value === false || value === null ? undefined : value;
}

/**
 * Upstream IsOnlyMutatingGCFields: whether an update changes nothing but metadata.ownerReferences,
 * metadata.finalizers (and selfLink), so the garbage collector can edit RBAC objects it could not create.
 */
export function isOnlyMutatingGCFields(updated: unknown, old: unknown): boolean {
  if (!isRecord(updated) || !isRecord(old) || !isRecord(updated['metadata']) || !isRecord(old['metadata'])) {
    return false;
  }
  const oldMeta = old['metadata'];
  const metadata = { ...updated['metadata'] };
  for (const field of ['ownerReferences', 'finalizers', 'selfLink']) {
    if (oldMeta[field] === undefined) delete metadata[field];
    else metadata[field] = oldMeta[field];
  }
  const stomped = { ...updated, metadata };
  return JSON.stringify(withoutZeroValues(stomped)) === JSON.stringify(withoutZeroValues(old));
}
