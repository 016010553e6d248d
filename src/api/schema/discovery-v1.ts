import {
  string,
  int32,
  boolean,
  enumOf,
  mapOf,
  arrayOf,
  atomic,
  asSet,
  opt,
  ptr,
  req,
  always,
} from './build.js';
import { meta, core, discovery } from './packages.js';
import type { TypeSchema } from './types.js';

export const discoveryV1Types: readonly TypeSchema[] = [
  discovery.kind('EndpointSlice', 'A subset of the network endpoints that back a service.', [
    opt('metadata', 1, meta.ref('ObjectMeta'), 'Standard object metadata.'),
    req('addressType', 4, string),
    req('endpoints', 2, arrayOf(discovery.ref('Endpoint'), atomic)),
    always('ports', 3, arrayOf(discovery.ref('EndpointPort'), atomic)),
  ]),
  discovery.list('EndpointSlice'),
  discovery.type('Endpoint', undefined, [
    req('addresses', 1, arrayOf(string, asSet)),
    opt('conditions', 2, discovery.ref('EndpointConditions')),
    ptr('hostname', 3, string),
    ptr('targetRef', 4, core.ref('ObjectReference')),
    opt('deprecatedTopology', 5, mapOf(string)),
    ptr('nodeName', 6, string),
    ptr('zone', 7, string),
    ptr('hints', 8, discovery.ref('EndpointHints')),
  ]),
  discovery.type(
    'EndpointPort',
    undefined,
    [
      ptr('name', 1, string),
      ptr('protocol', 2, enumOf('TCP', 'UDP', 'SCTP')),
      ptr('port', 3, int32),
      ptr('appProtocol', 4, string),
    ],
    { mapType: 'atomic' },
  ),
  discovery.type('EndpointConditions', undefined, [
    ptr('ready', 1, boolean),
    ptr('serving', 2, boolean),
    ptr('terminating', 3, boolean),
  ]),
  discovery.type('EndpointHints', undefined, [
    opt('forZones', 1, arrayOf(discovery.ref('ForZone'), atomic)),
    opt('forNodes', 2, arrayOf(discovery.ref('ForNode'), atomic)),
  ]),
  discovery.type('ForZone', undefined, [req('name', 1, string)]),
  discovery.type('ForNode', undefined, [req('name', 1, string)]),
];
