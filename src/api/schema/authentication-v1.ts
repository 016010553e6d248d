import { string, int64, boolean, mapOf, arrayOf, atomic, opt, ptr, req } from './build.js';
import { meta, authentication, time } from './packages.js';
import type { TypeSchema } from './types.js';

export const authenticationV1Types: readonly TypeSchema[] = [
  authentication.kind('TokenRequest', 'Requests a token for a service account.', [
    opt('metadata', 1, meta.ref('ObjectMeta'), 'Standard object metadata.'),
    req('spec', 2, authentication.ref('TokenRequestSpec'), 'The desired state.'),
    opt('status', 3, authentication.ref('TokenRequestStatus'), 'The observed state, written by the system.'),
  ]),
  authentication.type(
    'TokenRequestSpec',
    'The audiences, lifetime and bound object of the requested token.',
    [
      req('audiences', 1, arrayOf(string, atomic)),
      ptr('expirationSeconds', 4, int64, { omitEmpty: false }),
      ptr('boundObjectRef', 3, authentication.ref('BoundObjectReference'), { omitEmpty: false }),
    ],
  ),
  authentication.type('TokenRequestStatus', 'The issued token and its expiry.', [
    req('token', 1, string),
    req('expirationTimestamp', 2, time),
  ]),
  authentication.type('BoundObjectReference', undefined, [
    opt('kind', 1, string),
    opt('apiVersion', 2, string),
    opt('name', 3, string),
    opt('uid', 4, string),
  ]),
  authentication.kind('TokenReview', 'Asks who a bearer token authenticates as.', [
    opt('metadata', 1, meta.ref('ObjectMeta'), 'Standard object metadata.'),
    req('spec', 2, authentication.ref('TokenReviewSpec'), 'The desired state.'),
    opt('status', 3, authentication.ref('TokenReviewStatus'), 'The observed state, written by the system.'),
  ]),
  authentication.type('TokenReviewSpec', 'The token and the audiences to check it against.', [
    opt('token', 1, string),
    opt('audiences', 2, arrayOf(string, atomic)),
  ]),
  authentication.type('TokenReviewStatus', 'Whether the token is valid and the user it belongs to.', [
    opt('authenticated', 1, boolean),
    opt('user', 2, authentication.ref('UserInfo')),
    opt('audiences', 4, arrayOf(string, atomic)),
    opt('error', 3, string),
  ]),
  authentication.type('UserInfo', undefined, [
    opt('username', 1, string),
    opt('uid', 2, string),
    opt('groups', 3, arrayOf(string, atomic)),
    opt('extra', 4, mapOf(arrayOf(string))),
  ]),
  authentication.kind('SelfSubjectReview', 'Returns the attributes of the requesting user.', [
    opt('metadata', 1, meta.ref('ObjectMeta'), 'Standard object metadata.'),
    opt(
      'status',
      2,
      authentication.ref('SelfSubjectReviewStatus'),
      'The observed state, written by the system.',
    ),
  ]),
  authentication.type('SelfSubjectReviewStatus', 'The user information of the requester.', [
    opt('userInfo', 1, authentication.ref('UserInfo')),
  ]),
];
