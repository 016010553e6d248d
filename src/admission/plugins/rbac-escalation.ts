import {
  checkBindingWrite,
  checkRoleWrite,
  decodeClusterRole,
  decodeRoleBinding,
  evaluate,
  isOnlyMutatingGCFields,
  superuserGroup,
  type PolicyCache,
  type PolicySource,
} from '../../auth/index.js';
import type { RequestContext } from '../../machinery/context.js';
import { badRequest } from '../../machinery/errors.js';
import type { AdmissionRequest } from '../../registry/index.js';
import type { ValidatingPlugin } from '../chain.js';

const rbacGroup = 'rbac.authorization.k8s.io';

/**
 * Escalation prevention on RBAC writes (upstream's policybased role and binding storage): a user may only
 * create or change a Role/ClusterRole holding rules they already have (or with the `escalate` verb), and
 * only bind a role whose rules they have (or with the `bind` verb). Updates that touch only ownerReferences
 * or finalizers are not checked.
 */
export function rbacEscalationPrevention(policies: PolicyCache): ValidatingPlugin {
  return {
    name: 'RBACEscalationPrevention',
    handles: (operation) => operation === 'CREATE' || operation === 'UPDATE',
    async validate(ctx: RequestContext, request: Readonly<AdmissionRequest>) {
      const { resource, object } = request;
      if (resource.group !== rbacGroup || object === undefined) return;
      if (request.operation === 'UPDATE' && isOnlyMutatingGCFields(object, request.oldObject)) return;
      // Upstream EscalationAllowed: system:masters may write any role or binding.
      if (ctx.user.groups.includes(superuserGroup)) return;
      const policy = await policies.policyFor(ctx);
      const authorize = (attrs: Parameters<typeof evaluate>[0]): boolean =>
        evaluate(attrs, ctx.user, policy).decision === 'allow';
      const error = check(ctx, request, policy, authorize);
      if (error !== undefined) throw error;
    },
  };
}

function check(
  ctx: RequestContext,
  request: Readonly<AdmissionRequest>,
  policy: PolicySource,
  authorize: (attrs: Parameters<typeof evaluate>[0]) => boolean,
) {
  const object = request.object ?? { metadata: {} };
  const objectName = object.metadata.name ?? '';
  switch (request.resource.plural) {
    case 'roles':
    case 'clusterroles': {
      // ClusterRole decoding accepts Roles too: the rules and aggregationRule shapes are the same.
      const decoded = decodeClusterRole(object);
      if (!decoded.ok) throw badRequest(decoded.error);
      const oldDecoded = request.oldObject === undefined ? undefined : decodeClusterRole(request.oldObject);
      const usesAggregation = (role: typeof decoded.value | undefined): boolean =>
        (role?.aggregationRule?.clusterRoleSelectors?.length ?? 0) > 0;
      return checkRoleWrite({
        user: ctx.user,
        resource: request.resource.plural,
        request: { namespace: request.namespace, name: request.operation === 'CREATE' ? '' : request.name },
        objectName,
        // An aggregated ClusterRole's rules are the controller's to fill; the selector is what is checked.
        rules: usesAggregation(decoded.value) ? [] : (decoded.value.rules ?? []),
        usesAggregationRule:
          usesAggregation(decoded.value) || (oldDecoded?.ok === true && usesAggregation(oldDecoded.value)),
        authorize,
        policy,
      });
    }
    case 'rolebindings':
    case 'clusterrolebindings': {
      const decoded = decodeRoleBinding(object);
      if (!decoded.ok) throw badRequest(decoded.error);
      return checkBindingWrite({
        user: ctx.user,
        resource: request.resource.plural,
        namespace: request.namespace,
        objectName,
        roleRef: decoded.value.roleRef,
        authorize,
        policy,
      });
    }
    default:
      return undefined;
  }
}
