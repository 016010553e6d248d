/**
 * The request context: built in stages by the filters, then handed whole to the registry and admission.
 * It is passed explicitly as the first parameter on the request path; there is no ambient "current" one.
 */
declare const clusterNameBrand: unique symbol;
/** A validated logical-cluster name; only `parseClusterName` makes one. */
export type ClusterName = string & { readonly [clusterNameBrand]: true };

const clusterNamePattern = /^[a-z0-9]([-a-z0-9]{0,61}[a-z0-9])?$/;

export function parseClusterName(name: string): ClusterName | undefined {
  return clusterNamePattern.test(name) ? (name as ClusterName) : undefined;
}

export const rootCluster = 'root' as ClusterName;

export type ClusterScope = { readonly kind: 'one'; readonly name: ClusterName } | { readonly kind: 'all' };

export interface UserInfo {
  readonly name: string;
  readonly uid: string;
  readonly groups: readonly string[];
  readonly extra: Readonly<Record<string, readonly string[]>>;
}

export type RequestVerb =
  'get' | 'list' | 'watch' | 'create' | 'update' | 'patch' | 'delete' | 'deletecollection' | 'proxy';

/** What the URL asks for (upstream RequestInfo). */
export interface RequestInfo {
  readonly isResourceRequest: boolean;
  /** The path without the /clusters/<name> prefix. */
  readonly path: string;
  readonly verb: RequestVerb | string;
  readonly apiPrefix: string;
  readonly apiGroup: string;
  readonly apiVersion: string;
  readonly namespace: string;
  readonly resource: string;
  readonly subresource: string;
  readonly name: string;
  readonly parts: readonly string[];
}

export interface RequestContext {
  readonly cluster: ClusterScope;
  readonly user: UserInfo;
  readonly info: RequestInfo;
  /** Aborted when the client goes away or the deadline passes. */
  readonly signal: AbortSignal;
  /** Sent back as `Warning: 299 - "<text>"` headers. */
  readonly warnings: string[];
}

/** The cluster of a request that must not be a wildcard; a wildcard here is a programming error. */
export function clusterOf(ctx: RequestContext): ClusterName {
  if (ctx.cluster.kind !== 'one') throw new Error('cluster wildcard reached code that serves one cluster');
  return ctx.cluster.name;
}
