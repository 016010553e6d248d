import type { ResourceDefinition } from '../types.js';
import { groupVersion } from './define.js';

const v1 = groupVersion('storage.k8s.io', 'v1');

/** VolumeAttributesClass is served at v1 since 1.34. */
export const storageResources: readonly ResourceDefinition[] = [
  v1.cluster('CSIDriver', 'csidrivers'),
  v1.cluster('CSINode', 'csinodes'),
  v1.namespaced('CSIStorageCapacity', 'csistoragecapacities'),
  v1.cluster('StorageClass', 'storageclasses', { shortNames: ['sc'] }),
  v1.cluster('VolumeAttachment', 'volumeattachments', { subresources: ['status'] }),
  v1.cluster('VolumeAttributesClass', 'volumeattributesclasses', { shortNames: ['vac'] }),
];
