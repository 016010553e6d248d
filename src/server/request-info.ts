import { badRequest } from '../machinery/errors.js';
import { parseClusterName, rootCluster, type ClusterScope, type RequestInfo } from '../machinery/context.js';

/** Subresources of a namespace that follow `namespaces/<name>` directly (upstream requestinfo.go). */
const namespaceSubresources = new Set(['status', 'finalize']);

export interface ParsedPath {
  readonly cluster: ClusterScope;
  readonly info: RequestInfo;
}

/**
 * Splits `/clusters/<name>` off the path (no prefix means the root cluster), then derives the verb,
 * group, version, namespace, resource, name and subresource exactly as upstream's RequestInfoFactory.
 */
export function parseRequestPath(method: string, rawPath: string, query: URLSearchParams): ParsedPath {
  const { cluster, path } = splitCluster(rawPath);
  return { cluster, info: requestInfoFor(method, path, query) };
}

function splitCluster(rawPath: string): { cluster: ClusterScope; path: string } {
  if (!rawPath.startsWith('/clusters/'))
    return { cluster: { kind: 'one', name: rootCluster }, path: rawPath };
  const rest = rawPath.slice('/clusters/'.length);
  const slash = rest.indexOf('/');
  const name = slash === -1 ? rest : rest.slice(0, slash);
  const path = slash === -1 ? '/' : rest.slice(slash);
  if (name === '*') return { cluster: { kind: 'all' }, path };
  const clusterName = parseClusterName(name);
  if (clusterName === undefined) throw badRequest(`invalid cluster name "${name}" in path`);
  return { cluster: { kind: 'one', name: clusterName }, path };
}

function nonResource(method: string, path: string): RequestInfo {
  return {
    isResourceRequest: false,
    path,
    verb: method.toLowerCase(),
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

const verbsByMethod: Record<string, string> = {
  POST: 'create',
  GET: 'get',
  HEAD: 'get',
  PUT: 'update',
  PATCH: 'patch',
  DELETE: 'delete',
};

function requestInfoFor(method: string, path: string, query: URLSearchParams): RequestInfo {
  const segments = path.split('/').filter((s, i) => i > 0 || s !== '');
  if (segments[segments.length - 1] === '') segments.pop();
  const [prefix] = segments;
  if (prefix !== 'api' && prefix !== 'apis') return nonResource(method, path);
  let parts = segments.slice(1);
  let apiGroup = '';
  if (prefix === 'apis') {
    if (parts.length < 2) return nonResource(method, path);
    apiGroup = parts[0] ?? '';
    parts = parts.slice(1);
  } else if (parts.length < 1) {
    return nonResource(method, path);
  }
  const apiVersion = parts[0] ?? '';
  parts = parts.slice(1);
  if (parts.length === 0) return nonResource(method, path);

  let verb = verbsByMethod[method] ?? method.toLowerCase();
  if (parts[0] === 'watch') {
    verb = 'watch';
    parts = parts.slice(1);
  }
  let namespace = '';
  if (parts[0] === 'namespaces' && parts.length > 1) {
    namespace = parts[1] ?? '';
    if (parts.length > 2 && !namespaceSubresources.has(parts[2] ?? '')) parts = parts.slice(2);
  }
  const resource = parts[0] ?? '';
  let name = parts[1] ?? '';
  const subresource = parts[2] ?? '';

  if (name === '') {
    if (verb === 'get') verb = isTruthy(query.get('watch')) ? 'watch' : 'list';
    else if (verb === 'delete') verb = 'deletecollection';
  }
  if (verb === 'list' || verb === 'watch') {
    const nameFromSelector = singleNameFromFieldSelector(query.get('fieldSelector'));
    if (nameFromSelector !== undefined) name = nameFromSelector;
  }
  return {
    isResourceRequest: true,
    path,
    verb,
    apiPrefix: prefix,
    apiGroup,
    apiVersion,
    namespace,
    resource,
    subresource,
    name,
    parts,
  };
}

/** Upstream treats "true", "1" (any non-false boolean) as set; see strconv.ParseBool. */
export function isTruthy(value: string | null): boolean {
  return value !== null && ['1', 't', 'T', 'true', 'TRUE', 'True'].includes(value);
}

/** `metadata.name=<x>` in a list/watch names one object, so RBAC resourceNames can apply (upstream). */
function singleNameFromFieldSelector(selector: string | null): string | undefined {
  if (selector === null) return undefined;
  const terms = selector.split(',');
  for (const term of terms) {
    const match = /^metadata\.name==?(.*)$/.exec(term.trim());
    if (match !== null && terms.length === 1) return match[1];
  }
  return undefined;
}
