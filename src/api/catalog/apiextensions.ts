import type { ResourceDefinition } from '../types.js';
import { apiExtensions, groupVersion } from './define.js';

const v1 = groupVersion('apiextensions.k8s.io', 'v1');

export const apiextensionsResources: readonly ResourceDefinition[] = [
  v1.cluster('CustomResourceDefinition', 'customresourcedefinitions', {
    shortNames: ['crd', 'crds'],
    categories: apiExtensions,
    subresources: ['status'],
  }),
];
