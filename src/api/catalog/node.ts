import type { ResourceDefinition } from '../types.js';
import { groupVersion } from './define.js';

const v1 = groupVersion('node.k8s.io', 'v1');

export const nodeResources: readonly ResourceDefinition[] = [v1.cluster('RuntimeClass', 'runtimeclasses')];
