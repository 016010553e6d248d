import type { ResourceDefinition } from '../types.js';
import { groupVersion } from './define.js';

const v1 = groupVersion('flowcontrol.apiserver.k8s.io', 'v1');

export const flowcontrolResources: readonly ResourceDefinition[] = [
  v1.cluster('FlowSchema', 'flowschemas', { subresources: ['status'] }),
  v1.cluster('PriorityLevelConfiguration', 'prioritylevelconfigurations', { subresources: ['status'] }),
];
