import {
  string,
  int32,
  boolean,
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
import { meta, flowcontrol, time } from './packages.js';
import type { TypeSchema } from './types.js';

export const flowcontrolV1Types: readonly TypeSchema[] = [
  flowcontrol.kind('FlowSchema', 'Classifies requests into a priority level and flows.', [
    opt('metadata', 1, meta.ref('ObjectMeta'), 'Standard object metadata.'),
    opt('spec', 2, flowcontrol.ref('FlowSchemaSpec'), 'The desired state.'),
    opt('status', 3, flowcontrol.ref('FlowSchemaStatus'), 'The observed state, written by the system.'),
  ]),
  flowcontrol.list('FlowSchema'),
  flowcontrol.type(
    'FlowSchemaSpec',
    'The priority level, precedence, distinguisher and rules of a flow schema.',
    [
      req('priorityLevelConfiguration', 1, flowcontrol.ref('PriorityLevelConfigurationReference')),
      always('matchingPrecedence', 2, int32),
      ptr('distinguisherMethod', 3, flowcontrol.ref('FlowDistinguisherMethod')),
      opt('rules', 4, arrayOf(flowcontrol.ref('PolicyRulesWithSubjects'), atomic)),
    ],
  ),
  flowcontrol.type('FlowSchemaStatus', 'The observed conditions of a flow schema.', [
    opt('conditions', 1, arrayOf(flowcontrol.ref('FlowSchemaCondition'), keyedBy('type'), merge('type'))),
  ]),
  flowcontrol.type('PriorityLevelConfigurationReference', undefined, [req('name', 1, string)]),
  flowcontrol.type('FlowDistinguisherMethod', undefined, [req('type', 1, string)]),
  flowcontrol.type('PolicyRulesWithSubjects', undefined, [
    req('subjects', 1, arrayOf(flowcontrol.ref('Subject'), atomic)),
    opt('resourceRules', 2, arrayOf(flowcontrol.ref('ResourcePolicyRule'), atomic)),
    opt('nonResourceRules', 3, arrayOf(flowcontrol.ref('NonResourcePolicyRule'), atomic)),
  ]),
  flowcontrol.type('FlowSchemaCondition', undefined, [
    opt('type', 1, string),
    opt('status', 2, string),
    opt('lastTransitionTime', 3, time),
    opt('reason', 4, string),
    opt('message', 5, string),
  ]),
  flowcontrol.type('Subject', undefined, [
    req('kind', 1, string),
    ptr('user', 2, flowcontrol.ref('UserSubject')),
    ptr('group', 3, flowcontrol.ref('GroupSubject')),
    ptr('serviceAccount', 4, flowcontrol.ref('ServiceAccountSubject')),
  ]),
  flowcontrol.type('ResourcePolicyRule', undefined, [
    req('verbs', 1, arrayOf(string, asSet)),
    req('apiGroups', 2, arrayOf(string, asSet)),
    req('resources', 3, arrayOf(string, asSet)),
    opt('clusterScope', 4, boolean),
    always('namespaces', 5, arrayOf(string, asSet)),
  ]),
  flowcontrol.type('NonResourcePolicyRule', undefined, [
    req('verbs', 1, arrayOf(string, asSet)),
    req('nonResourceURLs', 6, arrayOf(string, asSet)),
  ]),
  flowcontrol.type('UserSubject', undefined, [req('name', 1, string)]),
  flowcontrol.type('GroupSubject', undefined, [req('name', 1, string)]),
  flowcontrol.type('ServiceAccountSubject', undefined, [req('namespace', 1, string), req('name', 2, string)]),
  flowcontrol.kind(
    'PriorityLevelConfiguration',
    'A share of API server concurrency and how its requests queue.',
    [
      opt('metadata', 1, meta.ref('ObjectMeta'), 'Standard object metadata.'),
      opt('spec', 2, flowcontrol.ref('PriorityLevelConfigurationSpec'), 'The desired state.'),
      opt(
        'status',
        3,
        flowcontrol.ref('PriorityLevelConfigurationStatus'),
        'The observed state, written by the system.',
      ),
    ],
  ),
  flowcontrol.list('PriorityLevelConfiguration'),
  flowcontrol.type(
    'PriorityLevelConfigurationSpec',
    'Whether a priority level is exempt or limited, and its limits.',
    [
      req('type', 1, string),
      ptr('limited', 2, flowcontrol.ref('LimitedPriorityLevelConfiguration')),
      ptr('exempt', 3, flowcontrol.ref('ExemptPriorityLevelConfiguration')),
    ],
  ),
  flowcontrol.type('PriorityLevelConfigurationStatus', 'The observed conditions of a priority level.', [
    opt(
      'conditions',
      1,
      arrayOf(flowcontrol.ref('PriorityLevelConfigurationCondition'), keyedBy('type'), merge('type')),
    ),
  ]),
  flowcontrol.type('LimitedPriorityLevelConfiguration', undefined, [
    ptr('nominalConcurrencyShares', 1, int32, { omitEmpty: false }),
    opt('limitResponse', 2, flowcontrol.ref('LimitResponse')),
    ptr('lendablePercent', 3, int32),
    ptr('borrowingLimitPercent', 4, int32),
  ]),
  flowcontrol.type('ExemptPriorityLevelConfiguration', undefined, [
    ptr('nominalConcurrencyShares', 1, int32),
    ptr('lendablePercent', 2, int32),
  ]),
  flowcontrol.type('PriorityLevelConfigurationCondition', undefined, [
    opt('type', 1, string),
    opt('status', 2, string),
    opt('lastTransitionTime', 3, time),
    opt('reason', 4, string),
    opt('message', 5, string),
  ]),
  flowcontrol.type('LimitResponse', undefined, [
    req('type', 1, string),
    ptr('queuing', 2, flowcontrol.ref('QueuingConfiguration')),
  ]),
  flowcontrol.type('QueuingConfiguration', undefined, [
    always('queues', 1, int32),
    always('handSize', 2, int32),
    always('queueLengthLimit', 3, int32),
  ]),
];
