export { AdmissionChain, type MutatingPlugin, type ValidatingPlugin } from './chain.js';
export { immortalNamespaces, namespaceLifecycle } from './plugins/namespace-lifecycle.js';
export { parseServiceRange, serviceIpAllocator, type ServiceRange } from './plugins/service-ip-allocator.js';
export { rbacEscalationPrevention } from './plugins/rbac-escalation.js';
