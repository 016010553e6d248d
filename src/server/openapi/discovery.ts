/**
 * The OpenAPI v3 index at `/openapi/v3` (k8s.io/kube-openapi pkg/handler3 OpenAPIV3Discovery): one entry per
 * served group version, `{"paths":{"apis/apps/v1":{"serverRelativeURL":"/openapi/v3/apis/apps/v1?hash=<H>"}}}`,
 * where H is the document's ETag, so clients cache documents until the hash changes.
 *
 * The URLs are rooted at `/openapi/v3` even when the cluster is served under `/clusters/<name>`: client-go then
 * keeps its own path prefix (kubernetes/kubernetes#117463), so a tenant's kubeconfig reaches its own documents.
 */
import type { ClusterScope } from '../../machinery/context.js';
import type { Registry } from '../../registry/index.js';
import { documentOf, type OpenApiDocument } from './cache.js';
import { compare } from './schemas.js';
import { groupVersionDocument, servedGroupVersions } from './v3.js';

/** The index document for `cluster`; its ETag changes whenever one of the listed documents does. */
export function openApiV3Index(registry: Registry, cluster: ClusterScope): OpenApiDocument {
  const entries = servedGroupVersions(registry, cluster)
    .map((gv) => [gv.path, serverRelativeURL(gv.path, groupVersionDocument(gv).etag)] as const)
    .sort(([a], [b]) => compare(a, b))
    .map(([path, url]) => [path, { serverRelativeURL: url }] as const);
  return documentOf(JSON.stringify({ paths: Object.fromEntries(entries) }));
}

/** `/openapi/v3/<path>?hash=<etag>`, the URL a document is published under. */
export function serverRelativeURL(path: string, etag: string): string {
  return `/openapi/v3/${path}?${new URLSearchParams({ hash: etag }).toString()}`;
}
