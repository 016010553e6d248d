import { string, int32, opt, req } from './build.js';
import { meta, autoscalingV1 } from './packages.js';
import type { TypeSchema } from './types.js';

export const autoscalingV1Types: readonly TypeSchema[] = [
  autoscalingV1.kind('Scale', 'The scale subresource of a workload: desired and observed replicas.', [
    opt('metadata', 1, meta.ref('ObjectMeta'), 'Standard object metadata.'),
    opt('spec', 2, autoscalingV1.ref('ScaleSpec'), 'The desired state.'),
    opt('status', 3, autoscalingV1.ref('ScaleStatus'), 'The observed state, written by the system.'),
  ]),
  autoscalingV1.type('ScaleSpec', 'The desired replica count.', [opt('replicas', 1, int32)]),
  autoscalingV1.type('ScaleStatus', 'The observed replica count and selector.', [
    req('replicas', 1, int32),
    opt('selector', 2, string),
  ]),
];
