import type { ResourceDefinition } from '../types.js';
import { groupVersion } from './define.js';

const v1 = groupVersion('scheduling.k8s.io', 'v1');

export const schedulingResources: readonly ResourceDefinition[] = [
  v1.cluster('PriorityClass', 'priorityclasses', { shortNames: ['pc'] }),
];
