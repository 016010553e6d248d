import type { ResourceDefinition } from '../types.js';
import { groupVersion } from './define.js';

const v1 = groupVersion('coordination.k8s.io', 'v1');

export const coordinationResources: readonly ResourceDefinition[] = [v1.namespaced('Lease', 'leases')];
