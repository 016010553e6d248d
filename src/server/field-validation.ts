import { schemaRegistry } from '../api/schema/index.js';
import type { GroupVersionKind, ResourceDefinition } from '../api/types.js';
import type { RequestContext } from '../machinery/context.js';
import {
  applyFieldValidation,
  dropUnknownFields,
  duplicateFields,
  fieldValidationMode,
  strictDecodingProblems,
  unknownFields,
} from '../machinery/field-validation.js';
import type { KubeObject } from '../machinery/object.js';
import { formatGo } from '../machinery/strategic-merge-patch/index.js';
import type { PatchType, ResourceStore } from '../registry/index.js';

/** The kind a request body is: the subresource's response kind (Scale…), else the resource's own. */
function bodyKind(def: ResourceDefinition, subresource: string): GroupVersionKind {
  const sub = def.subresources.find((s) => s.name === subresource);
  return sub?.responseKind ?? { group: def.group, version: def.version, kind: def.kind };
}

function schemaTypeOf(gvk: GroupVersionKind): string | undefined {
  return schemaRegistry.kindSchema(gvk.group, gvk.version, gvk.kind)?.type;
}

/**
 * fieldValidation for create and update bodies (upstream handlers/rest.go): unknown and duplicate fields fail
 * the request in Strict mode, become Warning headers in Warn mode (the default), and are never stored.
 * Kinds without a registry schema (custom resources) are validated by their structural schema instead.
 */
export function validateBodyFields(
  ctx: RequestContext,
  rs: ResourceStore,
  subresource: string,
  query: URLSearchParams,
  body: KubeObject,
  jsonText: string | undefined,
): void {
  const gvk = bodyKind(rs.def, subresource);
  const type = schemaTypeOf(gvk);
  const problems =
    type === undefined
      ? customResourceProblems(rs, subresource, body, jsonText)
      : jsonText === undefined
        ? unknownFields(type, body, schemaRegistry)
        : strictDecodingProblems(type, jsonText, schemaRegistry);
  const result = applyFieldValidation(fieldValidationMode(query.get('fieldValidation')), problems, {
    source: 'body',
    kind: gvk.kind,
    version: gvk.version,
  });
  if (result.error !== undefined) throw result.error;
  ctx.warnings.push(...result.warnings);
  // Registry kinds drop unknown fields here; custom resources are pruned by their strategy.
  if (type !== undefined) dropUnknownFields(type, body, schemaRegistry);
}

/** Duplicate fields in the text, then what the kind's own (structural) schema does not know. */
function customResourceProblems(
  rs: ResourceStore,
  subresource: string,
  body: KubeObject,
  jsonText: string | undefined,
): string[] {
  const unknown = subresource === '' ? (rs.strategy.unknownFields?.(body) ?? []) : [];
  return [
    ...(jsonText === undefined ? [] : duplicateFields(jsonText)),
    ...unknown.map((path) => `unknown field "${path}"`),
  ];
}

/**
 * fieldValidation for patches: upstream checks the patched object inside the retry loop, so this returns a
 * check to run on each attempt; warnings of the last attempt are kept (`flush`), not one set per retry.
 */
export function patchFieldValidator(
  ctx: RequestContext,
  rs: ResourceStore,
  subresource: string,
  query: URLSearchParams,
  patchType: PatchType,
  patchText: string,
  patch: unknown,
): { check(patched: KubeObject): void; flush(): void } {
  const type = schemaTypeOf(bodyKind(rs.def, subresource));
  const mode = fieldValidationMode(query.get('fieldValidation'));
  let warnings: readonly string[] = [];
  return {
    check(patched) {
      const duplicates = patchType === 'application/json-patch+json' ? [] : duplicateFields(patchText);
      const unknown =
        type === undefined
          ? customResourceProblems(rs, subresource, patched, undefined)
          : unknownFields(type, patched, schemaRegistry);
      const problems = [...duplicates, ...unknown];
      const value =
        patchType === 'application/strategic-merge-patch+json' ? formatGo(patch) : JSON.stringify(patched);
      const result = applyFieldValidation(mode, problems, { source: 'patch', value });
      if (result.error !== undefined) throw result.error;
      warnings = result.warnings;
      if (type !== undefined) dropUnknownFields(type, patched, schemaRegistry);
    },
    flush() {
      ctx.warnings.push(...warnings);
    },
  };
}
