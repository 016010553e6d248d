import { string, int32, opt, ptr } from './build.js';
import { meta, coordination, microTime } from './packages.js';
import type { TypeSchema } from './types.js';

export const coordinationV1Types: readonly TypeSchema[] = [
  coordination.kind('Lease', 'A lease used for leader election and node heartbeats.', [
    opt('metadata', 1, meta.ref('ObjectMeta'), 'Standard object metadata.'),
    opt('spec', 2, coordination.ref('LeaseSpec'), 'The desired state.'),
  ]),
  coordination.list('Lease'),
  coordination.type('LeaseSpec', 'The holder, duration and renewal time of a lease.', [
    ptr('holderIdentity', 1, string),
    ptr('leaseDurationSeconds', 2, int32),
    ptr('acquireTime', 3, microTime),
    ptr('renewTime', 4, microTime),
    ptr('leaseTransitions', 5, int32),
    ptr('strategy', 6, string),
    ptr('preferredHolder', 7, string),
  ]),
];
