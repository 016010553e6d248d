/**
 * The Swagger 2.0 document at `/openapi/v2` (k8s.io/kube-openapi pkg/builder, pkg/handler): every served
 * path and the definitions they need, with the same Kubernetes extensions as the v3 documents. kubectl reads
 * it only as protobuf (gnostic openapi_v2.Document, see v2-protobuf.ts): for `kind: List` manifests, which
 * it validates client-side, and for `kubectl explain` when OpenAPI v3 is unavailable.
 */
import { schemaRegistry, type SchemaRegistry } from '../../api/schema/index.js';
import type { GroupVersionKind, ResourceDefinition } from '../../api/types.js';
import type { ClusterScope } from '../../machinery/context.js';
import type { Registry } from '../../registry/index.js';
import { DocumentCache, documentOf, fingerprint } from './cache.js';
import { customResourceSchemaOf } from './custom-resource-schema.js';
import { deleteOptionsType, queryParams, statusType, watchEventType, type QueryParam } from './parameters.js';
import { groupVersionTag, referencedKinds, resourcePaths, type Operation, type PathItem } from './paths.js';
import { compare, gvkJson, patchType, refTo, SchemaSet, type JsonObject, type JsonValue } from './schemas.js';
import { encodeOpenApiV2 } from './v2-protobuf.js';

/**
 * What `/openapi/v2` answers in: JSON by default; gnostic protobuf when Accept names either protobuf
 * spelling, answered as the `.v1.0` one (a Content-Type with `@` does not parse in Go's mime package).
 */
export const openApiV2MediaTypes = {
  json: 'application/json',
  protobuf: 'application/com.github.proto-openapi.spec.v2.v1.0+protobuf',
  protobufAccepted: [
    'application/com.github.proto-openapi.spec.v2.v1.0+protobuf',
    'application/com.github.proto-openapi.spec.v2@v1.0+protobuf',
  ],
} as const;

/** The v2 document in one encoding; the ETag is the JSON form's in both (as upstream). */
export interface OpenApiV2Document {
  readonly body: string | Buffer;
  readonly etag: string;
}

interface CachedV2 {
  readonly json: OpenApiV2Document;
  protobuf?: OpenApiV2Document;
  readonly document: JsonObject;
}

const cache = new DocumentCache<CachedV2>(16);

/**
 * The `/openapi/v2` document of `cluster` as JSON or gnostic protobuf. Built once per set of served
 * definitions (the protobuf form on first request); pure apart from its cache.
 */
export function openApiV2(
  registry: Registry,
  cluster: ClusterScope,
  encoding: 'json' | 'protobuf',
): OpenApiV2Document {
  const served = registry.servedIn(cluster);
  const defs = served.map((rs) => rs.def);
  const customSchemas = new Map<string, Readonly<Record<string, unknown>>>();
  for (const { def, strategy } of served) {
    const schema = def.custom === true ? customResourceSchemaOf(strategy) : undefined;
    if (schema !== undefined) customSchemas.set(gvkKey(def), schema);
  }
  const entry = cache.get(fingerprint(defs, customSchemas), () => {
    const document = buildV2Document(schemaRegistry, defs, customSchemas);
    return { document, json: documentOf(JSON.stringify(document)) };
  });
  if (encoding === 'json') return entry.json;
  if (entry.protobuf === undefined) {
    const body = encodeOpenApiV2(entry.document);
    entry.protobuf = { body, etag: entry.json.etag };
  }
  return entry.protobuf;
}

function gvkKey(gvk: GroupVersionKind): string {
  return `${gvk.group}/${gvk.version}/${gvk.kind}`;
}

/**
 * The whole Swagger 2.0 document for the served definitions, as JSON data; `customSchemas` holds the
 * openAPIV3Schema of custom resource kinds by `group/version/kind`.
 */
export function buildV2Document(
  schemas: SchemaRegistry,
  defs: readonly ResourceDefinition[],
  customSchemas: ReadonlyMap<string, Readonly<Record<string, unknown>>> = new Map(),
): JsonObject {
  const groupVersions = new Map<string, GroupVersionKind>();
  for (const def of defs) groupVersions.set(`${def.group}/${def.version}`, { ...def, kind: '' });
  const extraGvks = [...groupVersions.values()].flatMap(
    (gv) =>
      [
        [deleteOptionsType, { ...gv, kind: 'DeleteOptions' }],
        [watchEventType, { ...gv, kind: 'WatchEvent' }],
      ] as const,
  );
  const set = new SchemaSet(schemas, 'v2', extraGvks);
  for (const kind of referencedKinds(schemas, defs)) {
    if (kind.opaque !== undefined) set.addOpaque(kind.opaque, customSchemas.get(gvkKey(kind.opaque.gvk)));
    else {
      set.add(kind.type);
      if (kind.listType !== undefined) set.add(kind.listType);
    }
  }
  for (const type of [statusType, deleteOptionsType, watchEventType, patchType]) set.add(type);
  const items = defs.flatMap((def) =>
    resourcePaths(schemas, def).map((item) => ({ item, tag: groupVersionTag(def.group, def.version) })),
  );
  const paths = items
    .sort((a, b) => compare(a.item.path, b.item.path))
    .map(({ item, tag }) => [item.path, pathItemV2(item, tag)] as const);
  return {
    definitions: set.toJson(),
    info: { title: 'Kubernetes', version: 'unversioned' },
    paths: Object.fromEntries(paths),
    security: [{ BearerToken: [] }],
    securityDefinitions: {
      BearerToken: {
        description: 'Bearer Token authentication',
        in: 'header',
        name: 'authorization',
        type: 'apiKey',
      },
    },
    swagger: '2.0',
  };
}

function pathItemV2(item: PathItem, tag: string): JsonObject {
  const parameters: JsonObject[] = [
    ...item.pathParams.map((name) => pathParameterV2(name, item.kind)),
    ...[...item.params, 'pretty' as const].map(queryParameterV2),
  ].sort((a, b) => compare(String(a.name), String(b.name)));
  const operations = item.operations.map((op) => [op.method, operationV2(op, tag)] as const);
  return { ...Object.fromEntries(operations), parameters };
}

function pathParameterV2(name: 'namespace' | 'name', kind: string): JsonObject {
  const description =
    name === 'name' ? `name of the ${kind}` : 'object name and auth scope, such as for teams and projects';
  return { description, in: 'path', name, required: true, type: 'string', uniqueItems: true };
}

function queryParameterV2(name: QueryParam | 'pretty'): JsonObject {
  const { type, description } =
    name === 'pretty'
      ? { type: 'string', description: "If 'true', then the output is pretty printed." }
      : queryParams[name];
  return { description, in: 'query', name, type, uniqueItems: true };
}

function operationV2(op: Operation, tag: string): JsonObject {
  const responses: [string, JsonValue][] = op.responses.map(([code, description, type]) => [
    code,
    { description, schema: refTo('v2', type) },
  ]);
  responses.push(['401', { description: 'Unauthorized' }]);
  const body = op.body === undefined ? [] : [bodyParameter(op.body)];
  const consumes =
    op.body === undefined ? [] : op.body.kind === 'patch' ? [...op.body.contentTypes].sort(compare) : ['*/*'];
  return {
    ...(consumes.length > 0 ? { consumes } : {}),
    description: op.description,
    operationId: op.operationId,
    ...(body.length + op.params.length > 0
      ? { parameters: [...body, ...op.params.map(queryParameterV2)] }
      : {}),
    produces: [...op.produces],
    responses: Object.fromEntries(responses),
    schemes: ['https'],
    tags: [tag],
    'x-kubernetes-action': op.action,
    'x-kubernetes-group-version-kind': gvkJson(op.gvk),
  };
}

function bodyParameter(body: NonNullable<Operation['body']>): JsonObject {
  switch (body.kind) {
    case 'object':
      return { in: 'body', name: 'body', required: true, schema: refTo('v2', body.type) };
    case 'patch':
      return { in: 'body', name: 'body', required: true, schema: refTo('v2', patchType) };
    case 'deleteOptions':
      return { in: 'body', name: 'body', schema: refTo('v2', deleteOptionsType) };
  }
}
