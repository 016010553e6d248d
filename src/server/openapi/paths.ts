/**
 * The REST paths and operations of served resources, as kube-apiserver's installer publishes them
 * (k8s.io/apiserver pkg/endpoints/installer.go), in a dialect-neutral form that v2.ts and v3.ts render.
 */
import type { SchemaRegistry, TypeName } from '../../api/schema/index.js';
import type { GroupVersionKind, ResourceDefinition, SubresourceDefinition } from '../../api/types.js';
import {
  applyPatch,
  deleteCollectionParams,
  deleteParams,
  jsonPatch,
  listParams,
  mergePatch,
  objectMediaTypes,
  patchParams,
  statusType,
  strategicMergePatch,
  streamMediaTypes,
  watchEventType,
  writeParams,
  type QueryParam,
} from './parameters.js';
import { opaqueTypeName, type OpaqueKind } from './schemas.js';

/** x-kubernetes-action values. */
export type Action =
  'get' | 'list' | 'watch' | 'watchlist' | 'post' | 'put' | 'patch' | 'delete' | 'deletecollection';
export type Method = 'get' | 'put' | 'post' | 'delete' | 'patch';

export type RequestBody =
  | { readonly kind: 'object'; readonly type: TypeName }
  | { readonly kind: 'patch'; readonly contentTypes: readonly string[] }
  | { readonly kind: 'deleteOptions' };

export interface Operation {
  readonly method: Method;
  readonly action: Action;
  readonly operationId: string;
  readonly description: string;
  readonly gvk: GroupVersionKind;
  readonly params: readonly QueryParam[];
  readonly body?: RequestBody;
  /** Status code → the type answered. */
  readonly responses: readonly (readonly [string, string, TypeName])[];
  readonly produces: readonly string[];
}

export interface PathItem {
  readonly path: string;
  readonly pathParams: readonly ('namespace' | 'name')[];
  /** The kind the path's `name` parameter names, for its description. */
  readonly kind: string;
  /** Path-level query parameters (watch paths take the list parameters there, as upstream). */
  readonly params: readonly QueryParam[];
  readonly operations: readonly Operation[];
}

/** How a served kind is described: a registry type, or an opaque one the documents synthesise. */
export interface KindTypes {
  readonly type: TypeName;
  readonly listType: TypeName | undefined;
  /** Set when the registry has no schema for the kind. */
  readonly opaque?: OpaqueKind;
}

export function kindTypes(registry: SchemaRegistry, gvk: GroupVersionKind, withList: boolean): KindTypes {
  const known = registry.kindSchema(gvk.group, gvk.version, gvk.kind);
  if (known !== undefined) return { type: known.type, listType: withList ? known.listType : undefined };
  const listType = withList ? opaqueTypeName({ ...gvk, kind: `${gvk.kind}List` }) : undefined;
  return { type: opaqueTypeName(gvk), listType, opaque: { gvk, withList } };
}

/** `Apps`, `RbacAuthorization`, `Core`: the group as upstream spells it in operation IDs and tags. */
function groupWord(group: string): string {
  if (group === '') return 'Core';
  return group
    .replace(/\.k8s\.io$/, '')
    .split(/[.-]/)
    .map((part) => part.charAt(0).toUpperCase() + part.slice(1))
    .join('');
}

function upperFirst(word: string): string {
  return word.charAt(0).toUpperCase() + word.slice(1);
}

export function groupVersionTag(group: string, version: string): string {
  const word = groupWord(group);
  return `${word.charAt(0).toLowerCase()}${word.slice(1)}_${version}`;
}

export function groupVersionPrefix(group: string, version: string): string {
  return group === '' ? `/api/${version}` : `/apis/${group}/${version}`;
}

type PathParam = 'namespace' | 'name';

/** What the operations of one resource (or subresource) are built from. */
interface Naming {
  readonly def: ResourceDefinition;
  readonly gvk: GroupVersionKind;
  readonly types: KindTypes;
  /** `AppsV1`: group and version as operation IDs spell them. */
  readonly gv: string;
  /** `Namespaced` or empty. */
  readonly scope: string;
}

function operationId(n: Naming, verb: string, suffix = ''): string {
  return `${verb}${n.gv}${n.scope}${n.def.kind}${suffix}`;
}

function operation(
  n: Naming,
  method: Method,
  action: Action,
  id: string,
  description: string,
  responses: Operation['responses'],
  extra: Partial<Pick<Operation, 'params' | 'body' | 'produces'>> = {},
): Operation {
  return {
    method,
    action,
    operationId: id,
    description,
    gvk: n.gvk,
    params: [],
    responses,
    produces: objectMediaTypes,
    ...extra,
  };
}

function created(type: TypeName, accepted: boolean): Operation['responses'] {
  return [
    ['200', 'OK', type],
    ['201', 'Created', type],
    ...(accepted ? ([['202', 'Accepted', type]] as const) : []),
  ];
}

/** Strategic merge patch needs the kind's patch metadata; like custom resources, opaque kinds go without. */
function patchBody(types: KindTypes): RequestBody {
  const strategic = types.opaque === undefined ? [strategicMergePatch] : [];
  return { kind: 'patch', contentTypes: [applyPatch, jsonPatch, mergePatch, ...strategic] };
}

/** The operations on a collection (list, create, deletecollection) that the verbs allow. */
function collectionOperations(n: Naming): Operation[] {
  const { def, types } = n;
  const ops: Operation[] = [];
  if (def.verbs.includes('list') && types.listType !== undefined) {
    ops.push(
      operation(
        n,
        'get',
        'list',
        operationId(n, 'list'),
        `list or watch objects of kind ${def.kind}`,
        [['200', 'OK', types.listType]],
        {
          params: listParams,
          produces: streamMediaTypes,
        },
      ),
    );
  }
  if (def.verbs.includes('create')) {
    ops.push(
      operation(
        n,
        'post',
        'post',
        operationId(n, 'create'),
        `create a ${def.kind}`,
        created(types.type, true),
        {
          params: writeParams,
          body: { kind: 'object', type: types.type },
        },
      ),
    );
  }
  if (def.verbs.includes('deletecollection')) {
    const id = `delete${n.gv}Collection${n.scope}${def.kind}`;
    ops.push(
      operation(
        n,
        'delete',
        'deletecollection',
        id,
        `delete collection of ${def.kind}`,
        [['200', 'OK', statusType]],
        {
          params: deleteCollectionParams,
          body: { kind: 'deleteOptions' },
        },
      ),
    );
  }
  return ops;
}

/** The operations on one object (get, update, patch, delete) that the verbs allow. */
function itemOperations(n: Naming): Operation[] {
  const { def, types } = n;
  const ops: Operation[] = [];
  const what = `the specified ${def.kind}`;
  if (def.verbs.includes('get')) {
    ops.push(operation(n, 'get', 'get', operationId(n, 'read'), `read ${what}`, [['200', 'OK', types.type]]));
  }
  if (def.verbs.includes('update')) {
    ops.push(
      operation(n, 'put', 'put', operationId(n, 'replace'), `replace ${what}`, created(types.type, false), {
        params: writeParams,
        body: { kind: 'object', type: types.type },
      }),
    );
  }
  if (def.verbs.includes('patch')) {
    ops.push(
      operation(
        n,
        'patch',
        'patch',
        operationId(n, 'patch'),
        `partially update ${what}`,
        created(types.type, false),
        {
          params: patchParams,
          body: patchBody(types),
        },
      ),
    );
  }
  if (def.verbs.includes('delete')) {
    const responses: Operation['responses'] = [
      ['200', 'OK', statusType],
      ['202', 'Accepted', statusType],
    ];
    ops.push(
      operation(n, 'delete', 'delete', operationId(n, 'delete'), `delete ${what}`, responses, {
        params: deleteParams,
        body: { kind: 'deleteOptions' },
      }),
    );
  }
  return ops;
}

/** Every path of one served resource, with the operations its verbs allow. */
export function resourcePaths(registry: SchemaRegistry, def: ResourceDefinition): PathItem[] {
  const prefix = groupVersionPrefix(def.group, def.version);
  const gvk: GroupVersionKind = { group: def.group, version: def.version, kind: def.kind };
  const types = kindTypes(registry, gvk, def.verbs.includes('list'));
  const n: Naming = {
    def,
    gvk,
    types,
    gv: `${groupWord(def.group)}${upperFirst(def.version)}`,
    scope: def.namespaced ? 'Namespaced' : '',
  };
  const paths: PathItem[] = [];
  const add = (
    path: string,
    pathParams: readonly PathParam[],
    operations: Operation[],
    params: readonly QueryParam[] = [],
  ) => {
    if (operations.length > 0) paths.push({ path, pathParams, kind: def.kind, params, operations });
  };
  const namespaceParams: readonly PathParam[] = def.namespaced ? ['namespace'] : [];
  const collection = `${prefix}${def.namespaced ? '/namespaces/{namespace}' : ''}/${def.plural}`;
  const listable = def.verbs.includes('list') && types.listType !== undefined;
  if (listable && def.namespaced && types.listType !== undefined) {
    const id = `list${n.gv}${def.kind}ForAllNamespaces`;
    const list = operation(
      n,
      'get',
      'list',
      id,
      `list or watch objects of kind ${def.kind}`,
      [['200', 'OK', types.listType]],
      {
        produces: streamMediaTypes,
      },
    );
    add(`${prefix}/${def.plural}`, [], [list], listParams);
  }
  add(collection, namespaceParams, collectionOperations(n));
  const item = `${collection}/{name}`;
  add(item, [...namespaceParams, 'name'], itemOperations(n));
  for (const sub of def.subresources) {
    add(`${item}/${sub.name}`, [...namespaceParams, 'name'], subresourceOperations(registry, n, sub));
  }
  if (listable && def.verbs.includes('watch')) {
    const watch = (action: Action, id: string, description: string) =>
      operation(n, 'get', action, id, description, [['200', 'OK', watchEventType]], {
        produces: streamMediaTypes,
      });
    const watchCollection = collection.replace(prefix, `${prefix}/watch`);
    const ofList = `watch changes to a list of ${def.kind}`;
    if (def.namespaced) {
      add(
        `${prefix}/watch/${def.plural}`,
        [],
        [watch('watchlist', `watch${n.gv}${def.kind}ListForAllNamespaces`, ofList)],
        listParams,
      );
    }
    add(
      watchCollection,
      namespaceParams,
      [watch('watchlist', operationId(n, 'watch', 'List'), ofList)],
      listParams,
    );
    const ofObject = `watch changes to an object of kind ${def.kind}`;
    add(
      `${watchCollection}/{name}`,
      [...namespaceParams, 'name'],
      [watch('watch', operationId(n, 'watch'), ofObject)],
      listParams,
    );
  }
  return paths;
}

/** The operations of a subresource: its response kind (Scale for `scale`) is what they read and write. */
function subresourceOperations(
  registry: SchemaRegistry,
  owner: Naming,
  sub: SubresourceDefinition,
): Operation[] {
  const types = kindTypes(registry, sub.responseKind, false);
  const n: Naming = { ...owner, gvk: sub.responseKind, types };
  const suffix = upperFirst(sub.name);
  const what = `${sub.name} of the specified ${owner.def.kind}`;
  const ops: Operation[] = [];
  if (sub.verbs.includes('get')) {
    ops.push(
      operation(n, 'get', 'get', operationId(n, 'read', suffix), `read ${what}`, [['200', 'OK', types.type]]),
    );
  }
  if (sub.verbs.includes('create')) {
    ops.push(
      operation(
        n,
        'post',
        'post',
        operationId(n, 'create', suffix),
        `create ${what}`,
        created(types.type, true),
        {
          params: writeParams,
          body: { kind: 'object', type: types.type },
        },
      ),
    );
  }
  if (sub.verbs.includes('update')) {
    ops.push(
      operation(
        n,
        'put',
        'put',
        operationId(n, 'replace', suffix),
        `replace ${what}`,
        created(types.type, false),
        {
          params: writeParams,
          body: { kind: 'object', type: types.type },
        },
      ),
    );
  }
  if (sub.verbs.includes('patch')) {
    ops.push(
      operation(
        n,
        'patch',
        'patch',
        operationId(n, 'patch', suffix),
        `partially update ${what}`,
        created(types.type, false),
        {
          params: patchParams,
          body: patchBody(types),
        },
      ),
    );
  }
  return ops;
}

/** The kinds (and opaque kinds) a set of paths answers with, for the component schemas. */
export function referencedKinds(registry: SchemaRegistry, defs: readonly ResourceDefinition[]): KindTypes[] {
  const kinds: KindTypes[] = [];
  for (const def of defs) {
    kinds.push(kindTypes(registry, def, def.verbs.includes('list')));
    for (const sub of def.subresources) kinds.push(kindTypes(registry, sub.responseKind, false));
  }
  return kinds;
}
