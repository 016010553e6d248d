import type { ResourceDefinition } from '../types.js';
import { all, groupVersion } from './define.js';

const v2 = groupVersion('autoscaling', 'v2');

export const autoscalingResources: readonly ResourceDefinition[] = [
  v2.namespaced('HorizontalPodAutoscaler', 'horizontalpodautoscalers', {
    shortNames: ['hpa'],
    categories: all,
    subresources: ['status'],
  }),
];
