export { AdmissionChain, type MutatingPlugin, type ValidatingPlugin } from './chain.js';
export { immortalNamespaces, namespaceLifecycle } from './plugins/namespace-lifecycle.js';
export { parseServiceRange, serviceIpAllocator, type ServiceRange } from './plugins/service-ip-allocator.js';
export { rbacEscalationPrevention } from './plugins/rbac-escalation.js';
export { serviceAccountAdmission } from './plugins/service-account.js';
export { limitRanger } from './plugins/limit-ranger.js';
export { QuotaAccounting, resourceQuota } from './plugins/resource-quota/index.js';
export { podSecurity, type PodSecurityOptions } from './plugins/pod-security/index.js';
export { ValidatingAdmissionPolicyPlugin } from './plugins/validating-policy/index.js';
export {
  AdmissionWebhooks,
  noServiceNetwork,
  type AdmissionWebhooksOptions,
  type ServiceResolver,
} from './plugins/webhooks/index.js';
