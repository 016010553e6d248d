import type { IncomingMessage, ServerResponse } from 'node:http';
import type { Http2ServerRequest, Http2ServerResponse } from 'node:http2';
import { stringify as stringifyYaml } from 'yaml';
import { schemaRegistry } from '../api/schema/index.js';
import { StatusError } from '../machinery/errors.js';
import type { KubeObject } from '../machinery/object.js';
import {
  encodeKubeProtobuf,
  hasProtobufSchema,
  ProtobufEncodeError,
  protobufMediaType,
} from '../machinery/protobuf/index.js';

/** Node's HTTP/1.1 and HTTP/2 compatibility objects share what we use of them. */
export type HttpRequest = IncomingMessage | Http2ServerRequest;
export type HttpResponse = ServerResponse | Http2ServerResponse;

/** Upstream's default limit on request bodies (3 MiB). */
const maxBodyBytes = 3 * 1024 * 1024;

/** Bodies seen per request and response, for the audit log (held only as long as the request objects). */
const requestBodies = new WeakMap<HttpRequest, Buffer>();
const responseBodies = new WeakMap<HttpResponse, unknown>();

const requestObjects = new WeakMap<HttpRequest, unknown>();

export function requestBodyOf(req: HttpRequest): Buffer | undefined {
  return requestBodies.get(req);
}

/** The decoded request object (whatever its encoding), once the handler has decoded it. */
export function requestObjectOf(req: HttpRequest): unknown {
  return requestObjects.get(req);
}

export function rememberRequestObject(req: HttpRequest, obj: unknown): void {
  requestObjects.set(req, obj);
}

export function responseBodyOf(res: HttpResponse): unknown {
  return responseBodies.get(res);
}

export async function readBody(req: HttpRequest): Promise<Buffer> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of req as AsyncIterable<Buffer>) {
    size += chunk.length;
    if (size > maxBodyBytes)
      throw new StatusError('RequestEntityTooLarge', 'Request entity too large: limit is 3145728');
    chunks.push(chunk);
  }
  const body = Buffer.concat(chunks);
  requestBodies.set(req, body);
  return body;
}

export interface ResponseOptions {
  readonly warnings?: readonly string[];
  readonly headers?: Readonly<Record<string, string>>;
}

function warningHeaders(warnings: readonly string[] | undefined): Record<string, string[]> {
  if (warnings === undefined || warnings.length === 0) return {};
  return { warning: warnings.map((w) => `299 - ${JSON.stringify(w)}`) };
}

export function writeJson(
  res: HttpResponse,
  code: number,
  body: unknown,
  options: ResponseOptions = {},
): void {
  responseBodies.set(res, body);
  const payload = JSON.stringify(body);
  res.writeHead(code, {
    'content-type': 'application/json',
    'content-length': String(Buffer.byteLength(payload)),
    ...warningHeaders(options.warnings),
    ...options.headers,
  });
  res.end(payload);
}

/** Kubernetes protobuf when the kind has a schema, else JSON (clients that prefer protobuf accept JSON too). */
export function writeProtobufOrJson(
  res: HttpResponse,
  code: number,
  body: KubeObject,
  options: ResponseOptions = {},
): void {
  responseBodies.set(res, body);
  let payload: Buffer;
  try {
    if (!hasProtobufSchema(schemaRegistry, body.apiVersion ?? '', body.kind ?? ''))
      return writeJson(res, code, body, options);
    payload = encodeKubeProtobuf(body, schemaRegistry);
  } catch (error) {
    if (error instanceof ProtobufEncodeError) return writeJson(res, code, body, options);
    throw error;
  }
  res.writeHead(code, {
    'content-type': protobufMediaType,
    'content-length': String(payload.length),
    ...warningHeaders(options.warnings),
    ...options.headers,
  });
  res.end(payload);
}

export function writeYaml(
  res: HttpResponse,
  code: number,
  body: unknown,
  options: ResponseOptions = {},
): void {
  const payload = stringifyYaml(body);
  res.writeHead(code, {
    'content-type': 'application/yaml',
    ...warningHeaders(options.warnings),
    ...options.headers,
  });
  res.end(payload);
}

export function writeText(
  res: HttpResponse,
  code: number,
  text: string,
  contentType = 'text/plain; charset=utf-8',
): void {
  res.writeHead(code, { 'content-type': contentType, 'content-length': String(Buffer.byteLength(text)) });
  res.end(text);
}

export function writeStatusError(res: HttpResponse, error: StatusError, warnings?: readonly string[]): void {
  writeJson(res, error.code, error.status, warnings === undefined ? {} : { warnings });
}

/** Opens a streaming response (watch): chunked JSON objects, flushed one by one. */
export function openStream(res: HttpResponse, contentType: string): void {
  res.writeHead(200, { 'content-type': contentType, 'cache-control': 'no-cache' });
  // HTTP/1.1 holds headers back until the first body write; a quiet watch must still be established.
  if ('flushHeaders' in res) res.flushHeaders();
}

/** Writes one chunk of a streaming response (the HTTP/1.1 and HTTP/2 write signatures differ in types only). */
export function writeChunk(res: HttpResponse, chunk: string | Buffer): void {
  (res as { write(chunk: string | Buffer): boolean }).write(chunk);
}
