import type { RequestContext } from '../machinery/context.js';
import { StatusError } from '../machinery/errors.js';

export type Decision = 'allow' | 'deny' | 'noOpinion';

/** Decides whether the request in `ctx` may proceed (upstream authorizer.Authorizer). */
export interface Authorizer {
  authorize(ctx: RequestContext): { decision: Decision; reason: string };
}

/** Paths anyone may read, as upstream's system:public-info-viewer role grants. */
const publicInfoPaths = new Set(['/healthz', '/livez', '/readyz', '/version', '/version/']);

/**
 * Until RBAC lands (#4): authenticated users may do everything; anonymous users only read public info.
 */
export const authenticatedOnlyAuthorizer: Authorizer = {
  authorize(ctx) {
    if (ctx.user.groups.includes('system:authenticated')) return { decision: 'allow', reason: '' };
    const publicRead =
      !ctx.info.isResourceRequest && ctx.info.verb === 'get' && publicInfoPaths.has(ctx.info.path);
    return publicRead ? { decision: 'allow', reason: '' } : { decision: 'noOpinion', reason: '' };
  },
};

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
    message = `${resource}${named} is forbidden: ${who} cannot ${info.verb} resource "${resource}" in API group "${info.apiGroup}" ${scope}`;
  }
  if (!info.isResourceRequest) message = `forbidden: ${message}`;
  if (reason !== '') message += `: ${reason}`;
  return new StatusError('Forbidden', message, {
    ...(info.name === '' ? {} : { name: info.name }),
    group: info.apiGroup,
    kind: info.resource,
  });
}
