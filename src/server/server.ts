import { createHash, randomUUID } from 'node:crypto';
import { authenticateRequest, forbiddenFor, type Authenticator, type Authorizer } from '../auth/index.js';
import type { ClusterScope, RequestContext } from '../machinery/context.js';
import { internalError, isStatusError, StatusError } from '../machinery/errors.js';
import type { Registry } from '../registry/index.js';
import type { Logger } from '../machinery/logger.js';
import {
  aggregatedDiscoveryDoc,
  aggregatedDiscoveryType,
  apiGroupDocFor,
  apiGroupListDoc,
  apiResourceListDoc,
  apiVersionsDoc,
  wantsAggregatedDiscovery,
} from './discovery.js';
import {
  requestBodyOf,
  requestObjectOf,
  responseBodyOf,
  writeJson,
  writeStatusError,
  writeText,
  type HttpRequest,
  type HttpResponse,
} from './http.js';
import type { AuditLog, AuditRequest } from './audit/index.js';
import type { ServerMetrics } from './metrics.js';
import { parseRequestPath } from './request-info.js';
import { serveOpenApi } from './openapi/serve.js';
import { handleResourceRequest } from './resource-handler.js';
import { credentialsOf } from './tls-credentials.js';
import { impersonate } from './filters/impersonation.js';
import { versionInfo } from './version.js';
import { runHealthChecks, type HealthCheck, type HealthResult } from './health.js';

export interface ApiServerDeps {
  readonly registry: Registry;
  readonly authenticators: readonly Authenticator[];
  readonly authorizer: Authorizer;
  readonly metrics: ServerMetrics;
  readonly logger: Logger;
  /** false while starting or shutting down: /readyz fails its `shutdown` check. */
  readonly isReady: () => boolean;
  /** Checks behind /healthz, /livez and /readyz (e.g. the store answers). */
  readonly healthChecks: readonly HealthCheck[];
  /** Where answered requests are recorded, when an audit policy is configured. */
  readonly audit?: AuditLog;
}

/**
 * The request pipeline, in order: request info (cluster, verb, resource) → authentication →
 * authorization → non-resource routes or the resource handler. The only place errors become responses.
 */
export function createRequestHandler(deps: ApiServerDeps): (req: HttpRequest, res: HttpResponse) => void {
  return (req, res) => {
    const started = process.hrtime.bigint();
    const abort = new AbortController();
    // Only a response cut short (client gone) aborts the work behind it.
    res.on('close', () => {
      if (!res.writableFinished) abort.abort();
    });
    let labels = { verb: (req.method ?? 'GET').toLowerCase(), group: '', resource: '' };
    const received = new Date();
    let audited: AuditRequest | undefined;
    let failure: StatusError | undefined;
    const handle = async (): Promise<void> => {
      const url = new URL(req.url ?? '/', 'https://kubetenant.invalid');
      const { cluster, info } = parseRequestPath(req.method ?? 'GET', url.pathname, url.searchParams);
      const known =
        info.isResourceRequest && deps.registry.find(info.apiGroup, info.apiVersion, info.resource);
      labels = { verb: info.verb, group: known ? info.apiGroup : '', resource: known ? info.resource : '' };
      const authn = await authenticateRequest(deps.authenticators, credentialsOf(req));
      if (authn.kind !== 'authenticated') throw new StatusError('Unauthorized', 'Unauthorized');
      const caller: RequestContext = { cluster, user: authn.user, info, signal: abort.signal, warnings: [] };
      const ctx: RequestContext = { ...caller, user: await impersonate(req, caller, deps.authorizer) };
      const decision = await deps.authorizer.authorize(ctx);
      if (deps.audit !== undefined) {
        audited = {
          auditId: randomUUID(),
          ctx,
          ...(ctx.user === caller.user ? {} : { caller: caller.user }),
          requestUri: req.url ?? '',
          sourceIp: req.socket.remoteAddress ?? '',
          userAgent: String(req.headers['user-agent'] ?? ''),
          received,
          authorizationReason: decision.reason,
        };
        deps.audit.requestReceived(audited);
      }
      if (decision.decision !== 'allow') throw forbiddenFor(ctx, decision.reason);
      if (info.isResourceRequest) await handleResourceRequest(deps.registry, ctx, req, res, url.searchParams);
      else await serveNonResource(deps, ctx, req, res, url.searchParams);
    };
    handle()
      .catch((error: unknown) => {
        if (res.headersSent) {
          deps.logger.error('request failed after the response started', {
            error: String(error),
            url: req.url,
          });
          res.end();
          return;
        }
        if (!isStatusError(error))
          deps.logger.error('internal error', { error: errorText(error), url: req.url });
        failure = isStatusError(error) ? error : internalError(error);
        writeStatusError(res, failure);
      })
      .finally(() => {
        const seconds = Number(process.hrtime.bigint() - started) / 1e9;
        deps.metrics.observe(labels, res.statusCode, seconds);
        if (deps.audit !== undefined && audited !== undefined) {
          deps.audit.record({
            ...audited,
            code: res.statusCode,
            ...(failure === undefined
              ? {}
              : { failure: { reason: failure.reason, message: failure.message } }),
            requestObject: requestObjectOf(req) ?? parsedJson(requestBodyOf(req)),
            responseObject: responseBodyOf(res),
            decision: failure?.reason === 'Forbidden' ? 'forbid' : 'allow',
          });
        }
      });
  };
}

/** A JSON request body for the audit log; other encodings are left out. */
function parsedJson(body: Buffer | undefined): unknown {
  if (body === undefined || body.length === 0) return undefined;
  try {
    return JSON.parse(body.toString('utf8'));
  } catch {
    return undefined; // protobuf or YAML bodies are not recorded
  }
}

function errorText(error: unknown): string {
  return error instanceof Error ? (error.stack ?? error.message) : String(error);
}

const notFound = () => new StatusError('NotFound', 'the server could not find the requested resource', {});

/** `/healthz`, `/livez`, `/readyz` and their per-check paths; readyz adds the server's own readiness. */
function healthEndpoint(deps: ApiServerDeps, path: string, query: URLSearchParams): HealthResult | undefined {
  const match = /^\/(healthz|livez|readyz)(?:\/([^/]+))?$/.exec(path);
  if (match === null) return undefined;
  const endpoint = match[1] ?? '';
  const checks =
    endpoint === 'readyz'
      ? [...deps.healthChecks, { name: 'shutdown', check: deps.isReady }]
      : deps.healthChecks;
  return runHealthChecks(endpoint, checks, match[2], query.has('verbose'));
}

async function serveNonResource(
  deps: ApiServerDeps,
  ctx: RequestContext,
  req: HttpRequest,
  res: HttpResponse,
  query: URLSearchParams,
): Promise<void> {
  const path = ctx.info.path.replace(/\/+$/, '') || '/';
  if (ctx.info.verb !== 'get' && ctx.info.verb !== 'head') throw notFound();
  const health = healthEndpoint(deps, path, query);
  if (health !== undefined) return writeText(res, health.code, health.body);
  if (path === '/openapi/v2' || path === '/openapi/v3' || path.startsWith('/openapi/v3/')) {
    return serveOpenApi(deps.registry, ctx, req, res, path, query);
  }
  switch (path) {
    case '/version':
      return writeJson(res, 200, versionInfo());
    case '/metrics':
      return writeText(res, 200, await deps.metrics.registry.metrics(), deps.metrics.registry.contentType);
    case '/api':
      return serveDiscovery(req, res, () =>
        wantsAggregatedDiscovery(req.headers.accept)
          ? aggregatedDiscoveryDoc(deps.registry, ctx.cluster, true)
          : apiVersionsDoc(req.headers.host ?? req.headers[':authority']?.toString() ?? ''),
      );
    case '/apis':
      return serveDiscovery(req, res, () =>
        wantsAggregatedDiscovery(req.headers.accept)
          ? aggregatedDiscoveryDoc(deps.registry, ctx.cluster, false)
          : apiGroupListDoc(deps.registry, ctx.cluster),
      );
  }
  const doc = groupDiscovery(deps.registry, ctx.cluster, path);
  if (doc === undefined) throw notFound();
  return serveDiscovery(req, res, () => doc);
}

/** `/api/v1`, `/apis/<group>`, `/apis/<group>/<version>`. */
function groupDiscovery(registry: Registry, cluster: ClusterScope, path: string): unknown {
  const parts = path.split('/').slice(1);
  if (parts[0] === 'api' && parts.length === 2)
    return apiResourceListDoc(registry, cluster, '', parts[1] ?? '');
  if (parts[0] !== 'apis') return undefined;
  if (parts.length === 2) return apiGroupDocFor(registry, cluster, parts[1] ?? '');
  if (parts.length === 3) return apiResourceListDoc(registry, cluster, parts[1] ?? '', parts[2] ?? '');
  return undefined;
}

/** Discovery answers carry an ETag and honour If-None-Match, as upstream (kubectl's HTTP cache relies on it). */
function serveDiscovery(req: HttpRequest, res: HttpResponse, build: () => unknown): void {
  const body = build();
  const payload = JSON.stringify(body);
  const etag = `"${createHash('sha256').update(payload).digest('hex').slice(0, 32)}"`;
  const aggregated =
    typeof body === 'object' && body !== null && 'kind' in body && body.kind === 'APIGroupDiscoveryList';
  const headers = {
    etag,
    vary: 'Accept',
    'cache-control': 'public',
    'content-type': aggregated ? aggregatedDiscoveryType : 'application/json',
  };
  if (req.headers['if-none-match'] === etag) {
    res.writeHead(304, headers);
    res.end();
    return;
  }
  res.writeHead(200, { ...headers, 'content-length': String(Buffer.byteLength(payload)) });
  res.end(payload);
}
