import type { ResourceDefinition } from '../types.js';
import { groupVersion } from './define.js';

/** Requests answered at once and never stored (upstream's authentication and authorization APIs). */
const authentication = groupVersion('authentication.k8s.io', 'v1');
const authorization = groupVersion('authorization.k8s.io', 'v1');
const createOnly = { verbs: ['create'] as const };

export const authenticationResources: readonly ResourceDefinition[] = [
  authentication.cluster('SelfSubjectReview', 'selfsubjectreviews', createOnly),
  authentication.cluster('TokenReview', 'tokenreviews', createOnly),
];

export const authorizationResources: readonly ResourceDefinition[] = [
  authorization.namespaced('LocalSubjectAccessReview', 'localsubjectaccessreviews', createOnly),
  authorization.cluster('SelfSubjectAccessReview', 'selfsubjectaccessreviews', createOnly),
  authorization.cluster('SelfSubjectRulesReview', 'selfsubjectrulesreviews', createOnly),
  authorization.cluster('SubjectAccessReview', 'subjectaccessreviews', createOnly),
];
