import type { RequestContext } from '../machinery/context.js';
import { badRequest, conflict, optimisticLockMessage, unsupportedMediaType } from '../machinery/errors.js';
import { applyJsonPatch } from '../machinery/json-patch.js';
import { applyMergePatch } from '../machinery/merge-patch.js';
import { isRecord, type KubeObject } from '../machinery/object.js';
import type { ResourceStore, WriteOptions } from './resource-store.js';

export const jsonPatchType = 'application/json-patch+json';
export const mergePatchType = 'application/merge-patch+json';
export const strategicMergePatchType = 'application/strategic-merge-patch+json';
export const applyPatchType = 'application/apply-patch+yaml';

/** Patch types served today; strategic merge and apply arrive with the schema registry (#3). */
export const supportedPatchTypes = [jsonPatchType, mergePatchType] as const;
export type PatchType = (typeof supportedPatchTypes)[number];

export function parsePatchType(contentType: string): PatchType {
  const mediaType = (contentType.split(';')[0] ?? '').trim().toLowerCase();
  const supported = supportedPatchTypes.find((t) => t === mediaType);
  if (supported === undefined) throw unsupportedMediaType(mediaType, supportedPatchTypes);
  return supported;
}

/** Applies one patch document to an object; the result must still be an object with metadata. */
export function applyPatch(patchType: PatchType, current: KubeObject, patch: unknown): KubeObject {
  const patched =
    patchType === jsonPatchType ? applyJsonPatch(current, patch) : applyMergePatch(current, patch);
  if (!isRecord(patched) || !isRecord(patched.metadata)) {
    throw badRequest('the patched object is not a valid Kubernetes object');
  }
  return patched as KubeObject;
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
): Promise<KubeObject> {
  return rs.guaranteedUpdate(ctx, namespace, name, options, '', (current) => {
    const result = applyPatch(patchType, current, patch);
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
