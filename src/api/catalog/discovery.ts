import type { ResourceDefinition } from '../types.js';
import { groupVersion } from './define.js';

const v1 = groupVersion('discovery.k8s.io', 'v1');

export const discoveryResources: readonly ResourceDefinition[] = [
  v1.namespaced('EndpointSlice', 'endpointslices'),
];
