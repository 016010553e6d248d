import { clusterOf, type RequestContext } from '../machinery/context.js';
import { badRequest, conflict, invalid, isStatusError, type FieldError } from '../machinery/errors.js';
import { isRecord, type KubeObject } from '../machinery/object.js';
import type { Registry, ResourceStore, SubresourceAction } from '../registry/index.js';
import type { ObjectRef, ServiceAccountTokens } from './service-account-tokens.js';

const authenticationGroup = 'authentication.k8s.io';
const tokenRequestKind = 'TokenRequest';
/** Upstream SetDefaults_TokenRequestSpec: one hour. */
const defaultExpirationSeconds = 3600;
/** Upstream ValidateTokenRequest bounds: at least 10 minutes, at most 2^32 seconds. */
const minExpirationSeconds = 600;
const maxExpirationSeconds = 2 ** 32;

interface BoundObjectRef {
  readonly kind: string;
  readonly apiVersion: string;
  readonly name: string;
  readonly uid: string;
}

interface TokenRequestSpec {
  readonly audiences: readonly string[];
  readonly expirationSeconds: number;
  readonly boundObjectRef?: BoundObjectRef;
}

/** The objects a token may be bound to, with the claims they add. */
interface Binding {
  readonly pod?: ObjectRef;
  readonly secret?: ObjectRef;
  readonly node?: ObjectRef;
}

function stringOf(record: Record<string, unknown>, field: string): string {
  const value = record[field];
  return typeof value === 'string' ? value : '';
}

function optionalAudiences(value: unknown): readonly string[] | undefined {
  if (value === undefined || value === null) return undefined;
  if (Array.isArray(value) && value.every((a): a is string => typeof a === 'string')) return value;
  throw badRequest('TokenRequest spec.audiences must be a list of strings');
}

function optionalInteger(value: unknown): number | undefined {
  if (value === undefined || value === null) return undefined;
  if (typeof value === 'number' && Number.isSafeInteger(value)) return value;
  throw badRequest('TokenRequest spec.expirationSeconds must be an integer');
}

function optionalRef(value: unknown): BoundObjectRef | undefined {
  if (value === undefined || value === null) return undefined;
  if (!isRecord(value)) throw badRequest('TokenRequest spec.boundObjectRef must be an object');
  return {
    kind: stringOf(value, 'kind'),
    apiVersion: stringOf(value, 'apiVersion'),
    name: stringOf(value, 'name'),
    uid: stringOf(value, 'uid'),
  };
}

/** Decodes and defaults the spec as upstream's decoding would; a field of the wrong type is a 400. */
function decodeSpec(body: KubeObject, apiAudiences: readonly string[]): TokenRequestSpec {
  const spec = isRecord(body.spec) ? body.spec : {};
  const audiences = optionalAudiences(spec.audiences);
  const boundObjectRef = optionalRef(spec.boundObjectRef);
  return {
    audiences: audiences === undefined || audiences.length === 0 ? apiAudiences : audiences,
    expirationSeconds: optionalInteger(spec.expirationSeconds) ?? defaultExpirationSeconds,
    ...(boundObjectRef === undefined ? {} : { boundObjectRef }),
  };
}

/** Upstream ValidateTokenRequest. */
function validateSpec(spec: TokenRequestSpec): FieldError[] {
  const errors: FieldError[] = [];
  const field = 'spec.expirationSeconds';
  const value = spec.expirationSeconds;
  if (value < minExpirationSeconds) {
    errors.push({
      type: 'FieldValueInvalid',
      field,
      value,
      detail: 'may not specify a duration less than 10 minutes',
    });
  }
  if (value > maxExpirationSeconds) {
    errors.push({
      type: 'FieldValueInvalid',
      field,
      value,
      detail: 'may not specify a duration larger than 2^32 seconds',
    });
  }
  return errors;
}

/** The body may name the ServiceAccount and namespace, but only those of the URL. */
function checkBodyNames(body: KubeObject, namespace: string, name: string): void {
  const errors: FieldError[] = [];
  const { metadata } = body;
  if (metadata.name !== undefined && metadata.name !== '' && metadata.name !== name) {
    errors.push({
      type: 'FieldValueInvalid',
      field: 'metadata.name',
      value: metadata.name,
      detail: 'must match the service account name if specified',
    });
  }
  if (metadata.namespace !== undefined && metadata.namespace !== '' && metadata.namespace !== namespace) {
    errors.push({
      type: 'FieldValueInvalid',
      field: 'metadata.namespace',
      value: metadata.namespace,
      detail: 'must match the service account namespace if specified',
    });
  }
  if (errors.length > 0) throw invalid(authenticationGroup, tokenRequestKind, name, errors);
}

function rfc3339(date: Date): string {
  return date.toISOString().replace(/\.\d{3}Z$/, 'Z');
}

/** Go's GroupVersionKind.String(), as upstream prints an unsupported bound kind. */
function gvkString(ref: BoundObjectRef): string {
  const slash = ref.apiVersion.indexOf('/');
  const group = slash < 0 ? '' : ref.apiVersion.slice(0, slash);
  const version = slash < 0 ? ref.apiVersion : ref.apiVersion.slice(slash + 1);
  return `${group}/${version}, Kind=${ref.kind}`;
}

function coreStore(registry: Registry, plural: string): ResourceStore {
  const rs = registry.preferred('', plural);
  if (rs === undefined) throw new Error(`core resource ${plural} must be registered for TokenRequest`);
  return rs;
}

/**
 * TokenRequest, POST `serviceaccounts/<name>/token` (upstream pkg/registry/core/serviceaccount/storage/
 * token.go): issues a token for an existing ServiceAccount of the request's logical cluster, optionally
 * bound to a Pod, Secret or Node of it, and answers the TokenRequest with status.token and
 * status.expirationTimestamp. Nothing is stored.
 */
export function tokenRequestAction(registry: Registry, tokens: ServiceAccountTokens): SubresourceAction {
  const stores = {
    serviceAccounts: coreStore(registry, 'serviceaccounts'),
    pods: coreStore(registry, 'pods'),
    secrets: coreStore(registry, 'secrets'),
    nodes: coreStore(registry, 'nodes'),
  };

  /** Resolves the bound object (upstream's switch on the reference's group and kind). */
  const bind = async (
    ctx: RequestContext,
    namespace: string,
    name: string,
    ref: BoundObjectRef,
  ): Promise<Binding> => {
    const group = ref.apiVersion.includes('/') ? ref.apiVersion.slice(0, ref.apiVersion.indexOf('/')) : '';
    let binding: Binding;
    let uid: string;
    if (group === '' && ref.kind === 'Pod') {
      const pod = await stores.pods.get(ctx, namespace, ref.name);
      const spec = isRecord(pod.spec) ? pod.spec : {};
      if (stringOf(spec, 'serviceAccountName') !== name) {
        throw badRequest(
          `cannot bind token for serviceaccount "${name}" to pod running with different serviceaccount name.`,
        );
      }
      uid = pod.metadata.uid ?? '';
      const nodeName = stringOf(spec, 'nodeName');
      binding = {
        pod: { name: ref.name, uid },
        ...(nodeName === '' ? {} : { node: { name: nodeName, uid: await nodeUid(ctx, nodeName) } }),
      };
    } else if (group === '' && ref.kind === 'Secret') {
      uid = (await stores.secrets.get(ctx, namespace, ref.name)).metadata.uid ?? '';
      binding = { secret: { name: ref.name, uid } };
    } else if (group === '' && ref.kind === 'Node') {
      uid = (await stores.nodes.get(ctx, '', ref.name)).metadata.uid ?? '';
      binding = { node: { name: ref.name, uid } };
    } else {
      throw badRequest(`cannot bind token to object of type ${gvkString(ref)}`);
    }
    if (ref.uid !== '' && ref.uid !== uid) {
      throw conflict(
        { group, resource: ref.kind },
        ref.name,
        `the UID in the bound object reference (${ref.uid}) does not match the UID in record. The object might have been deleted and then recreated`,
      );
    }
    return binding;
  };

  /** A pod-bound token names the pod's node for information; a missing node does not block issuance. */
  const nodeUid = async (ctx: RequestContext, nodeName: string): Promise<string> => {
    try {
      return (await stores.nodes.get(ctx, '', nodeName)).metadata.uid ?? '';
    } catch (error) {
      if (isStatusError(error, 'NotFound')) return '';
      throw error;
    }
  };

  return {
    async create(ctx, namespace, name, body) {
      checkBodyNames(body, namespace, name);
      // NotFound here reads as upstream's: serviceaccounts "<name>" not found.
      const serviceAccount = await stores.serviceAccounts.get(ctx, namespace, name);
      const spec = decodeSpec(body, tokens.apiAudiences);
      const errors = validateSpec(spec);
      if (errors.length > 0) throw invalid(authenticationGroup, tokenRequestKind, '', errors);
      const binding =
        spec.boundObjectRef === undefined ? {} : await bind(ctx, namespace, name, spec.boundObjectRef);
      const issued = tokens.issue({
        cluster: clusterOf(ctx),
        namespace,
        serviceAccount: { name, uid: serviceAccount.metadata.uid ?? '' },
        ...binding,
        audiences: spec.audiences,
        expirationSeconds: spec.expirationSeconds,
      });
      const issuedAt = new Date(issued.expiresAt.getTime() - spec.expirationSeconds * 1000);
      return {
        apiVersion: `${authenticationGroup}/v1`,
        kind: tokenRequestKind,
        metadata: { name, namespace, creationTimestamp: rfc3339(issuedAt) },
        spec: {
          audiences: spec.audiences,
          expirationSeconds: spec.expirationSeconds,
          boundObjectRef: spec.boundObjectRef ?? null,
        },
        status: { token: issued.token, expirationTimestamp: rfc3339(issued.expiresAt) },
      };
    },
  };
}
