import { allVerbs } from '../types.js';
import type { GroupVersionKind, ResourceDefinition, SubresourceDefinition, Verb } from '../types.js';

/** The subresources the catalogue declares; each maps to one upstream shape (see `subresource`). */
export type SubresourceName = 'finalize' | 'scale' | 'status' | 'kubeconfig' | 'token';

/** What varies between resources; everything else takes the upstream default. */
export interface ResourceOptions {
  /** Defaults to the lower-cased kind (upstream's singularName rule). */
  readonly singular?: string;
  readonly shortNames?: readonly string[];
  readonly categories?: readonly string[];
  /** Defaults to all eight verbs. */
  readonly verbs?: readonly Verb[];
  /** Listed alphabetically, as discovery lists `plural/subresource` entries. */
  readonly subresources?: readonly SubresourceName[];
  /** Served only in the root logical cluster. */
  readonly rootOnly?: boolean;
}

/** Builds the catalogue entries of one group version. */
export interface GroupVersionBuilder {
  namespaced(kind: string, plural: string, options?: ResourceOptions): ResourceDefinition;
  cluster(kind: string, plural: string, options?: ResourceOptions): ResourceDefinition;
}

/** `kubectl get all` lists the resources in this category. */
export const all = ['all'] as const;
/** Resources that extend the API server (webhooks, admission policies, CRDs). */
export const apiExtensions = ['api-extensions'] as const;

const getPatchUpdate: readonly Verb[] = ['get', 'patch', 'update'];
const scaleKind: GroupVersionKind = { group: 'autoscaling', version: 'v1', kind: 'Scale' };

/** Upstream shapes: status and scale read and write (scale returns autoscaling/v1 Scale); finalize is update-only. */
function subresource(name: SubresourceName, owner: GroupVersionKind): SubresourceDefinition {
  switch (name) {
    case 'status':
      return { name, responseKind: owner, verbs: getPatchUpdate };
    case 'scale':
      return { name, responseKind: scaleKind, verbs: getPatchUpdate };
    case 'finalize':
      return { name, responseKind: owner, verbs: ['update'] };
    case 'token':
      return {
        name,
        responseKind: { group: 'authentication.k8s.io', version: 'v1', kind: 'TokenRequest' },
        verbs: ['create'],
      };
    case 'kubeconfig':
      return { name, responseKind: { ...owner, kind: 'TenantKubeconfig' }, verbs: ['create'] };
  }
}

export function groupVersion(group: string, version: string): GroupVersionBuilder {
  const define = (
    kind: string,
    plural: string,
    namespaced: boolean,
    options: ResourceOptions = {},
  ): ResourceDefinition => {
    const owner: GroupVersionKind = { group, version, kind };
    return {
      group,
      version,
      kind,
      plural,
      singular: options.singular ?? kind.toLowerCase(),
      namespaced,
      shortNames: options.shortNames ?? [],
      categories: options.categories ?? [],
      verbs: options.verbs ?? allVerbs,
      subresources: (options.subresources ?? []).map((name) => subresource(name, owner)),
      ...(options.rootOnly === true ? { rootOnly: true } : {}),
    };
  };
  return {
    namespaced: (kind, plural, options) => define(kind, plural, true, options),
    cluster: (kind, plural, options) => define(kind, plural, false, options),
  };
}
