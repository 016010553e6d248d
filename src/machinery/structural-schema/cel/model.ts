/**
 * Everything CEL needs about one CRD schema, built once and cached by schema object: the CEL type of
 * every node, the cel-js environment with those types, and each node's compiled rules (compiled on
 * first use). Callers that keep the schema object between requests reuse all of it.
 */
import type { JSONSchemaProps } from '../types.js';
import { additionalPropertiesSchema, isEmbeddedResource, itemsSchema } from '../types.js';
import type { CompiledRule } from './compile.js';
import { compileRules } from './compile.js';
import type { Decl } from './decl.js';
import { schemaDecl } from './decl.js';
import type { SchemaEnvironment } from './environment.js';
import { buildEnvironment } from './environment.js';

export interface CelModel {
  readonly env: SchemaEnvironment;
  /** The CEL type of a schema node, or undefined when CEL cannot see it. */
  declOf(node: JSONSchemaProps): Decl | undefined;
  /** The node's compiled rules (empty when it has none). */
  rulesOf(node: JSONSchemaProps): readonly CompiledRule[];
}

const resourceModels = new WeakMap<JSONSchemaProps, CelModel>();
const valueModels = new WeakMap<JSONSchemaProps, CelModel>();

/**
 * The model of a schema. For a resource root (the default) `self` at the root also has apiVersion,
 * kind and metadata.name/generateName, as upstream's WithTypeAndObjectMeta adds them.
 */
export function celModel(root: JSONSchemaProps, isResourceRoot = true): CelModel {
  const cache = isResourceRoot ? resourceModels : valueModels;
  let model = cache.get(root);
  if (model === undefined) {
    model = buildModel(root, isResourceRoot);
    cache.set(root, model);
  }
  return model;
}

/** Whether any node of the schema carries x-kubernetes-validations (upstream hasXValidations). */
export function hasValidations(schema: JSONSchemaProps | undefined): boolean {
  if (schema === undefined) return false;
  if ((schema['x-kubernetes-validations'] ?? []).length > 0) return true;
  return structuralChildren(schema).some(hasValidations);
}

/** The nodes below `schema` that describe values: items, properties, additionalProperties. */
export function structuralChildren(schema: JSONSchemaProps): JSONSchemaProps[] {
  const items = itemsSchema(schema);
  const additional = additionalPropertiesSchema(schema);
  return [
    ...(items === undefined ? [] : [items]),
    ...Object.values(schema.properties ?? {}),
    ...(additional === undefined ? [] : [additional]),
  ];
}

function buildModel(root: JSONSchemaProps, isResourceRoot: boolean): CelModel {
  const decls = new Map<JSONSchemaProps, Decl>();
  const roots: Decl[] = [];
  const record = (node: JSONSchemaProps, decl: Decl): void => {
    if (!decls.has(node)) decls.set(node, decl);
  };
  const rootDecl = schemaDecl(root, isResourceRoot, 'Object', record);
  if (rootDecl !== undefined) roots.push(rootDecl);
  // Nodes with rules that the root's type does not reach (unescapable names, untyped parents) get
  // their own type, as upstream computes SchemaDeclType for them directly.
  let fallback = 0;
  const visit = (node: JSONSchemaProps): void => {
    if ((node['x-kubernetes-validations'] ?? []).length > 0 && !decls.has(node)) {
      const decl = schemaDecl(node, isEmbeddedResource(node), `Object.__${fallback++}__`, record);
      if (decl !== undefined) roots.push(decl);
    }
    structuralChildren(node).forEach(visit);
  };
  visit(root);
  const env = buildEnvironment(roots);
  const compiled = new Map<JSONSchemaProps, readonly CompiledRule[]>();
  return {
    env,
    declOf: (node) => decls.get(node),
    rulesOf(node) {
      const rules = node['x-kubernetes-validations'] ?? [];
      const self = decls.get(node);
      if (rules.length === 0 || self === undefined) return [];
      let result = compiled.get(node);
      if (result === undefined) {
        result = compileRules(env, node, self, rules);
        compiled.set(node, result);
      }
      return result;
    },
  };
}
