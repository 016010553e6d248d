import type { RequestContext } from '../machinery/context.js';
import { isStatusError } from '../machinery/errors.js';
import { applyPatch } from '../machinery/managed-fields/index.js';
import type { KubeObject } from '../machinery/object.js';
import type { ResourceStore, WriteOptions } from './resource-store.js';

/** Server-side apply: merges `applied` into the live object, creating it when missing. */
export async function applyObject(
  rs: ResourceStore,
  ctx: RequestContext,
  namespace: string,
  name: string,
  applied: KubeObject,
  manager: string,
  force: boolean,
  options: WriteOptions,
): Promise<{ object: KubeObject; created: boolean }> {
  const subresource = options.subresource ?? '';
  const { fieldManager: _untracked, ...write } = options;
  const applyOptions = {
    ...rs.managedFieldsOptions(subresource),
    force,
    target: { ...rs.gr, namespace: rs.def.namespaced ? namespace : '', name },
  };
  try {
    const object = await rs.guaranteedUpdate(
      ctx,
      namespace,
      name,
      write,
      '',
      (current) => applyPatch(current, applied, manager, { ...applyOptions, now: rs.now() }).object,
    );
    return { object, created: false };
  } catch (error) {
    if (!isStatusError(error, 'NotFound') || subresource !== '') throw error;
  }
  const result = applyPatch(undefined, applied, manager, applyOptions);
  return { object: await rs.create(ctx, namespace, result.object, write), created: true };
}
