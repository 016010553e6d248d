import type { RequestContext } from '../../machinery/context.js';
import { StatusError } from '../../machinery/errors.js';
import type { Registry } from '../../registry/index.js';
import type { HttpRequest, HttpResponse } from '../http.js';
import { parseAccept } from '../negotiation.js';
import { openApiV3Index } from './discovery.js';
import { openApiV2, openApiV2MediaTypes } from './v2.js';
import { openApiV3 } from './v3.js';

const yearSeconds = 365 * 24 * 3600;

/**
 * `/openapi/v2` (JSON or gnostic protobuf) and `/openapi/v3[/<group-version>]` for the request's logical
 * cluster, with ETags, 304 on If-None-Match and, for v3, the `hash` cache-buster: a matching hash makes the
 * answer immutable, a stale one redirects to the current hash (upstream handler3).
 */
export function serveOpenApi(
  registry: Registry,
  ctx: RequestContext,
  req: HttpRequest,
  res: HttpResponse,
  path: string,
  query: URLSearchParams,
): void {
  if (path === '/openapi/v2') {
    const wantsProtobuf = parseAccept(req.headers.accept).some((range) =>
      (openApiV2MediaTypes.protobufAccepted as readonly string[]).includes(range.type),
    );
    const doc = openApiV2(registry, ctx.cluster, wantsProtobuf ? 'protobuf' : 'json');
    return send(
      req,
      res,
      doc.body,
      doc.etag,
      wantsProtobuf ? openApiV2MediaTypes.protobuf : 'application/json',
      {},
    );
  }
  const doc =
    path === '/openapi/v3'
      ? openApiV3Index(registry, ctx.cluster)
      : openApiV3(registry, ctx.cluster, path.slice('/openapi/v3/'.length));
  if (doc === undefined)
    throw new StatusError('NotFound', 'the server could not find the requested resource', {});
  const hash = query.get('hash');
  if (hash !== null && hash !== doc.etag) {
    const location = new URL(req.url ?? path, 'https://kubetenant.invalid');
    location.searchParams.set('hash', doc.etag);
    res.writeHead(301, { location: `${location.pathname}${location.search}` });
    res.end();
    return;
  }
  const immutable: Record<string, string> =
    hash === null
      ? {}
      : {
          'cache-control': 'public, immutable',
          expires: new Date(Date.now() + yearSeconds * 1000).toUTCString(),
        };
  return send(req, res, doc.body, doc.etag, 'application/json', immutable);
}

function send(
  req: HttpRequest,
  res: HttpResponse,
  body: string | Buffer,
  etag: string,
  contentType: string,
  extra: Record<string, string>,
): void {
  const headers = { etag: `"${etag}"`, vary: 'Accept', 'content-type': contentType, ...extra };
  if (req.headers['if-none-match'] === `"${etag}"`) {
    res.writeHead(304, headers);
    res.end();
    return;
  }
  res.writeHead(200, { ...headers, 'content-length': String(Buffer.byteLength(body)) });
  res.end(body);
}
