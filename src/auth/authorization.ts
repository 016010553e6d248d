import { rootCluster, type ClusterName, type RequestContext } from '../machinery/context.js';
import { qualifiedResource, StatusError } from '../machinery/errors.js';
import { clusterExtraKey, tenantUidExtraKey } from './authentication.js';

export type Decision = 'allow' | 'deny' | 'noOpinion';

/** Decides whether the request in `ctx` may proceed (upstream authorizer.Authorizer). */
export interface AuthorizationResult {
  readonly decision: Decision;
  readonly reason: string;
}

export interface Authorizer {
  /** Runs once per request after authentication; never throws for a denial (returns 'deny'/'noOpinion'). */
  authorize(ctx: RequestContext): Promise<AuthorizationResult>;
}

/** `system:masters` members are superusers (upstream's authorizerfactory privileged group). */
export const superuserGroup = 'system:masters';

const deny: AuthorizationResult = { decision: 'deny', reason: '' };
const allow: AuthorizationResult = { decision: 'allow', reason: '' };

/**
 * Logical-cluster boundaries come first: a credential issued for one cluster is refused everywhere else,
 * and nobody but an unrestricted superuser reaches a cluster that does not exist (or is being deleted) —
 * with the same Forbidden wording either way, so the answer reveals nothing. Wildcard reads across
 * clusters are for unrestricted superusers only. Then superusers are allowed, and the rest goes to `next`.
 */
export function clusterBoundaryAuthorizer(
  next: Authorizer,
  /** The uid of the Tenant serving a (non-root) cluster, or undefined when none does. */
  servingTenant: (cluster: ClusterName) => string | undefined,
): Authorizer {
  return {
    async authorize(ctx) {
      const restrictedTo = ctx.user.extra[clusterExtraKey];
      const { cluster } = ctx;
      const superuser = ctx.user.groups.includes(superuserGroup);
      if (restrictedTo === undefined && superuser) return allow;
      if (cluster.kind === 'all') return deny;
      if (restrictedTo !== undefined && !restrictedTo.includes(cluster.name)) return deny;
      if (cluster.name !== rootCluster) {
        const tenantUid = servingTenant(cluster.name);
        if (tenantUid === undefined) return deny;
        const issuedFor = ctx.user.extra[tenantUidExtraKey];
        if (issuedFor !== undefined && !issuedFor.includes(tenantUid)) return deny;
      }
      if (superuser) return allow;
      return next.authorize(ctx);
    },
  };
}

/** Upstream responsewriters.forbiddenMessage, wrapped as a Forbidden Status. */
export function forbiddenFor(ctx: RequestContext, reason: string): StatusError {
  const { info } = ctx;
  const who = `User "${ctx.user.name}"`;
  let message: string;
  if (!info.isResourceRequest) {
    message = `${who} cannot ${info.verb} path "${info.path}"`;
  } else {
    const resource = info.subresource === '' ? info.resource : `${info.resource}/${info.subresource}`;
    const scope = info.namespace === '' ? 'at the cluster scope' : `in the namespace "${info.namespace}"`;
    const named = info.name === '' ? '' : ` "${info.name}"`;
    // The subject is the group-qualified resource without subresource (upstream NewForbidden(GroupResource)).
    const subject = qualifiedResource({ group: info.apiGroup, resource: info.resource });
    message = `${subject}${named} is forbidden: ${who} cannot ${info.verb} resource "${resource}" in API group "${info.apiGroup}" ${scope}`;
  }
  if (!info.isResourceRequest) message = `forbidden: ${message}`;
  if (reason !== '') message += `: ${reason}`;
  return new StatusError('Forbidden', message, {
    ...(info.name === '' ? {} : { name: info.name }),
    group: info.apiGroup,
    kind: info.resource,
  });
}
