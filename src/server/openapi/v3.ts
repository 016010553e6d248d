/**
 * OpenAPI 3.0 documents per group version, as kube-apiserver serves them at `/openapi/v3/api/v1` and
 * `/openapi/v3/apis/<group>/<version>` (k8s.io/kube-openapi pkg/handler3, pkg/builder3). kubectl reads them
 * to detect server-side field validation (a PATCH operation tagged with the kind's
 * `x-kubernetes-group-version-kind` that lists a `fieldValidation` query parameter), to compute strategic
 * merge patches (`x-kubernetes-patch-*` in `components.schemas`) and for `kubectl explain`.
 */
import { schemaRegistry, type SchemaRegistry } from '../../api/schema/index.js';
import type { ResourceDefinition } from '../../api/types.js';
import type { ClusterScope } from '../../machinery/context.js';
import type { Registry } from '../../registry/index.js';
import { DocumentCache, documentOf, fingerprint, type OpenApiDocument } from './cache.js';
import { customResourceSchemaOf } from './custom-resource-schema.js';
import { deleteOptionsType, queryParams, statusType, watchEventType, type QueryParam } from './parameters.js';
import { groupVersionTag, referencedKinds, resourcePaths, type Operation, type PathItem } from './paths.js';
import { compare, gvkJson, patchType, refTo, SchemaSet, type JsonObject, type JsonValue } from './schemas.js';

export type { OpenApiDocument } from './cache.js';

/** A served group version and the `/openapi/v3/<path>` it is published under (`api/v1`, `apis/apps/v1`). */
export interface GroupVersionDefs {
  readonly path: string;
  readonly group: string;
  readonly version: string;
  readonly defs: readonly ResourceDefinition[];
  /** The openAPIV3Schema of each custom resource kind served here, by kind. */
  readonly customSchemas: ReadonlyMap<string, Readonly<Record<string, unknown>>>;
}

/** The group versions a cluster serves, in discovery order. */
export function servedGroupVersions(registry: Registry, cluster: ClusterScope): GroupVersionDefs[] {
  type Entry = GroupVersionDefs & {
    defs: ResourceDefinition[];
    customSchemas: Map<string, Readonly<Record<string, unknown>>>;
  };
  const byPath = new Map<string, Entry>();
  for (const { def, strategy } of registry.servedIn(cluster)) {
    const path = def.group === '' ? `api/${def.version}` : `apis/${def.group}/${def.version}`;
    let entry = byPath.get(path);
    if (entry === undefined) {
      entry = { path, group: def.group, version: def.version, defs: [], customSchemas: new Map() };
      byPath.set(path, entry);
    }
    entry.defs.push(def);
    const schema = def.custom === true ? customResourceSchemaOf(strategy) : undefined;
    if (schema !== undefined) entry.customSchemas.set(def.kind, schema);
  }
  return [...byPath.values()];
}

const cache = new DocumentCache<OpenApiDocument>(64);

/** The cached document of one group version (built on first use for its set of served definitions). */
export function groupVersionDocument(gv: GroupVersionDefs): OpenApiDocument {
  const key = `${gv.path} ${fingerprint(gv.defs, gv.customSchemas)}`;
  return cache.get(key, () => documentOf(JSON.stringify(buildV3Document(schemaRegistry, gv))));
}

/**
 * The document served at `/openapi/v3/<path>` (`path` without a leading slash, e.g. `apis/apps/v1`) in
 * `cluster`, or undefined when the cluster serves no such group version (404). Pure apart from its cache.
 */
export function openApiV3(
  registry: Registry,
  cluster: ClusterScope,
  path: string,
): OpenApiDocument | undefined {
  const gv = servedGroupVersions(registry, cluster).find((g) => g.path === path);
  return gv === undefined ? undefined : groupVersionDocument(gv);
}

/** The whole OpenAPI 3.0 document of one group version, as JSON data. */
export function buildV3Document(schemas: SchemaRegistry, gv: GroupVersionDefs): JsonObject {
  const items = gv.defs.flatMap((def) => resourcePaths(schemas, def));
  const set = new SchemaSet(schemas, 'v3', [
    [deleteOptionsType, { group: gv.group, version: gv.version, kind: 'DeleteOptions' }],
    [watchEventType, { group: gv.group, version: gv.version, kind: 'WatchEvent' }],
  ]);
  for (const kind of referencedKinds(schemas, gv.defs)) {
    if (kind.opaque !== undefined) set.addOpaque(kind.opaque, gv.customSchemas.get(kind.opaque.gvk.kind));
    else {
      set.add(kind.type);
      if (kind.listType !== undefined) set.add(kind.listType);
    }
  }
  for (const type of [statusType, deleteOptionsType, watchEventType, patchType]) set.add(type);
  const tag = groupVersionTag(gv.group, gv.version);
  const paths = [...items]
    .sort((a, b) => compare(a.path, b.path))
    .map((item) => [item.path, pathItemV3(item, tag)] as const);
  return {
    components: {
      schemas: set.toJson(),
      securitySchemes: {
        BearerToken: {
          description: 'Bearer Token authentication',
          in: 'header',
          name: 'authorization',
          type: 'apiKey',
        },
      },
    },
    info: { title: 'Kubernetes', version: 'unversioned' },
    openapi: '3.0.0',
    paths: Object.fromEntries(paths),
  };
}

function pathItemV3(item: PathItem, tag: string): JsonObject {
  const parameters: JsonObject[] = [
    ...item.pathParams.map((name) => pathParameter(name, item.kind)),
    ...[...item.params, 'pretty' as const].map(queryParameter),
  ].sort((a, b) => compare(String(a.name), String(b.name)));
  const operations = item.operations.map((op) => [op.method, operationV3(op, tag)] as const);
  return { ...Object.fromEntries(operations), parameters };
}

export function pathParameter(name: 'namespace' | 'name', kind: string): JsonObject {
  const description =
    name === 'name' ? `name of the ${kind}` : 'object name and auth scope, such as for teams and projects';
  return { description, in: 'path', name, required: true, schema: { type: 'string', uniqueItems: true } };
}

function queryParameter(name: QueryParam | 'pretty'): JsonObject {
  const { type, description } =
    name === 'pretty'
      ? { type: 'string', description: "If 'true', then the output is pretty printed." }
      : queryParams[name];
  return { description, in: 'query', name, schema: { type, uniqueItems: true } };
}

function operationV3(op: Operation, tag: string): JsonObject {
  const responses: [string, JsonValue][] = op.responses.map(([code, description, type]) => [
    code,
    {
      content: Object.fromEntries(op.produces.map((mt) => [mt, { schema: refTo('v3', type) }])),
      description,
    },
  ]);
  responses.push(['401', { description: 'Unauthorized' }]);
  return {
    description: op.description,
    operationId: op.operationId,
    ...(op.params.length > 0 ? { parameters: op.params.map(queryParameter) } : {}),
    ...(op.body === undefined ? {} : { requestBody: requestBodyV3(op.body) }),
    responses: Object.fromEntries(responses),
    tags: [tag],
    'x-kubernetes-action': op.action,
    'x-kubernetes-group-version-kind': gvkJson(op.gvk),
  };
}

function requestBodyV3(body: NonNullable<Operation['body']>): JsonObject {
  switch (body.kind) {
    case 'object':
      return { content: { '*/*': { schema: refTo('v3', body.type) } }, required: true };
    case 'patch':
      return {
        content: Object.fromEntries(
          [...body.contentTypes].sort(compare).map((ct) => [ct, { schema: refTo('v3', patchType) }]),
        ),
        required: true,
      };
    case 'deleteOptions':
      return { content: { '*/*': { schema: refTo('v3', deleteOptionsType) } } };
  }
}
