import type { ResourceDefinition } from '../types.js';
import { apiExtensions, groupVersion } from './define.js';

const v1 = groupVersion('admissionregistration.k8s.io', 'v1');

export const admissionregistrationResources: readonly ResourceDefinition[] = [
  v1.cluster('MutatingWebhookConfiguration', 'mutatingwebhookconfigurations', { categories: apiExtensions }),
  v1.cluster('ValidatingAdmissionPolicy', 'validatingadmissionpolicies', {
    categories: apiExtensions,
    subresources: ['status'],
  }),
  v1.cluster('ValidatingAdmissionPolicyBinding', 'validatingadmissionpolicybindings', {
    categories: apiExtensions,
  }),
  v1.cluster('ValidatingWebhookConfiguration', 'validatingwebhookconfigurations', {
    categories: apiExtensions,
  }),
];
