import type { RequestContext, RequestInfo, UserInfo } from '../machinery/context.js';
import { badRequest, invalid } from '../machinery/errors.js';
import { isRecord, type KubeObject } from '../machinery/object.js';
import type { Registry, SubresourceAction } from '../registry/index.js';
import { authenticateRequest, type Authenticator } from './authentication.js';
import type { Authorizer } from './authorization.js';
import type { PolicyCache } from './policy-cache.js';
import { rulesFor } from './rbac/index.js';

const authorizationGroup = 'authorization.k8s.io';
const authenticationGroup = 'authentication.k8s.io';

function stringField(record: Record<string, unknown>, field: string): string {
  const value = record[field];
  return typeof value === 'string' ? value : '';
}

function stringList(value: unknown): string[] {
  return Array.isArray(value) ? value.filter((v): v is string => typeof v === 'string') : [];
}

/** The attributes a SubjectAccessReview spec asks about, as the RequestInfo the authorizer reads. */
function attributesOf(spec: Record<string, unknown>, kind: string): RequestInfo {
  const resource = isRecord(spec.resourceAttributes) ? spec.resourceAttributes : undefined;
  const nonResource = isRecord(spec.nonResourceAttributes) ? spec.nonResourceAttributes : undefined;
  if ((resource === undefined) === (nonResource === undefined)) {
    throw invalid(authorizationGroup, kind, '', [
      {
        type: 'FieldValueInvalid',
        field: 'spec.resourceAttributes',
        value: resource ?? null,
        detail: 'exactly one of nonResourceAttributes or resourceAttributes must be specified',
      },
    ]);
  }
  if (nonResource !== undefined) {
    return {
      isResourceRequest: false,
      path: stringField(nonResource, 'path'),
      verb: stringField(nonResource, 'verb'),
      apiPrefix: '',
      apiGroup: '',
      apiVersion: '',
      namespace: '',
      resource: '',
      subresource: '',
      name: '',
      parts: [],
    };
  }
  const attrs = resource ?? {};
  return {
    isResourceRequest: true,
    path: '',
    verb: stringField(attrs, 'verb'),
    apiPrefix: '',
    apiGroup: stringField(attrs, 'group'),
    apiVersion: stringField(attrs, 'version'),
    namespace: stringField(attrs, 'namespace'),
    resource: stringField(attrs, 'resource'),
    subresource: stringField(attrs, 'subresource'),
    name: stringField(attrs, 'name'),
    parts: [],
  };
}

function specOf(body: KubeObject): Record<string, unknown> {
  return isRecord(body.spec) ? body.spec : {};
}

/** The review echoed back with its status, as upstream answers every review kind. */
function answer(body: KubeObject, group: string, kind: string, status: Record<string, unknown>): KubeObject {
  return {
    apiVersion: `${group}/v1`,
    kind,
    metadata: { ...body.metadata },
    spec: specOf(body),
    status,
  };
}

async function review(authorizer: Authorizer, ctx: RequestContext, user: UserInfo, info: RequestInfo) {
  const result = await authorizer.authorize({ ...ctx, user, info });
  return {
    allowed: result.decision === 'allow',
    ...(result.decision === 'deny' ? { denied: true } : {}),
    ...(result.reason === '' ? {} : { reason: result.reason }),
  };
}

function userFromSpec(spec: Record<string, unknown>): UserInfo {
  const extra = isRecord(spec.extra) ? spec.extra : {};
  return {
    name: stringField(spec, 'user'),
    uid: stringField(spec, 'uid'),
    groups: stringList(spec.groups),
    extra: Object.fromEntries(Object.entries(extra).map(([k, v]) => [k, stringList(v)])),
  };
}

export interface AccessReviewDeps {
  readonly authorizer: Authorizer;
  readonly policies: PolicyCache;
  readonly authenticators: readonly Authenticator[];
}

/**
 * The create-only review APIs (upstream pkg/registry/authorization and authentication): whether a user may
 * do something (SubjectAccessReview and its Local and Self forms), what the caller may do in a namespace
 * (SelfSubjectRulesReview, for `kubectl auth can-i --list`), who the caller is (SelfSubjectReview, for
 * `kubectl auth whoami`) and whom a token names (TokenReview). Answers are computed, never stored.
 */
export function registerAccessReviews(registry: Registry, deps: AccessReviewDeps): void {
  const on = (group: string, plural: string, action: SubresourceAction['create']): void =>
    registry.registerAction(group, plural, '', { create: action });

  on(authorizationGroup, 'selfsubjectaccessreviews', async (ctx, _ns, _name, body) => {
    const info = attributesOf(specOf(body), 'SelfSubjectAccessReview');
    return answer(
      body,
      authorizationGroup,
      'SelfSubjectAccessReview',
      await review(deps.authorizer, ctx, ctx.user, info),
    );
  });

  on(authorizationGroup, 'subjectaccessreviews', async (ctx, _ns, _name, body) => {
    const spec = specOf(body);
    const info = attributesOf(spec, 'SubjectAccessReview');
    const user = userFromSpec(spec);
    if (user.name === '' && user.groups.length === 0) {
      throw invalid(authorizationGroup, 'SubjectAccessReview', '', [
        {
          type: 'FieldValueInvalid',
          field: 'spec.user',
          value: '',
          detail: 'at least one of user or group must be specified',
        },
      ]);
    }
    return answer(
      body,
      authorizationGroup,
      'SubjectAccessReview',
      await review(deps.authorizer, ctx, user, info),
    );
  });

  on(authorizationGroup, 'localsubjectaccessreviews', async (ctx, namespace, _name, body) => {
    const spec = specOf(body);
    const info = attributesOf(spec, 'LocalSubjectAccessReview');
    if (info.namespace !== namespace) {
      throw badRequest(`spec.resourceAttributes.namespace must match namespace: ${namespace}`);
    }
    const user = userFromSpec(spec);
    return answer(
      body,
      authorizationGroup,
      'LocalSubjectAccessReview',
      await review(deps.authorizer, ctx, user, info),
    );
  });

  on(authorizationGroup, 'selfsubjectrulesreviews', async (ctx, _ns, _name, body) => {
    const namespace = stringField(specOf(body), 'namespace');
    const effective = rulesFor(ctx.user, namespace, await deps.policies.policyFor(ctx));
    return answer(body, authorizationGroup, 'SelfSubjectRulesReview', {
      resourceRules: effective.resourceRules,
      nonResourceRules: effective.nonResourceRules,
      incomplete: effective.incomplete,
      ...(effective.evaluationError === '' ? {} : { evaluationError: effective.evaluationError }),
    });
  });

  on(authenticationGroup, 'selfsubjectreviews', (ctx, _ns, _name, body) =>
    Promise.resolve(
      answer(body, authenticationGroup, 'SelfSubjectReview', {
        userInfo: {
          username: ctx.user.name,
          ...(ctx.user.uid === '' ? {} : { uid: ctx.user.uid }),
          groups: ctx.user.groups,
          ...(Object.keys(ctx.user.extra).length === 0 ? {} : { extra: ctx.user.extra }),
        },
      }),
    ),
  );

  on(authenticationGroup, 'tokenreviews', async (_ctx, _ns, _name, body) => {
    const token = stringField(specOf(body), 'token');
    const result = await authenticateRequest(deps.authenticators, { authorization: `Bearer ${token}` });
    const status =
      result.kind === 'authenticated' && token !== ''
        ? {
            authenticated: true,
            user: { username: result.user.name, uid: result.user.uid, groups: result.user.groups },
            audiences: [],
          }
        : { user: {}, error: 'invalid bearer token' };
    return answer(body, authenticationGroup, 'TokenReview', status);
  });
}
