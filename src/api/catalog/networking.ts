import type { ResourceDefinition } from '../types.js';
import { groupVersion } from './define.js';

const v1 = groupVersion('networking.k8s.io', 'v1');

/** IPAddress and ServiceCIDR are served at v1 since 1.33 (MultiCIDRServiceAllocator GA). */
export const networkingResources: readonly ResourceDefinition[] = [
  v1.cluster('IngressClass', 'ingressclasses'),
  v1.namespaced('Ingress', 'ingresses', { shortNames: ['ing'], subresources: ['status'] }),
  v1.cluster('IPAddress', 'ipaddresses', { shortNames: ['ip'] }),
  v1.namespaced('NetworkPolicy', 'networkpolicies', { shortNames: ['netpol'] }),
  v1.cluster('ServiceCIDR', 'servicecidrs', { subresources: ['status'] }),
];
