import type { RequestContext } from '../machinery/context.js';
import { isStatusError } from '../machinery/errors.js';
import type { Logger } from '../machinery/logger.js';
import type { KubeObject } from '../machinery/object.js';
import {
  deleteCollection,
  listObjects,
  parseListQuery,
  type Registry,
  type ResourceStore,
} from '../registry/index.js';
import { runInformer } from './informer.js';
import { WorkQueue } from './work-queue.js';

/** The finalizer that keeps a namespace until its content is gone (upstream FinalizerKubernetes). */
export const namespaceFinalizer = 'kubernetes';
const remainingContentRetryMs = 1000;

/**
 * Upstream's namespace controller: when a namespace is terminating, delete everything in it, wait until
 * nothing remains, then drop the `kubernetes` finalizer and remove the namespace.
 */
export function runNamespaceController(
  registry: Registry,
  ctx: RequestContext,
  logger: Logger,
): { stop(): void } {
  const namespaces = registry.preferred('', 'namespaces');
  if (namespaces === undefined) throw new Error('namespaces are not registered');
  const contentStores = registry.resources().filter((rs) => rs.def.namespaced);
  const queue: WorkQueue = new WorkQueue(
    (name) => finalizeNamespace(namespaces, contentStores, ctx, name, queue),
    (name, error) =>
      logger.warn('namespace cleanup failed; retrying', { namespace: name, error: String(error) }),
  );
  const informer = runInformer(namespaces, ctx, logger, {
    onEvent(type, obj) {
      if (type !== 'DELETED' && obj.metadata.deletionTimestamp !== undefined)
        queue.add(obj.metadata.name ?? '');
    },
  });
  return {
    stop() {
      informer.stop();
      queue.stop();
    },
  };
}

async function finalizeNamespace(
  namespaces: ResourceStore,
  contentStores: readonly ResourceStore[],
  ctx: RequestContext,
  name: string,
  queue: WorkQueue,
): Promise<void> {
  let namespace: KubeObject;
  try {
    namespace = await namespaces.get(ctx, '', name);
  } catch (error) {
    if (isStatusError(error, 'NotFound')) return;
    throw error;
  }
  if (namespace.metadata.deletionTimestamp === undefined) return;
  const everything = parseListQuery(new URLSearchParams(), 'list');
  let remaining = 0;
  for (const rs of contentStores) {
    await deleteCollection(rs, ctx, name, everything, { dryRun: false, propagationPolicy: 'Background' });
    remaining += (await listObjects(rs, ctx, name, everything)).items.length;
  }
  if (remaining > 0) {
    queue.addAfter(name, remainingContentRetryMs);
    return;
  }
  await namespaces.guaranteedUpdate(
    ctx,
    '',
    name,
    { dryRun: false, subresource: 'finalize' },
    '',
    (current) => {
      const spec = (current.spec ?? {}) as { finalizers?: string[] };
      current.spec = { ...spec, finalizers: (spec.finalizers ?? []).filter((f) => f !== namespaceFinalizer) };
      return current;
    },
  );
}
