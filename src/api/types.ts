/** The identity of one API resource as discovery, routing and storage see it. */
export type Verb = 'create' | 'delete' | 'deletecollection' | 'get' | 'list' | 'patch' | 'update' | 'watch';

export interface GroupVersionKind {
  readonly group: string;
  readonly version: string;
  readonly kind: string;
}

export interface SubresourceDefinition {
  /** e.g. "status", "scale". */
  readonly name: string;
  /** The kind the subresource returns (Scale is autoscaling/v1). */
  readonly responseKind: GroupVersionKind;
  readonly verbs: readonly Verb[];
}

export interface ResourceDefinition {
  readonly group: string;
  readonly version: string;
  readonly kind: string;
  /** Lower-case plural used in URLs, e.g. "deployments". */
  readonly plural: string;
  readonly singular: string;
  readonly namespaced: boolean;
  readonly shortNames: readonly string[];
  readonly categories: readonly string[];
  readonly verbs: readonly Verb[];
  readonly subresources: readonly SubresourceDefinition[];
  /** Served only in the root logical cluster (e.g. tenants); absent in every other cluster. */
  readonly rootOnly?: boolean;
  /** Defined by a CustomResourceDefinition (JSON and merge patches only; no protobuf, no strategic merge). */
  readonly custom?: boolean;
}

export const allVerbs: readonly Verb[] = [
  'create',
  'delete',
  'deletecollection',
  'get',
  'list',
  'patch',
  'update',
  'watch',
];

export function apiVersionOf(def: { group: string; version: string }): string {
  return def.group === '' ? def.version : `${def.group}/${def.version}`;
}
