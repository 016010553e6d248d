import { string, int32, boolean, enumOf, opt, ptr, req } from './build.js';
import { meta, scheduling } from './packages.js';
import type { TypeSchema } from './types.js';

export const schedulingV1Types: readonly TypeSchema[] = [
  scheduling.kind('PriorityClass', 'A named pod priority used for scheduling and preemption.', [
    opt('metadata', 1, meta.ref('ObjectMeta'), 'Standard object metadata.'),
    req('value', 2, int32, 'The priority of pods in this class; higher is more important.'),
    opt('globalDefault', 3, boolean, 'If true, pods without a priority class get this one.'),
    opt('description', 4, string),
    ptr('preemptionPolicy', 5, enumOf('PreemptLowerPriority', 'Never')),
  ]),
  scheduling.list('PriorityClass'),
];
