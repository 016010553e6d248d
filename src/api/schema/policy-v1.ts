import { int32, int64, enumOf, mapOf, arrayOf, keyedBy, merge, opt, ptr, req } from './build.js';
import { meta, policy, time, intOrString } from './packages.js';
import type { TypeSchema } from './types.js';

export const policyV1Types: readonly TypeSchema[] = [
  policy.kind(
    'PodDisruptionBudget',
    'Limits how many pods of a set voluntary disruptions may take down at once.',
    [
      opt('metadata', 1, meta.ref('ObjectMeta'), 'Standard object metadata.'),
      opt('spec', 2, policy.ref('PodDisruptionBudgetSpec'), 'The desired state.'),
      opt('status', 3, policy.ref('PodDisruptionBudgetStatus'), 'The observed state, written by the system.'),
    ],
  ),
  policy.list('PodDisruptionBudget'),
  policy.type('PodDisruptionBudgetSpec', 'The selector and allowed disruption of a budget.', [
    ptr('minAvailable', 1, intOrString, 'Pods (number or percentage) that must stay available.'),
    ptr('selector', 2, meta.ref('LabelSelector'), { patchStrategy: 'replace' }),
    ptr('maxUnavailable', 3, intOrString, 'Pods (number or percentage) that may be unavailable.'),
    ptr('unhealthyPodEvictionPolicy', 4, enumOf('IfHealthyBudget', 'AlwaysAllow')),
  ]),
  policy.type('PodDisruptionBudgetStatus', 'The observed healthy pods and allowed disruptions of a budget.', [
    opt('observedGeneration', 1, int64),
    opt('disruptedPods', 2, mapOf(time)),
    req('disruptionsAllowed', 3, int32),
    req('currentHealthy', 4, int32),
    req('desiredHealthy', 5, int32),
    req('expectedPods', 6, int32),
    opt('conditions', 7, arrayOf(meta.ref('Condition'), keyedBy('type'), merge('type'))),
  ]),
  policy.kind('Eviction', 'A request to evict a pod, honouring disruption budgets.', [
    opt('metadata', 1, meta.ref('ObjectMeta'), 'Standard object metadata.'),
    ptr('deleteOptions', 2, meta.ref('DeleteOptions')),
  ]),
];
