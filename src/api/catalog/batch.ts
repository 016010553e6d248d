import type { ResourceDefinition } from '../types.js';
import { all, groupVersion } from './define.js';

const v1 = groupVersion('batch', 'v1');

export const batchResources: readonly ResourceDefinition[] = [
  v1.namespaced('CronJob', 'cronjobs', { shortNames: ['cj'], categories: all, subresources: ['status'] }),
  v1.namespaced('Job', 'jobs', { categories: all, subresources: ['status'] }),
];
