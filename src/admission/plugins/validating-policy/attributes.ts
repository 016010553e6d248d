/**
 * What policies and webhooks see of a request (upstream admission.Attributes), and its admission.k8s.io/v1
 * AdmissionRequest form, which is both CEL's `request` variable and the body of an AdmissionReview.
 */
import type { GroupVersionKind } from '../../../api/types.js';
import { clusterOf, type RequestContext, type UserInfo } from '../../../machinery/context.js';
import type { KubeObject } from '../../../machinery/object.js';
import type { AdmissionOperation, AdmissionRequest, Registry } from '../../../registry/index.js';

export interface GroupVersionResource {
  readonly group: string;
  readonly version: string;
  readonly resource: string;
}

export interface AdmissionAttributes {
  readonly operation: AdmissionOperation;
  readonly kind: GroupVersionKind;
  readonly resource: GroupVersionResource;
  readonly subresource: string;
  /** Upstream's attribute namespace: a Namespace's own name when it is updated or deleted. */
  readonly namespace: string;
  readonly name: string;
  /** The object after the mutations so far; mutating webhooks replace its contents. */
  readonly object: KubeObject | undefined;
  readonly oldObject: KubeObject | undefined;
  readonly dryRun: boolean;
  readonly user: UserInfo;
  /** Other served versions of the same group and resource (matchPolicy Equivalent). */
  readonly equivalentVersions: readonly string[];
}

export function admissionAttributes(
  ctx: RequestContext,
  request: Readonly<AdmissionRequest>,
  registry: Registry,
): AdmissionAttributes {
  const def = request.resource;
  const responseKind = def.subresources.find((s) => s.name === request.subresource)?.responseKind;
  const isNamespace = def.group === '' && def.plural === 'namespaces';
  const equivalentVersions = registry
    .servedIn({ kind: 'one', name: clusterOf(ctx) })
    .filter(
      (rs) => rs.def.group === def.group && rs.def.plural === def.plural && rs.def.version !== def.version,
    )
    .map((rs) => rs.def.version);
  return {
    operation: request.operation,
    kind:
      request.subresource === '' || responseKind === undefined
        ? { group: def.group, version: def.version, kind: def.kind }
        : responseKind,
    resource: { group: def.group, version: def.version, resource: def.plural },
    subresource: request.subresource,
    namespace: isNamespace && request.operation !== 'CREATE' ? request.name : request.namespace,
    name: request.name,
    object: request.object,
    oldObject: request.oldObject,
    dryRun: request.dryRun,
    user: ctx.user,
    equivalentVersions,
  };
}

/**
 * Upstream IsExemptAdmissionConfigurationResource: policies and webhooks never apply to their own
 * configuration objects, so a broken one can always be fixed.
 */
export function isAdmissionConfiguration(attrs: AdmissionAttributes): boolean {
  return (
    attrs.kind.group === 'admissionregistration.k8s.io' &&
    [
      'ValidatingWebhookConfiguration',
      'MutatingWebhookConfiguration',
      'ValidatingAdmissionPolicy',
      'ValidatingAdmissionPolicyBinding',
      'MutatingAdmissionPolicy',
      'MutatingAdmissionPolicyBinding',
    ].includes(attrs.kind.kind)
  );
}

/** Upstream extractResourceName: the name for "<resource> \"<name>\" is forbidden" messages. */
export function nameForErrors(attrs: AdmissionAttributes): string {
  if (attrs.name !== '') return attrs.name;
  const meta = attrs.object?.metadata;
  return meta?.name || meta?.generateName || 'Unknown';
}

const optionsKinds: Record<AdmissionOperation, string> = {
  CREATE: 'CreateOptions',
  UPDATE: 'UpdateOptions',
  DELETE: 'DeleteOptions',
};

/**
 * The admission.k8s.io/v1 AdmissionRequest without uid, object and oldObject, with upstream's omitempty
 * fields left out when empty. No version conversion happens, so requestKind/requestResource equal kind and
 * resource.
 */
export function admissionRequestFields(attrs: AdmissionAttributes): Record<string, unknown> {
  const user = attrs.user;
  const userInfo: Record<string, unknown> = {};
  if (user.name !== '') userInfo['username'] = user.name;
  if (user.uid !== '') userInfo['uid'] = user.uid;
  if (user.groups.length > 0) userInfo['groups'] = [...user.groups];
  if (Object.keys(user.extra).length > 0) {
    userInfo['extra'] = Object.fromEntries(Object.entries(user.extra).map(([k, v]) => [k, [...v]]));
  }
  const kind = { group: attrs.kind.group, version: attrs.kind.version, kind: attrs.kind.kind };
  const resource = { ...attrs.resource };
  return {
    kind,
    resource,
    ...(attrs.subresource === '' ? {} : { subResource: attrs.subresource }),
    requestKind: { ...kind },
    requestResource: { ...resource },
    ...(attrs.subresource === '' ? {} : { requestSubResource: attrs.subresource }),
    ...(attrs.name === '' ? {} : { name: attrs.name }),
    ...(attrs.namespace === '' ? {} : { namespace: attrs.namespace }),
    operation: attrs.operation,
    userInfo,
    dryRun: attrs.dryRun,
    options: {
      kind: optionsKinds[attrs.operation],
      apiVersion: 'meta.k8s.io/v1',
      ...(attrs.dryRun ? { dryRun: ['All'] } : {}),
    },
  };
}
