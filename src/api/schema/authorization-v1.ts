import { string, boolean, mapOf, arrayOf, atomic, opt, ptr, req } from './build.js';
import { meta, authorization } from './packages.js';
import type { TypeSchema } from './types.js';

export const authorizationV1Types: readonly TypeSchema[] = [
  authorization.kind('SelfSubjectAccessReview', 'Asks whether the requesting user may perform an action.', [
    opt('metadata', 1, meta.ref('ObjectMeta'), 'Standard object metadata.'),
    req('spec', 2, authorization.ref('SelfSubjectAccessReviewSpec'), 'The desired state.'),
    opt(
      'status',
      3,
      authorization.ref('SubjectAccessReviewStatus'),
      'The observed state, written by the system.',
    ),
  ]),
  authorization.type('SelfSubjectAccessReviewSpec', 'The action the requesting user asks about.', [
    ptr('resourceAttributes', 1, authorization.ref('ResourceAttributes')),
    ptr('nonResourceAttributes', 2, authorization.ref('NonResourceAttributes')),
  ]),
  authorization.type('SubjectAccessReviewStatus', 'Whether the action is allowed or denied, and why.', [
    req('allowed', 1, boolean),
    opt('denied', 4, boolean),
    opt('reason', 2, string),
    opt('evaluationError', 3, string),
  ]),
  authorization.type('ResourceAttributes', undefined, [
    opt('namespace', 1, string),
    opt('verb', 2, string),
    opt('group', 3, string),
    opt('version', 4, string),
    opt('resource', 5, string),
    opt('subresource', 6, string),
    opt('name', 7, string),
    ptr('fieldSelector', 8, authorization.ref('FieldSelectorAttributes')),
    ptr('labelSelector', 9, authorization.ref('LabelSelectorAttributes')),
  ]),
  authorization.type('NonResourceAttributes', undefined, [opt('path', 1, string), opt('verb', 2, string)]),
  authorization.type('FieldSelectorAttributes', undefined, [
    opt('rawSelector', 1, string),
    opt('requirements', 2, arrayOf(meta.ref('FieldSelectorRequirement'), atomic)),
  ]),
  authorization.type('LabelSelectorAttributes', undefined, [
    opt('rawSelector', 1, string),
    opt('requirements', 2, arrayOf(meta.ref('LabelSelectorRequirement'), atomic)),
  ]),
  authorization.kind(
    'SelfSubjectRulesReview',
    'Lists the actions the requesting user may perform in a namespace.',
    [
      opt('metadata', 1, meta.ref('ObjectMeta'), 'Standard object metadata.'),
      req('spec', 2, authorization.ref('SelfSubjectRulesReviewSpec'), 'The desired state.'),
      opt(
        'status',
        3,
        authorization.ref('SubjectRulesReviewStatus'),
        'The observed state, written by the system.',
      ),
    ],
  ),
  authorization.type('SelfSubjectRulesReviewSpec', 'The namespace to list the rules for.', [
    opt('namespace', 1, string),
  ]),
  authorization.type('SubjectRulesReviewStatus', 'The resource and non-resource rules that apply.', [
    req('resourceRules', 1, arrayOf(authorization.ref('ResourceRule'), atomic)),
    req('nonResourceRules', 2, arrayOf(authorization.ref('NonResourceRule'), atomic)),
    req('incomplete', 3, boolean),
    opt('evaluationError', 4, string),
  ]),
  authorization.type('ResourceRule', undefined, [
    req('verbs', 1, arrayOf(string, atomic)),
    opt('apiGroups', 2, arrayOf(string, atomic)),
    opt('resources', 3, arrayOf(string, atomic)),
    opt('resourceNames', 4, arrayOf(string, atomic)),
  ]),
  authorization.type('NonResourceRule', undefined, [
    req('verbs', 1, arrayOf(string, atomic)),
    opt('nonResourceURLs', 2, arrayOf(string, atomic)),
  ]),
  authorization.kind('SubjectAccessReview', 'Asks whether a given user may perform an action.', [
    opt('metadata', 1, meta.ref('ObjectMeta'), 'Standard object metadata.'),
    req('spec', 2, authorization.ref('SubjectAccessReviewSpec'), 'The desired state.'),
    opt(
      'status',
      3,
      authorization.ref('SubjectAccessReviewStatus'),
      'The observed state, written by the system.',
    ),
  ]),
  authorization.type('SubjectAccessReviewSpec', 'The user and the action to check.', [
    ptr('resourceAttributes', 1, authorization.ref('ResourceAttributes')),
    ptr('nonResourceAttributes', 2, authorization.ref('NonResourceAttributes')),
    opt('user', 3, string),
    opt('groups', 4, arrayOf(string, atomic)),
    opt('extra', 5, mapOf(arrayOf(string))),
    opt('uid', 6, string),
  ]),
  authorization.kind(
    'LocalSubjectAccessReview',
    'Asks whether a given user may perform an action in one namespace.',
    [
      opt('metadata', 1, meta.ref('ObjectMeta'), 'Standard object metadata.'),
      req('spec', 2, authorization.ref('SubjectAccessReviewSpec'), 'The desired state.'),
      opt(
        'status',
        3,
        authorization.ref('SubjectAccessReviewStatus'),
        'The observed state, written by the system.',
      ),
    ],
  ),
];
