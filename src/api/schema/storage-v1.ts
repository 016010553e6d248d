import {
  string,
  int32,
  int64,
  boolean,
  enumOf,
  mapOf,
  arrayOf,
  atomic,
  asSet,
  keyedBy,
  merge,
  opt,
  ptr,
  req,
  always,
} from './build.js';
import { meta, core, storage, time, quantity } from './packages.js';
import type { TypeSchema } from './types.js';

export const storageV1Types: readonly TypeSchema[] = [
  storage.kind('CSIDriver', 'A CSI volume driver installed in the cluster and how to call it.', [
    opt('metadata', 1, meta.ref('ObjectMeta'), 'Standard object metadata.'),
    req('spec', 2, storage.ref('CSIDriverSpec'), 'The desired state.'),
  ]),
  storage.list('CSIDriver'),
  storage.type('CSIDriverSpec', 'The capabilities and calling conventions of a CSI driver.', [
    ptr('attachRequired', 1, boolean),
    ptr('podInfoOnMount', 2, boolean),
    opt('volumeLifecycleModes', 3, arrayOf(string, asSet)),
    ptr('storageCapacity', 4, boolean),
    ptr('fsGroupPolicy', 5, string),
    opt('tokenRequests', 6, arrayOf(storage.ref('TokenRequest'), atomic)),
    ptr('requiresRepublish', 7, boolean),
    ptr('seLinuxMount', 8, boolean),
    ptr('nodeAllocatableUpdatePeriodSeconds', 9, int64),
    ptr('serviceAccountTokenInSecrets', 10, boolean),
  ]),
  storage.type('TokenRequest', undefined, [req('audience', 1, string), ptr('expirationSeconds', 2, int64)]),
  storage.kind('CSINode', 'The CSI drivers installed on a node.', [
    opt('metadata', 1, meta.ref('ObjectMeta'), 'Standard object metadata.'),
    req('spec', 2, storage.ref('CSINodeSpec'), 'The desired state.'),
  ]),
  storage.list('CSINode'),
  storage.type('CSINodeSpec', 'The CSI drivers registered on a node.', [
    req('drivers', 1, arrayOf(storage.ref('CSINodeDriver'), keyedBy('name'), merge('name'))),
  ]),
  storage.type('CSINodeDriver', undefined, [
    req('name', 1, string),
    req('nodeID', 2, string),
    always('topologyKeys', 3, arrayOf(string, atomic)),
    ptr('allocatable', 4, storage.ref('VolumeNodeResources')),
  ]),
  storage.type('VolumeNodeResources', undefined, [ptr('count', 1, int32)]),
  storage.kind(
    'CSIStorageCapacity',
    'Storage capacity a CSI driver reports for a topology segment and class.',
    [
      opt('metadata', 1, meta.ref('ObjectMeta'), 'Standard object metadata.'),
      ptr('nodeTopology', 2, meta.ref('LabelSelector')),
      req('storageClassName', 3, string),
      ptr('capacity', 4, quantity),
      ptr('maximumVolumeSize', 5, quantity),
    ],
  ),
  storage.list('CSIStorageCapacity'),
  storage.kind('StorageClass', 'A class of dynamically provisioned storage.', [
    opt('metadata', 1, meta.ref('ObjectMeta'), 'Standard object metadata.'),
    req('provisioner', 2, string),
    opt('parameters', 3, mapOf(string)),
    ptr('reclaimPolicy', 4, enumOf('Recycle', 'Delete', 'Retain')),
    opt('mountOptions', 5, arrayOf(string, atomic)),
    ptr('allowVolumeExpansion', 6, boolean),
    ptr('volumeBindingMode', 7, enumOf('Immediate', 'WaitForFirstConsumer')),
    opt('allowedTopologies', 8, arrayOf(core.ref('TopologySelectorTerm'), atomic)),
  ]),
  storage.list('StorageClass'),
  storage.kind('VolumeAttachment', 'A request to attach a volume to a node.', [
    opt('metadata', 1, meta.ref('ObjectMeta'), 'Standard object metadata.'),
    req('spec', 2, storage.ref('VolumeAttachmentSpec'), 'The desired state.'),
    opt('status', 3, storage.ref('VolumeAttachmentStatus'), 'The observed state, written by the system.'),
  ]),
  storage.list('VolumeAttachment'),
  storage.type('VolumeAttachmentSpec', 'The attacher, volume and node of an attachment.', [
    req('attacher', 1, string),
    req('source', 2, storage.ref('VolumeAttachmentSource')),
    req('nodeName', 3, string),
  ]),
  storage.type('VolumeAttachmentStatus', 'The observed attach and detach state of an attachment.', [
    req('attached', 1, boolean),
    opt('attachmentMetadata', 2, mapOf(string)),
    ptr('attachError', 3, storage.ref('VolumeError')),
    ptr('detachError', 4, storage.ref('VolumeError')),
  ]),
  storage.type('VolumeAttachmentSource', undefined, [
    ptr('persistentVolumeName', 1, string),
    ptr('inlineVolumeSpec', 2, core.ref('PersistentVolumeSpec')),
  ]),
  storage.type('VolumeError', undefined, [
    opt('time', 1, time),
    opt('message', 2, string),
    ptr('errorCode', 3, int32),
  ]),
  storage.kind(
    'VolumeAttributesClass',
    'Mutable attributes (such as IOPS) that a CSI driver applies to volumes.',
    [
      opt('metadata', 1, meta.ref('ObjectMeta'), 'Standard object metadata.'),
      req('driverName', 2, string),
      opt('parameters', 3, mapOf(string)),
    ],
  ),
  storage.list('VolumeAttributesClass'),
];
