import type { RequestContext } from '../machinery/context.js';
import { badRequest, methodNotAllowed, StatusError } from '../machinery/errors.js';
import { isRecord, type KubeObject } from '../machinery/object.js';
import {
  applyObject,
  applyPatch,
  applyPatchType,
  deleteCollection,
  getScale,
  updateScale,
  deleteObject,
  listObjects,
  parseIncludeObject,
  parseListQuery,
  parsePatchType,
  patchedTypeName,
  patchObject,
  watchObjects,
  type DeleteOptions,
  type Registry,
  type ResourceStore,
  type WriteOptions,
} from '../registry/index.js';
import {
  decodeApplyPatch,
  invalidPatchOptions,
  patchOptionsErrors,
} from '../machinery/managed-fields/index.js';
import { decodeBody, negotiateResponse, type ResponseFormat } from './negotiation.js';
import {
  readBody,
  rememberRequestObject,
  requestBodyOf,
  writeJson,
  writeProtobufOrJson,
  writeYaml,
  type HttpRequest,
  type HttpResponse,
} from './http.js';
import { patchFieldValidator, validateBodyFields } from './field-validation.js';
import { parseDeleteOptions, parseWriteOptions } from './options.js';
import { renderList, renderObject } from './render.js';
import { streamWatch } from './watch-stream.js';

const notFoundStatus = () =>
  new StatusError('NotFound', 'the server could not find the requested resource', {});

interface Target {
  readonly rs: ResourceStore;
  readonly namespace: string;
  readonly name: string;
  readonly subresource: string;
}

/** Finds the resource the URL names; 404 for unknown resources or subresources, as upstream's mux. */
function resolveTarget(registry: Registry, ctx: RequestContext): Target {
  const { info } = ctx;
  const rs = registry.findIn(ctx.cluster, info.apiGroup, info.apiVersion, info.resource);
  if (rs === undefined) throw notFoundStatus();
  const subresource = info.subresource;
  if (subresource !== '' && !rs.hasSubresource(subresource)) throw notFoundStatus();
  // For the namespaces resource itself, upstream puts the name in RequestInfo.namespace too.
  const namespace = rs.def.namespaced ? info.namespace : '';
  if (
    rs.def.namespaced &&
    namespace === '' &&
    info.name !== '' &&
    info.verb !== 'list' &&
    info.verb !== 'watch'
  ) {
    throw notFoundStatus();
  }
  return { rs, namespace, name: info.name, subresource };
}

/** Serves one resource request: decodes, calls the registry verb, encodes the answer. */
export async function handleResourceRequest(
  registry: Registry,
  ctx: RequestContext,
  req: HttpRequest,
  res: HttpResponse,
  query: URLSearchParams,
): Promise<void> {
  const target = resolveTarget(registry, ctx);
  const { rs } = target;
  const verb = ctx.info.verb;
  if (!rs.def.verbs.includes(verb as never) && target.subresource === '') throw methodNotAllowed(verb, rs.gr);
  switch (verb) {
    case 'get':
      if (target.subresource === 'scale')
        return send(res, 'json', 200, await getScale(rs, ctx, target.namespace, target.name), ctx.warnings);
      return respondObject(ctx, req, res, rs, await getTarget(ctx, target, query));
    case 'list':
      return respondList(ctx, req, res, rs, query, target);
    case 'watch': {
      const listQuery = parseListQuery(query, 'watch');
      return streamWatch(ctx, req, res, rs, (sink) =>
        watchObjects(rs, ctx, target.namespace, listQuery, sink),
      );
    }
    case 'create':
      return create(registry, ctx, req, res, target, query);
    case 'update':
      return update(ctx, req, res, target, query);
    case 'patch':
      return patch(ctx, req, res, target, query);
    case 'delete':
      return remove(ctx, req, res, target, query);
    case 'deletecollection': {
      const options = parseDeleteOptions(query, await readObjectBody(req, true));
      const deleted = await deleteCollection(
        rs,
        ctx,
        target.namespace,
        parseListQuery(query, 'list'),
        options,
      );
      return writeJson(res, 200, deleted, { warnings: ctx.warnings });
    }
    default:
      throw methodNotAllowed(verb, rs.gr);
  }
}

async function getTarget(ctx: RequestContext, target: Target, query: URLSearchParams): Promise<KubeObject> {
  if (target.name === '') throw notFoundStatus();
  return target.rs.get(ctx, target.namespace, target.name, query.get('resourceVersion') ?? '');
}

function formatFor(req: HttpRequest, allowTable: boolean): ResponseFormat {
  return negotiateResponse(req.headers.accept, allowTable);
}

function respondObject(
  ctx: RequestContext,
  req: HttpRequest,
  res: HttpResponse,
  rs: ResourceStore,
  obj: KubeObject,
  code = 200,
  query?: URLSearchParams,
): void {
  const format = formatFor(req, true);
  const body = renderObject(rs, obj, format, parseIncludeObject(query?.get('includeObject') ?? null));
  send(res, format, code, body, ctx.warnings);
}

async function respondList(
  ctx: RequestContext,
  req: HttpRequest,
  res: HttpResponse,
  rs: ResourceStore,
  query: URLSearchParams,
  target: Target,
): Promise<void> {
  const format = formatFor(req, true);
  const list = await listObjects(rs, ctx, target.namespace, parseListQuery(query, 'list'));
  send(
    res,
    format,
    200,
    renderList(rs, list, format, parseIncludeObject(query.get('includeObject'))),
    ctx.warnings,
  );
}

function send(
  res: HttpResponse,
  format: ResponseFormat,
  code: number,
  body: unknown,
  warnings: readonly string[],
): void {
  if (format === 'yaml') writeYaml(res, code, body, { warnings });
  else if (format === 'protobuf' && isRecord(body) && isRecord(body.metadata)) {
    writeProtobufOrJson(res, code, body as KubeObject, { warnings });
  } else writeJson(res, code, body, { warnings });
}

async function readObjectBody(req: HttpRequest, optional: boolean): Promise<unknown> {
  const body = await readBody(req);
  if (body.length === 0) {
    if (optional) return undefined;
    throw badRequest('the body of the request was empty');
  }
  const decoded = decodeBody(req.headers['content-type'], body);
  rememberRequestObject(req, decoded);
  return decoded;
}

/** The body's JSON text when it was sent as JSON (duplicate fields can only be seen in the text). */
function jsonTextOf(req: HttpRequest): string | undefined {
  const type = (req.headers['content-type'] ?? 'application/json').split(';')[0]?.trim() ?? '';
  const raw = requestBodyOf(req);
  return raw !== undefined && (type === 'application/json' || type === '') ? raw.toString('utf8') : undefined;
}

/** Reads a create/update body and applies fieldValidation to it. */
async function readValidatedObject(
  ctx: RequestContext,
  req: HttpRequest,
  target: Target,
  query: URLSearchParams,
): Promise<KubeObject> {
  const obj = await readKubeObject(req);
  validateBodyFields(ctx, target.rs, target.subresource, query, obj, jsonTextOf(req));
  return obj;
}

async function readKubeObject(req: HttpRequest): Promise<KubeObject> {
  const body = await readObjectBody(req, false);
  if (!isRecord(body)) throw badRequest('the object provided is unrecognized: expected a JSON object');
  if (body.metadata === undefined) body.metadata = {};
  if (!isRecord(body.metadata))
    throw badRequest('the object provided is unrecognized: metadata must be an object');
  return body as KubeObject;
}

function checkKind(target: Target, obj: KubeObject): void {
  const { def } = target.rs;
  if (obj.kind !== undefined && obj.kind !== def.kind && target.subresource === '') {
    throw badRequest(`the object provided is unrecognized (kind "${String(obj.kind)}" is not "${def.kind}")`);
  }
}

/** POST on an action subresource (e.g. tenants/<name>/kubeconfig): 201 with what the action returns. */
async function runAction(
  registry: Registry,
  ctx: RequestContext,
  req: HttpRequest,
  res: HttpResponse,
  target: Target,
): Promise<void> {
  const { rs } = target;
  const action = registry.action(rs.def.group, rs.def.plural, target.subresource);
  if (action === undefined) throw methodNotAllowed('create', rs.gr);
  const body = await readKubeObject(req);
  const result = await action.create(ctx, target.namespace, target.name, body);
  writeJson(res, 201, result, { warnings: ctx.warnings });
}

async function create(
  registry: Registry,
  ctx: RequestContext,
  req: HttpRequest,
  res: HttpResponse,
  target: Target,
  query: URLSearchParams,
): Promise<void> {
  const { rs } = target;
  if (target.subresource !== '' || registry.action(rs.def.group, rs.def.plural, '') !== undefined) {
    return runAction(registry, ctx, req, res, target);
  }
  if (target.name !== '') throw methodNotAllowed('create', rs.gr);
  if (rs.def.namespaced && target.namespace === '') throw methodNotAllowed('create', rs.gr);
  const obj = await readValidatedObject(ctx, req, target, query);
  checkKind(target, obj);
  const created = await rs.create(
    ctx,
    target.namespace,
    obj,
    parseWriteOptions(query, '', req.headers['user-agent'] ?? ''),
  );
  respondObject(ctx, req, res, rs, created, 201);
}

async function update(
  ctx: RequestContext,
  req: HttpRequest,
  res: HttpResponse,
  target: Target,
  query: URLSearchParams,
): Promise<void> {
  const obj = await readValidatedObject(ctx, req, target, query);
  const options: WriteOptions = parseWriteOptions(query, target.subresource, req.headers['user-agent'] ?? '');
  if (target.subresource === 'scale') {
    const scale = await updateScale(target.rs, ctx, target.namespace, target.name, options, () => obj);
    return send(res, 'json', 200, scale, ctx.warnings);
  }
  checkKind(target, obj);
  const updated = await target.rs.update(ctx, target.namespace, target.name, obj, options);
  respondObject(ctx, req, res, target.rs, updated);
}

async function patch(
  ctx: RequestContext,
  req: HttpRequest,
  res: HttpResponse,
  target: Target,
  query: URLSearchParams,
): Promise<void> {
  const patchType = parsePatchType(req.headers['content-type'] ?? '', target.rs.def);
  const isApply = patchType === applyPatchType;
  const optionErrors = patchOptionsErrors({
    apply: isApply,
    fieldManager: query.get('fieldManager') ?? '',
    forceSent: query.has('force'),
  });
  if (optionErrors.length > 0) throw invalidPatchOptions(optionErrors);
  if (isApply) {
    const applied = decodeApplyPatch((await readBody(req)).toString('utf8'));
    const options = parseWriteOptions(query, target.subresource, req.headers['user-agent'] ?? '');
    const result = await applyObject(
      target.rs,
      ctx,
      target.namespace,
      target.name,
      applied,
      query.get('fieldManager') ?? '',
      query.get('force') === 'true',
      options,
    );
    return respondObject(ctx, req, res, target.rs, result.object, result.created ? 201 : 200);
  }
  const body = await readBody(req);
  let parsed: unknown;
  try {
    parsed = JSON.parse(body.toString('utf8'));
  } catch (error) {
    throw badRequest(`error decoding patch: ${error instanceof Error ? error.message : String(error)}`);
  }
  const options = parseWriteOptions(query, target.subresource, req.headers['user-agent'] ?? '');
  const fields = patchFieldValidator(
    ctx,
    target.rs,
    target.subresource,
    query,
    patchType,
    body.toString('utf8'),
    parsed,
  );
  if (target.subresource === 'scale') {
    const scale = await updateScale(target.rs, ctx, target.namespace, target.name, options, (current) => {
      const patchedScale = applyPatch(patchType, current, parsed, patchedTypeName(target.rs.def, 'scale'));
      fields.check(patchedScale);
      return patchedScale;
    });
    fields.flush();
    return send(res, 'json', 200, scale, ctx.warnings);
  }
  const patched = await patchObject(
    target.rs,
    ctx,
    target.namespace,
    target.name,
    patchType,
    parsed,
    options,
    (obj) => fields.check(obj),
  );
  fields.flush();
  respondObject(ctx, req, res, target.rs, patched);
}

async function remove(
  ctx: RequestContext,
  req: HttpRequest,
  res: HttpResponse,
  target: Target,
  query: URLSearchParams,
): Promise<void> {
  const options: DeleteOptions = parseDeleteOptions(query, await readObjectBody(req, true));
  const result = await deleteObject(target.rs, ctx, target.namespace, target.name, options);
  if (result.finished) writeJson(res, 200, result.status, { warnings: ctx.warnings });
  else respondObject(ctx, req, res, target.rs, result.object);
}
