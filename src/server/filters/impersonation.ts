import { clusterExtraKey, forbiddenFor, type Authorizer } from '../../auth/index.js';
import type { RequestContext, RequestInfo, UserInfo } from '../../machinery/context.js';
import { badRequest } from '../../machinery/errors.js';
import type { HttpRequest } from '../http.js';

const serviceAccountPrefix = 'system:serviceaccount:';

function headerValues(req: HttpRequest, name: string): string[] {
  const value = req.headers[name];
  if (value === undefined) return [];
  return (Array.isArray(value) ? value : [value])
    .flatMap((v) => v.split(',').map((s) => s.trim()))
    .filter((v) => v !== '');
}

function impersonateInfo(
  group: string,
  resource: string,
  name: string,
  namespace = '',
  subresource = '',
): RequestInfo {
  return {
    isResourceRequest: true,
    path: '',
    verb: 'impersonate',
    apiPrefix: 'api',
    apiGroup: group,
    apiVersion: '',
    namespace,
    resource,
    subresource,
    name,
    parts: [],
  };
}

/**
 * The Impersonate-User / -Group / -Uid / -Extra-* headers (kubectl --as, --as-group, --as-uid), each checked
 * against the `impersonate` verb on users, groups, serviceaccounts, uids and userextras, as upstream's
 * impersonation filter. Returns the user the request then runs as, or the caller when nothing is asked.
 */
export async function impersonate(
  req: HttpRequest,
  ctx: RequestContext,
  authorizer: Authorizer,
): Promise<UserInfo> {
  const user = headerValues(req, 'impersonate-user')[0];
  const groups = headerValues(req, 'impersonate-group');
  const uid = headerValues(req, 'impersonate-uid')[0];
  const extraHeaders = Object.keys(req.headers).filter((h) => h.startsWith('impersonate-extra-'));
  if (user === undefined) {
    if (groups.length > 0 || uid !== undefined || extraHeaders.length > 0) {
      throw badRequest(
        'requested [Impersonate-Group Impersonate-Uid Impersonate-Extra] without impersonating a user',
      );
    }
    return ctx.user;
  }
  const checks: RequestInfo[] = [];
  if (user.startsWith(serviceAccountPrefix)) {
    const [namespace = '', name = ''] = user.slice(serviceAccountPrefix.length).split(':');
    checks.push(impersonateInfo('', 'serviceaccounts', name, namespace));
  } else checks.push(impersonateInfo('', 'users', user));
  for (const group of groups) checks.push(impersonateInfo('', 'groups', group));
  if (uid !== undefined) checks.push(impersonateInfo('authentication.k8s.io', 'uids', uid));
  const extra: Record<string, string[]> = {};
  for (const header of extraHeaders) {
    const key = decodeURIComponent(header.slice('impersonate-extra-'.length));
    const values = headerValues(req, header);
    extra[key] = values;
    for (const value of values)
      checks.push(impersonateInfo('authentication.k8s.io', 'userextras', value, '', key));
  }
  for (const info of checks) {
    const decision = await authorizer.authorize({ ...ctx, info });
    if (decision.decision !== 'allow') throw forbiddenFor({ ...ctx, info }, decision.reason);
  }
  const impersonatedGroups = [...groups];
  if (user.startsWith(serviceAccountPrefix)) {
    const namespace = user.slice(serviceAccountPrefix.length).split(':')[0] ?? '';
    impersonatedGroups.push('system:serviceaccounts', `system:serviceaccounts:${namespace}`);
  }
  if (user !== 'system:anonymous' && !impersonatedGroups.includes('system:authenticated')) {
    impersonatedGroups.push('system:authenticated');
  }
  // A cluster restriction of the caller's credential carries over to whoever it impersonates.
  const restriction = ctx.user.extra[clusterExtraKey];
  return {
    name: user,
    uid: uid ?? '',
    groups: impersonatedGroups,
    extra: restriction === undefined ? extra : { ...extra, [clusterExtraKey]: restriction },
  };
}
