import {
  string,
  int32,
  int64,
  bytes,
  enumOf,
  arrayOf,
  atomic,
  asSet,
  keyedBy,
  merge,
  opt,
  ptr,
  req,
  inline,
} from './build.js';
import { meta, admissionregistration } from './packages.js';
import type { TypeSchema } from './types.js';

export const admissionregistrationV1Types: readonly TypeSchema[] = [
  admissionregistration.kind(
    'MutatingWebhookConfiguration',
    'Webhooks that may change objects on admission.',
    [
      opt('metadata', 1, meta.ref('ObjectMeta'), 'Standard object metadata.'),
      opt(
        'webhooks',
        2,
        arrayOf(admissionregistration.ref('MutatingWebhook'), keyedBy('name'), merge('name')),
      ),
    ],
  ),
  admissionregistration.list('MutatingWebhookConfiguration'),
  admissionregistration.type('MutatingWebhook', undefined, [
    req('name', 1, string),
    req('clientConfig', 2, admissionregistration.ref('WebhookClientConfig')),
    opt('rules', 3, arrayOf(admissionregistration.ref('RuleWithOperations'), atomic)),
    ptr('failurePolicy', 4, enumOf('Ignore', 'Fail')),
    ptr('matchPolicy', 9, enumOf('Exact', 'Equivalent')),
    ptr('namespaceSelector', 5, meta.ref('LabelSelector')),
    ptr('objectSelector', 11, meta.ref('LabelSelector')),
    ptr('sideEffects', 6, enumOf('Unknown', 'None', 'Some', 'NoneOnDryRun'), {
      omitEmpty: false,
      required: true,
    }),
    ptr('timeoutSeconds', 7, int32),
    req('admissionReviewVersions', 8, arrayOf(string, atomic)),
    ptr('reinvocationPolicy', 10, enumOf('Never', 'IfNeeded')),
    opt(
      'matchConditions',
      12,
      arrayOf(admissionregistration.ref('MatchCondition'), keyedBy('name'), merge('name')),
    ),
  ]),
  admissionregistration.type('WebhookClientConfig', undefined, [
    ptr('url', 3, string),
    ptr('service', 1, admissionregistration.ref('ServiceReference')),
    opt('caBundle', 2, bytes),
  ]),
  admissionregistration.type('RuleWithOperations', undefined, [
    opt('operations', 1, arrayOf(enumOf('*', 'CREATE', 'UPDATE', 'DELETE', 'CONNECT'), atomic)),
    inline('rule', 2, admissionregistration.ref('Rule')),
  ]),
  admissionregistration.type('MatchCondition', undefined, [
    req('name', 1, string),
    req('expression', 2, string),
  ]),
  admissionregistration.type('ServiceReference', undefined, [
    req('namespace', 1, string),
    req('name', 2, string),
    ptr('path', 3, string),
    ptr('port', 4, int32),
  ]),
  admissionregistration.type('Rule', undefined, [
    opt('apiGroups', 1, arrayOf(string, atomic)),
    opt('apiVersions', 2, arrayOf(string, atomic)),
    opt('resources', 3, arrayOf(string, atomic)),
    ptr('scope', 4, enumOf('Cluster', 'Namespaced', '*')),
  ]),
  admissionregistration.kind('ValidatingAdmissionPolicy', 'CEL rules that validate objects on admission.', [
    opt('metadata', 1, meta.ref('ObjectMeta'), 'Standard object metadata.'),
    opt('spec', 2, admissionregistration.ref('ValidatingAdmissionPolicySpec'), 'The desired state.'),
    opt(
      'status',
      3,
      admissionregistration.ref('ValidatingAdmissionPolicyStatus'),
      'The observed state, written by the system.',
    ),
  ]),
  admissionregistration.list('ValidatingAdmissionPolicy'),
  admissionregistration.type(
    'ValidatingAdmissionPolicySpec',
    'The matched resources, parameters and CEL validations of a policy.',
    [
      ptr('paramKind', 1, admissionregistration.ref('ParamKind')),
      ptr('matchConstraints', 2, admissionregistration.ref('MatchResources')),
      opt('validations', 3, arrayOf(admissionregistration.ref('Validation'), atomic)),
      ptr('failurePolicy', 4, enumOf('Ignore', 'Fail')),
      opt('auditAnnotations', 5, arrayOf(admissionregistration.ref('AuditAnnotation'), atomic)),
      opt(
        'matchConditions',
        6,
        arrayOf(admissionregistration.ref('MatchCondition'), keyedBy('name'), merge('name')),
      ),
      opt('variables', 7, arrayOf(admissionregistration.ref('Variable'), keyedBy('name'), merge('name'))),
    ],
  ),
  admissionregistration.type(
    'ValidatingAdmissionPolicyStatus',
    'The observed type checking and conditions of a policy.',
    [
      opt('observedGeneration', 1, int64),
      ptr('typeChecking', 2, admissionregistration.ref('TypeChecking')),
      opt('conditions', 3, arrayOf(meta.ref('Condition'), keyedBy('type'))),
    ],
  ),
  admissionregistration.type('ParamKind', undefined, [opt('apiVersion', 1, string), opt('kind', 2, string)], {
    mapType: 'atomic',
  }),
  admissionregistration.type(
    'MatchResources',
    undefined,
    [
      ptr('namespaceSelector', 1, meta.ref('LabelSelector')),
      ptr('objectSelector', 2, meta.ref('LabelSelector')),
      opt('resourceRules', 3, arrayOf(admissionregistration.ref('NamedRuleWithOperations'), atomic)),
      opt('excludeResourceRules', 4, arrayOf(admissionregistration.ref('NamedRuleWithOperations'), atomic)),
      ptr('matchPolicy', 7, enumOf('Exact', 'Equivalent')),
    ],
    { mapType: 'atomic' },
  ),
  admissionregistration.type('Validation', undefined, [
    req('expression', 1, string),
    opt('message', 2, string),
    ptr('reason', 3, string),
    opt('messageExpression', 4, string),
  ]),
  admissionregistration.type('AuditAnnotation', undefined, [
    req('key', 1, string),
    req('valueExpression', 2, string),
  ]),
  admissionregistration.type('Variable', undefined, [req('name', 1, string), req('expression', 2, string)], {
    mapType: 'atomic',
  }),
  admissionregistration.type('TypeChecking', undefined, [
    opt('expressionWarnings', 1, arrayOf(admissionregistration.ref('ExpressionWarning'), atomic)),
  ]),
  admissionregistration.type(
    'NamedRuleWithOperations',
    undefined,
    [
      opt('resourceNames', 1, arrayOf(string, atomic)),
      inline('ruleWithOperations', 2, admissionregistration.ref('RuleWithOperations')),
    ],
    { mapType: 'atomic' },
  ),
  admissionregistration.type('ExpressionWarning', undefined, [
    req('fieldRef', 2, string),
    req('warning', 3, string),
  ]),
  admissionregistration.kind(
    'ValidatingAdmissionPolicyBinding',
    'Applies a validating admission policy to resources, with parameters.',
    [
      opt('metadata', 1, meta.ref('ObjectMeta'), 'Standard object metadata.'),
      opt('spec', 2, admissionregistration.ref('ValidatingAdmissionPolicyBindingSpec'), 'The desired state.'),
    ],
  ),
  admissionregistration.list('ValidatingAdmissionPolicyBinding'),
  admissionregistration.type(
    'ValidatingAdmissionPolicyBindingSpec',
    'The policy, parameters, match rules and actions of a binding.',
    [
      opt('policyName', 1, string),
      ptr('paramRef', 2, admissionregistration.ref('ParamRef')),
      ptr('matchResources', 3, admissionregistration.ref('MatchResources')),
      opt('validationActions', 4, arrayOf(enumOf('Deny', 'Warn', 'Audit'), asSet)),
    ],
  ),
  admissionregistration.type(
    'ParamRef',
    undefined,
    [
      opt('name', 1, string),
      opt('namespace', 2, string),
      ptr('selector', 3, meta.ref('LabelSelector')),
      ptr('parameterNotFoundAction', 4, string),
    ],
    { mapType: 'atomic' },
  ),
  admissionregistration.kind(
    'ValidatingWebhookConfiguration',
    'Webhooks that may reject objects on admission.',
    [
      opt('metadata', 1, meta.ref('ObjectMeta'), 'Standard object metadata.'),
      opt(
        'webhooks',
        2,
        arrayOf(admissionregistration.ref('ValidatingWebhook'), keyedBy('name'), merge('name')),
      ),
    ],
  ),
  admissionregistration.list('ValidatingWebhookConfiguration'),
  admissionregistration.type('ValidatingWebhook', undefined, [
    req('name', 1, string),
    req('clientConfig', 2, admissionregistration.ref('WebhookClientConfig')),
    opt('rules', 3, arrayOf(admissionregistration.ref('RuleWithOperations'), atomic)),
    ptr('failurePolicy', 4, enumOf('Ignore', 'Fail')),
    ptr('matchPolicy', 9, enumOf('Exact', 'Equivalent')),
    ptr('namespaceSelector', 5, meta.ref('LabelSelector')),
    ptr('objectSelector', 10, meta.ref('LabelSelector')),
    ptr('sideEffects', 6, enumOf('Unknown', 'None', 'Some', 'NoneOnDryRun'), {
      omitEmpty: false,
      required: true,
    }),
    ptr('timeoutSeconds', 7, int32),
    req('admissionReviewVersions', 8, arrayOf(string, atomic)),
    opt(
      'matchConditions',
      11,
      arrayOf(admissionregistration.ref('MatchCondition'), keyedBy('name'), merge('name')),
    ),
  ]),
];
