export {
  anonymousUser,
  authenticateRequest,
  clusterExtraKey,
  parseTokenFile,
  StaticTokenAuthenticator,
  x509Authenticator,
  type Authenticator,
  type Credentials,
} from './authentication.js';
export {
  clusterBoundaryAuthorizer,
  forbiddenFor,
  superuserGroup,
  type Authorizer,
  type Decision,
} from './authorization.js';
export { renderKubeconfig, type KubeconfigInput } from './kubeconfig.js';
export {
  ensurePki,
  loadAuthority,
  type CertificateAuthority,
  type ClientCertificateRequest,
  type KeyPairPem,
  type ServerPki,
} from './pki.js';
export { PolicyCache } from './policy-cache.js';
export {
  aggregateClusterRoles,
  checkBindingWrite,
  checkRoleWrite,
  decodeClusterRole,
  decodeRoleBinding,
  evaluate,
  isOnlyMutatingGCFields,
  rbacAuthorizer,
  type PolicySource,
} from './rbac/index.js';
export { registerAccessReviews, type AccessReviewDeps } from './access-reviews.js';
export { shareBootstrapPolicy } from './shared-policy.js';
export {
  defaultIssuer,
  ensureServiceAccountKey,
  ServiceAccountTokens,
  serviceAccountUsername,
} from './service-account-tokens.js';
export { registryObjectReader, ServiceAccountAuthenticator } from './service-account-authenticator.js';
export { tokenRequestAction } from './token-request.js';
