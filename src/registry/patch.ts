import type { RequestContext } from '../machinery/context.js';
import { schemaRegistry } from '../api/schema/index.js';
import type { ResourceDefinition } from '../api/types.js';
import {
  badRequest,
  conflict,
  optimisticLockMessage,
  StatusError,
  unsupportedMediaType,
} from '../machinery/errors.js';
import {
  applyStrategicMergePatch,
  StrategicMergePatchError,
} from '../machinery/strategic-merge-patch/index.js';
import { applyJsonPatch } from '../machinery/json-patch.js';
import { applyMergePatch } from '../machinery/merge-patch.js';
import { isRecord, type KubeObject } from '../machinery/object.js';
import type { ResourceStore, WriteOptions } from './resource-store.js';

export const jsonPatchType = 'application/json-patch+json';
export const mergePatchType = 'application/merge-patch+json';
export const strategicMergePatchType = 'application/strategic-merge-patch+json';

export const applyPatchType = 'application/apply-patch+yaml';
const allPatchTypes = [jsonPatchType, mergePatchType, strategicMergePatchType, applyPatchType] as const;
export type PatchType = (typeof allPatchTypes)[number];

/** Custom resources take JSON and merge patches only: strategic merge needs Go struct metadata (upstream). */
function patchTypesFor(def: ResourceDefinition): readonly PatchType[] {
  return def.custom === true ? [jsonPatchType, mergePatchType, applyPatchType] : allPatchTypes;
}

export function parsePatchType(contentType: string, def: ResourceDefinition): PatchType {
  const mediaType = (contentType.split(';')[0] ?? '').trim().toLowerCase();
  const accepted = patchTypesFor(def);
  const supported = accepted.find((t) => t === mediaType);
  if (supported === undefined) throw unsupportedMediaType(mediaType, accepted);
  return supported;
}

/** The schema type a patch on `def` (or its subresource) is applied to: Scale for /scale. */
export function patchedTypeName(def: ResourceDefinition, subresource: string): string | undefined {
  if (subresource === 'scale') return schemaRegistry.kindSchema('autoscaling', 'v1', 'Scale')?.type;
  return schemaRegistry.kindSchema(def.group, def.version, def.kind)?.type;
}

/** Applies one patch document to an object; the result must still be an object with metadata. */
export function applyPatch(
  patchType: PatchType,
  current: KubeObject,
  patch: unknown,
  typeName: string | undefined,
): KubeObject {
  const patched = patchWith(patchType, current, patch, typeName);
  if (!isRecord(patched) || !isRecord(patched.metadata)) {
    throw badRequest('the patched object is not a valid Kubernetes object');
  }
  return patched as KubeObject;
}

function patchWith(
  patchType: PatchType,
  current: KubeObject,
  patch: unknown,
  typeName: string | undefined,
): unknown {
  switch (patchType) {
    case jsonPatchType:
      return applyJsonPatch(current, patch);
    case mergePatchType:
      return applyMergePatch(current, patch);
    case applyPatchType:
      throw badRequest('apply patches are served by applyObject');
    case strategicMergePatchType:
      if (typeName === undefined) throw unsupportedMediaType(patchType, [jsonPatchType, mergePatchType]);
      try {
        return applyStrategicMergePatch(current, patch, typeName);
      } catch (error) {
        // Upstream answers these as a bare 500 with the library's message.
        if (error instanceof StrategicMergePatchError) throw new StatusError('InternalError', error.message);
        throw error;
      }
  }
}

/**
 * PATCH: applies the patch to the live object inside the read-modify-write loop; a resourceVersion the
 * patch sets becomes a precondition (upstream patcher), otherwise a lost race is retried on fresh state.
 */
export async function patchObject(
  rs: ResourceStore,
  ctx: RequestContext,
  namespace: string,
  name: string,
  patchType: PatchType,
  patch: unknown,
  options: WriteOptions,
  checkPatched: (patched: KubeObject) => void = () => undefined,
): Promise<KubeObject> {
  return rs.guaranteedUpdate(ctx, namespace, name, options, '', (current) => {
    const result = applyPatch(patchType, current, patch, patchedTypeName(rs.def, options.subresource ?? ''));
    checkPatched(result);
    const pinnedVersion = result.metadata.resourceVersion;
    if (pinnedVersion !== undefined && pinnedVersion !== current.metadata.resourceVersion) {
      throw conflict(rs.gr, name, optimisticLockMessage);
    }
    if ((result.metadata.name ?? name) !== name) {
      throw badRequest(
        `the name of the object (${String(result.metadata.name)}) does not match the name on the URL (${name})`,
      );
    }
    return result;
  });
}
